"""Response headers that keep private pages out of caches and switch off browser features.

A page for a signed-in person shows unpublished work (draft reports, the review queue, evidence
files, the audit trail), and so does the API answering a token or a session. A shared cache (a
proxy, a CDN) must not keep such a response and a browser must not store it on disk, where the
next person at the same computer could read it: `Cache-Control: no-store, private` and
`Vary: Cookie` (OWASP Session Management Cheat Sheet, "Web Content Caching"; RFC 9111,
sections 5.2.2.5 and 5.2.2.7). Public pages, the same for everyone, keep their caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponseBase]


def is_private(request: HttpRequest) -> bool:
    """Whether the answer was made for someone: a signed-in person (the API's token
    authentication sets `request.user` too) or a request that sends credentials."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class PrivateResponsesMiddleware:
    """`Cache-Control: no-store, private` and `Vary: Cookie` on every answer made for someone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_private(request):
            patch_cache_control(response, no_store=True, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` switching off the browser features in `JASYL_PERMISSIONS_POLICY_OFF`
    (camera, microphone, geolocation, payment ...) for the site and anything it embeds."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=()" for feature in settings.JASYL_PERMISSIONS_POLICY_OFF
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class MethodNotAllowedPageMiddleware:
    """A page in the site's layout and the visitor's language for a 405 that Django answers with
    an empty body (a link or a reload of an address that only takes a form); the `Allow` header
    stays. The API answers its own JSON errors and is left alone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content  # type: ignore[attr-defined]
            or request.path.startswith("/api/")
        ):
            return response
        page = render(request, "405.html", status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
