"""Prometheus metrics: requests counted and timed by view and status (`MetricsMiddleware`),
exposed at /metrics with whatever gauges the caller adds, to a bearer of `JASYL_METRICS_TOKEN`
or a client within `JASYL_METRICS_ALLOW` (docs/deployment.md, "Checks to run").

Under gunicorn each worker is a process: with `PROMETHEUS_MULTIPROC_DIR` set (a fresh, empty
folder at each start) the workers write their counts there and /metrics sums them, as
prometheus-client documents: <https://prometheus.github.io/client_python/multiprocess/>.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from jasyl.core.proxies import client_address, within

# Methods outside this set are counted as "other": a client chooses the method, and each label
# value is a series Prometheus keeps.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "jasyl_http_requests",
    "Requests answered, by view, method and status.",
    ["view", "method", "status"],
)
DURATION = Histogram(
    "jasyl_http_request_duration_seconds",
    "Time to answer a request, by view and status.",
    ["view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def view_name(request: HttpRequest) -> str:
    """The URL pattern's name (never the path, which the client chooses)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return str(match.view_name or match._func_path)
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unresolved"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_name(request)
        status = str(response.status_code)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, status).inc()
        DURATION.labels(view, status).observe(time.perf_counter() - started)
        return response


def may_read(request: HttpRequest) -> bool:
    """A bearer of the metrics token, or a client at an allowed address."""
    token = settings.JASYL_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return within(client_address(request), settings.JASYL_METRICS_ALLOW)


class _Together:
    def __init__(self, collectors: Iterable[Collector]) -> None:
        self.collectors = list(collectors)

    def collect(self) -> Iterable[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def exposition(*extra: Collector) -> tuple[bytes, str]:
    """The metrics in Prometheus's text format 0.0.4, which every Prometheus reads (as
    prometheus-client's own handlers answer a scraper that does not ask for a later one)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        base: Collector = registry
    else:
        base = REGISTRY
    return generate_latest(_Together([base, *extra])), CONTENT_TYPE_PLAIN_0_0_4
