"""Fetch pages in-process with Django's test client and print what they cost, as JSON.

Run by `portal.py` in the benchmark's environment (DJANGO_SETTINGS_MODULE and the JASYL_*
variables set) before the server starts:

    python benchmarks/probe.py /kk/ /kk/programmes/green-almaty/activities/2.2/

For each path it prints the status, the body (base64, so the caller can serve a static copy of
exactly the same bytes), the number of SQL queries of one request and the median in-process time
of a few requests. These are context for the benchmark's table, not part of its ratio.
"""

from __future__ import annotations

import base64
import json
import statistics
import sys
import time

import django

REPEATS = 5


def probe(paths: list[str]) -> dict[str, dict[str, object]]:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    result: dict[str, dict[str, object]] = {}
    for path in paths:
        client.get(path)  # warm: templates, translations, the database connection
        timings = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - start)
        result[path] = {
            "status": response.status_code,
            "body": base64.b64encode(response.content).decode("ascii"),
            "queries": len(queries.captured_queries),
            "ms": statistics.median(timings) * 1000,
        }
    return result


if __name__ == "__main__":
    json.dump(probe(sys.argv[1:]), sys.stdout)
