"""/healthz, /readyz and /metrics: small answers for probes and Prometheus, outside the
language prefixes and never cached (docs/deployment.md, "Checks to run")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from jasyl.core.health import OK, readiness
from jasyl.core.metrics import exposition, may_read
from jasyl.web.ops.gauges import DomainGauges


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is asked (a restart would not help anything else)."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers with every migration applied, the cache answers, the task queue's
    table exists: 200, else 503 naming what fails."""
    checks = readiness()
    failing = sorted(name for name, answer in checks.items() if answer != OK)
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_read(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    body, content_type = exposition(DomainGauges())
    return HttpResponse(body, content_type=content_type)
