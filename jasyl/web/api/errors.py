"""Every error of the API as one JSON shape: `{"detail": "...", "errors": [{"field", "message"}]}`.

The services' own refusals map to HTTP statuses here, so views only call the services:
`WorkflowError`, `IndicatorError` and the registries' `RegistryError` are 400, `StaleEdit` 409,
`PermissionDenied` 403. Django's
`RequestDataTooBig` (a body past `DATA_UPLOAD_MAX_MEMORY_SIZE`, met when DRF reads the body) is
413 Content Too Large (RFC 9110, section 15.5.14) in this shape, not Django's HTML 400.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jasyl.domain.indicators.services import IndicatorError
from jasyl.domain.registries.citations import CitationError
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.reporting.workflow import StaleEdit, WorkflowError


def body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested validation errors as a flat list naming each field by its path."""
    if isinstance(detail, dict):
        found: list[dict[str, Any]] = []
        for key, value in detail.items():
            if key == "non_field_errors":
                name = prefix
            elif isinstance(key, int) or str(key).isdigit():
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            found += _flatten(value, name)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": prefix or None, "message": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += _flatten(item, f"{prefix}[{index}]")
        return found
    return [{"field": prefix or None, "message": str(detail)}]


def stale_message(error: StaleEdit, based_on: int | None) -> str:
    author = error.report.updated_by
    who = (author.get_full_name() or author.username) if author else "?"
    return _(
        "The report was saved by %(who)s as revision %(revision)s after the revision you sent "
        "(%(based_on)s). Nothing was saved: read the report again and send its current revision."
    ) % {"who": who, "revision": error.report.revision, "based_on": based_on}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEdit):
        based_on = getattr(context.get("view"), "based_on", None)
        return Response(
            body(
                stale_message(exc, based_on),
                [
                    {
                        "field": "revision",
                        "message": _("The current revision is %(revision)s.")
                        % {"revision": exc.report.revision},
                    }
                ],
            ),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, WorkflowError):
        message = str(exc.message)
        return Response(
            body(message, [{"field": exc.field, "message": message}]),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, CitationError):
        return Response(
            body(
                exc.problems[0]
                if len(exc.problems) == 1
                else _("The codes were refused; nothing was saved."),
                [{"field": "codes", "message": problem} for problem in exc.problems],
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RegistryError):
        return Response(
            body(exc.message, [{"field": exc.field, "message": exc.message}]),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IndicatorError):
        lines = str(exc).splitlines()
        return Response(
            body(
                lines[0] if len(lines) == 1 else _("The values were refused; nothing was saved."),
                [{"field": None, "message": line} for line in lines],
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, PermissionDenied) and exc.args:
        # The service's own sentence says why.
        message = str(exc.args[0])
        return Response(body(message, [{"field": None, "message": message}]), status=403)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        message = _("The request body is larger than %(limit)s bytes; nothing was saved.") % {
            "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        }
        return Response(body(message), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = body(_("The request is not valid."), _flatten(exc.detail))
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = body(str(detail))
    return response
