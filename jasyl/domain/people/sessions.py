"""What a signed-in session remembers about its own safety: when it began, when it was last
used, and whether the second factor was given (docs/security.md).

The verified device is kept under django-otp's own session key, as `django_otp.login` does,
but it is not read back from the database on every request: the session is server-side, only
these functions write the key, and signing in again clears it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]

SIGNED_IN_AT = "jasyl_signed_in_at"
SEEN_AT = "jasyl_seen_at"
# The last-seen time is written at most this often, so that reading a page does not always
# write the session.
SEEN_GRANULARITY = timedelta(seconds=60)

Session = MutableMapping[str, Any]


def start(session: Session, now: datetime) -> None:
    """A new sign-in: the clocks start and no second factor is given yet."""
    session[SIGNED_IN_AT] = now.timestamp()
    session[SEEN_AT] = now.timestamp()
    session.pop(DEVICE_ID_SESSION_KEY, None)


def ended(session: Session, now: datetime) -> str | None:
    """Why the session may no longer be used ("idle" or "expired"), or None."""
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if signed_in is None or seen is None:
        # A session from before these limits: they start now.
        return None
    moment = now.timestamp()
    if moment - signed_in > settings.JASYL_SESSION_MAX_HOURS * 3600:
        return "expired"
    if moment - seen > settings.JASYL_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def touch(session: Session, now: datetime) -> None:
    """Note that the session is in use (at most once a minute)."""
    if SIGNED_IN_AT not in session:
        session[SIGNED_IN_AT] = now.timestamp()
    seen = session.get(SEEN_AT)
    if seen is None or now.timestamp() - seen >= SEEN_GRANULARITY.total_seconds():
        session[SEEN_AT] = now.timestamp()


def mark_verified(session: Session, device: Any) -> None:
    """The second factor was given with `device` (as `django_otp.login` records it)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def is_verified(session: Session) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))
