"""Sign-ins, their failures, lockouts and sign-outs into the security event log.

Django's authentication signals and django-axes' `user_locked_out` carry the request; these
receivers are connected in `PeopleConfig.ready`. They also start the session's clocks
(`sessions.start`), so every sign-in, whatever the page, begins without a second factor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from jasyl.domain.people import sessions
from jasyl.domain.people.clients import client_ip
from jasyl.domain.people.services import Kind, record_security_event


def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    if hasattr(request, "session"):
        sessions.start(request.session, timezone.now())
    record_security_event(kind=Kind.SIGNED_IN, user=user, ip=client_ip(request))


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")
    record_security_event(
        kind=Kind.SIGN_IN_FAILED,
        username=username,
        ip=client_ip(request) if request is not None else None,
        detail={"locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


def locked_out(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """The attempt that reached the limit; the refused attempts after it are logged as failed
    sign-ins marked `locked_out`."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures > settings.AXES_FAILURE_LIMIT:
        return
    record_security_event(
        kind=Kind.LOCKED_OUT,
        username=username or "",
        ip=ip_address,
        detail={
            "failures": failures,
            "cool_off_minutes": settings.JASYL_LOGIN_COOLOFF_MINUTES,
        },
    )


def signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "jasyl_session_ended", None)
    record_security_event(
        kind=Kind.SIGNED_OUT,
        user=user,
        ip=client_ip(request) if request is not None else None,
        detail={"reason": reason} if reason else {},
    )
