"""Refuse an oversized request body before anything reads it.

Django reads a body only when a view or a middleware asks for `request.POST` or `request.FILES`
(the CSRF check does, before the view), and then streams a large upload to a temporary file: a
50 MB body is written to disk before the view can refuse it. This middleware answers
413 Content Too Large from the `Content-Length` header alone. Its limits are
`JASYL_MAX_REQUEST_BYTES`, and `JASYL_ANONYMOUS_MAX_REQUEST_BYTES` for a visitor who is not
signed in (no public page takes a file). Paths under `/api/` are left to the API, which answers
in its own JSON shape. The WSGI server's limits on the request line and headers are in the
deployment files (docs/deployment.md, "Input limits").
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.core.uploads import megabytes

API_PREFIX = "/api/"


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client declares it; 0 when absent or not a number (Django
    then reads no body at all)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class BodyLimitMiddleware:
    """413 for a page request whose body is larger than its limit, before it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            length = declared_length(request)
            limit = settings.JASYL_MAX_REQUEST_BYTES
            if length > settings.JASYL_ANONYMOUS_MAX_REQUEST_BYTES and not (
                request.user.is_authenticated
            ):
                limit = settings.JASYL_ANONYMOUS_MAX_REQUEST_BYTES
            if length > limit:
                return too_large(request, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    return render(request, "413.html", {"limit_mb": megabytes(limit)}, status=413)
