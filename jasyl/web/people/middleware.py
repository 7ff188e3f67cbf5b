"""The accounts' middleware (docs/security.md), in this order after authentication:

- `SessionLimitsMiddleware` signs a session out after `JASYL_SESSION_IDLE_MINUTES` without a
  request or `JASYL_SESSION_MAX_HOURS` after signing in;
- `SecondFactorMiddleware` sends a person who must give a code (`people.mfa`) to the code page,
  or to set up an app, before any other page;
- `PermissionDeniedLogMiddleware` writes every 403 the site answers, API included, to the
  security event log.

None of them reads the database on an ordinary request of a verified session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.domain.people import mfa, sessions
from jasyl.domain.people.clients import client_ip
from jasyl.domain.people.services import Kind, record_security_event

Handler = Callable[[HttpRequest], HttpResponse]
# Pages a person who still owes the second factor may open.
OPEN_BEFORE_SECOND_FACTOR = {"people:mfa", "people:mfa_enrol", "people:logout"}


class SessionLimitsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            reason = sessions.ended(request.session, now)
            if reason:
                request.jasyl_session_ended = reason  # type: ignore[attr-defined]
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            else:
                sessions.touch(request.session, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or sessions.is_verified(request.session):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not mfa.needs_second_factor(user):
            return None
        page = "people:mfa" if mfa.confirmed_device(user) is not None else "people:mfa_enrol"
        return redirect_to_login(request.get_full_path(), reverse(page))


class PermissionDeniedLogMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "jasyl_denial_logged", False):
            user = getattr(request, "user", None)
            record_security_event(
                kind=Kind.PERMISSION_DENIED,
                user=user if user is not None and user.is_authenticated else None,
                ip=client_ip(request),
                detail={"method": request.method, "path": request.path[:500]},
            )
        return response
