"""Costly requests limited per client: at most `JASYL_COSTLY_REQUESTS` in each window of
`JASYL_COSTLY_WINDOW_SECONDS`, then 429 with `Retry-After` and a translated page.

Costly: a GET whose path matches `JASYL_COSTLY_PATHS` (the PDFs, the portal's CSV tables, the
open data package's ZIP, the workbooks) and every upload (a multipart POST). The client is the
connection's address as `core.proxies.client_address` reads it (behind a proxy listed in
`JASYL_TRUSTED_PROXIES`, from `X-Forwarded-For`). An IPv6 client counts by its /64 network,
which one subscriber usually holds whole.

The counts live in the default cache (a window per client, opened by its first costly request):
with the per-process default each server process counts apart, so a shared cache (Redis) makes
the limit exact.
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from collections.abc import Callable
from functools import cache as memoized

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.core.proxies import client_address


@memoized
def _patterns(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


def client_key(request: HttpRequest) -> str:
    """Whom a costly request is counted against."""
    ip = client_address(request)
    if ip is None:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def is_costly(request: HttpRequest) -> bool:
    if request.method == "POST":
        return request.content_type == "multipart/form-data"
    if request.method not in ("GET", "HEAD"):
        return False
    patterns = _patterns(tuple(settings.JASYL_COSTLY_PATHS))
    return any(p.search(request.path_info) for p in patterns)


def spend(client: str) -> int:
    """Count one costly request of this client; 0 when it is allowed, else the seconds until
    its window ends. A window opens with the client's first costly request."""
    window = settings.JASYL_COSTLY_WINDOW_SECONDS
    now = time.time()
    key = f"jasyl:costly:{client}"
    count = 1
    if cache.add(key, 1, timeout=window):
        cache.set(f"{key}:since", now, timeout=window)
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            # The window closed between the two calls: this request opens the next one.
            cache.set(key, 1, timeout=window)
            cache.set(f"{key}:since", now, timeout=window)
    if count <= settings.JASYL_COSTLY_REQUESTS:
        return 0
    since = float(cache.get(f"{key}:since", now))
    return max(1, math.ceil(since + window - now))


class CostlyRequestsMiddleware:
    """Answer 429 to a client past its share of costly requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_costly(request):
            wait = spend(client_key(request))
            if wait:
                response = render(
                    request, "common/too_many_requests.html", {"seconds": wait}, status=429
                )
                response["Retry-After"] = str(wait)
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)
