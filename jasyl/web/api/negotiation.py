"""The API answers JSON whatever the client asks for.

The API has no HTML rendering of its own (the Swagger UI at /api/v1/docs/ is the human
interface), so a request that accepts only `text/html` gets the JSON instead of 406: RFC 9110,
section 12.5.1, lets a server disregard an `Accept` it cannot satisfy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class JSONWhateverAccepted(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> Any:
        offered = list(renderers)
        try:
            return super().select_renderer(request, offered, format_suffix)
        except exceptions.NotAcceptable:
            return offered[0], offered[0].media_type
