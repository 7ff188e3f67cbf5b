"""Structured logs: a request id on every answer and every log line, and one JSON object per
line when `JASYL_LOG_FORMAT=json` (docs/deployment.md, "Checks to run").

`RequestLogMiddleware` gives each request an id (a trusted proxy's `X-Request-ID` when it is
sane, else a new one), answers it in `X-Request-ID`, and logs one line per request on the
`jasyl.requests` logger; `JsonFormatter` writes any record with the id of the request being
served. A record holds no query string, cookie or header: they may carry secrets (OWASP,
"Logging Cheat Sheet", data to exclude:
<https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude>).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from jasyl.core.proxies import from_trusted_proxy

HEADER = "X-Request-ID"
# A proxy's id is kept when it is short and plain (nginx's $request_id is 32 hex digits, a UUID
# has hyphens); anything else could forge or break log lines, and gets a new id.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")

logger = logging.getLogger("jasyl.requests")


@dataclass(frozen=True)
class Served:
    request_id: str
    method: str
    path: str


_serving: ContextVar[Served | None] = ContextVar("jasyl_serving", default=None)


def current_request_id() -> str | None:
    served = _serving.get()
    return served.request_id if served else None


def _served_by(request: object) -> Served | None:
    """What Django logs about a request once the middleware is done with it (the "Not Found"
    warning) carries the request itself."""
    if not isinstance(request, HttpRequest) or "JASYL_REQUEST_ID" not in request.META:
        return None
    return Served(
        request_id=request.META["JASYL_REQUEST_ID"],
        method=request.method or "",
        path=request.path,
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and what is known of the request."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        served = _serving.get() or _served_by(getattr(record, "request", None))
        if served is not None:
            entry.update(request_id=served.request_id, method=served.method, path=served.path)
        # Django's own records (django.request, django.server) name the status `status_code`.
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id_for(request: HttpRequest) -> str:
    incoming = str(request.META.get("HTTP_X_REQUEST_ID", ""))
    if incoming and SANE_ID.fullmatch(incoming) and from_trusted_proxy(request):
        return incoming
    return uuid.uuid4().hex


def user_id(request: HttpRequest) -> int | str | None:
    """The signed-in person's id, if the request already looked them up (no extra query)."""
    user = getattr(request, "user", None)
    # Django's lazy user, not looked up yet: this request did not need to know who it was.
    if user is None or (type(user) is SimpleLazyObject and user.__dict__["_wrapped"] is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Sets the request id, answers it in `X-Request-ID`, and logs the request when answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        served = Served(
            request_id=request_id_for(request), method=request.method or "", path=request.path
        )
        request.META["JASYL_REQUEST_ID"] = served.request_id
        token = _serving.set(served)
        try:
            started = time.perf_counter()
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[HEADER] = served.request_id
            logger.info(
                "%s %s %s",
                served.method,
                served.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user_id(request),
                },
            )
            return response
        finally:
            _serving.reset(token)
