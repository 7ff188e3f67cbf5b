"""How many requests the API answers per client: `JASYL_API_ANON_RATE` for anonymous clients (by
address) and `JASYL_API_USER_RATE` for each signed-in person or token's owner; the next is
answered 429 Too Many Requests with `Retry-After` (RFC 6585, section 4; the OWASP REST
Security Cheat Sheet asks an API to limit rates and answer 429).

The rates are read on each request, so a test can change them; the counts live in the default
cache, so a cache shared by the server processes (Redis) makes them exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, UserRateThrottle

from jasyl.core.proxies import client_address
from jasyl.core.ratelimit import client_key, spend

if TYPE_CHECKING:  # DRF's views import the throttles named in the settings
    from rest_framework.views import APIView


class AnonymousRate(AnonRateThrottle):
    """Anonymous requests per client address, as `core.proxies` reads it: X-Forwarded-For only
    as far as `JASYL_TRUSTED_PROXIES` wrote it (DRF's own reading believes any client's)."""

    def get_rate(self) -> str | None:
        return settings.JASYL_API_ANON_RATE or None

    def get_ident(self, request: Request) -> str:
        return str(client_address(request._request))


class PersonRate(UserRateThrottle):
    """Requests per signed-in person or token; anonymous requests count under `AnonymousRate`."""

    def get_rate(self) -> str | None:
        return settings.JASYL_API_USER_RATE or None

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class CostlyRequests(BaseThrottle):
    """A request its view calls costly (`view.costly(request)`: a year of air-quality indices
    computed, a CSV built) counts against the client's share of costly requests, with the
    site's downloads and uploads (`core.ratelimit`: `JASYL_COSTLY_REQUESTS` per
    `JASYL_COSTLY_WINDOW_SECONDS`); past it the answer is 429 with `Retry-After`."""

    seconds = 0

    def allow_request(self, request: Request, view: APIView) -> bool:
        costly = getattr(view, "costly", None)
        if costly is None or not costly(request):
            return True
        self.seconds = spend(client_key(request._request))
        return self.seconds == 0

    def wait(self) -> float | None:
        return self.seconds or None
