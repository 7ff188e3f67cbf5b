"""Two-step verification with a TOTP app (RFC 6238), on django-otp's `TOTPDevice`.

Who must give a code after the password: superusers, staff (the admin site asks for a verified
session anyway), the programme administrators, and anyone who set up an app of their own
accord. A wrong code is logged and slows the next tries down: django-otp's throttling waits
1, 2, 4, 8 ... seconds after each failure (`OTP_TOTP_THROTTLE_FACTOR`), and a code is accepted
once only.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from jasyl.domain.people.models import ProgrammeRole
from jasyl.domain.people.services import Kind, record_security_event

DEVICE_NAME = "Jasyl"


def needs_second_factor(user: Any) -> bool:
    """Whether `user` must give a code after the password (one query at most)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(programme_roles__role=ProgrammeRole.Role.ADMINISTRATOR)
            | Q(totpdevice__confirmed=True)
        )
        .exists()
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so reloading the page
    shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@dataclass(frozen=True)
class Refusal:
    """Why a code was not accepted: wrong, or too many wrong codes until `until`."""

    until: datetime | None = None


def _check(device: TOTPDevice, code: str) -> Refusal | None:
    """Check a code with the device's row locked, so that one code cannot be used twice by
    two requests at once (as `django_otp.verify_token` does)."""
    TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
    device.refresh_from_db()
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return Refusal(until=(data or {}).get("locked_until"))
    if device.verify_token(code.strip().replace(" ", "")):
        return None
    return Refusal()


def _refused(user: Any, ip: str | None, refusal: Refusal, step: str) -> Refusal:
    record_security_event(
        kind=Kind.MFA_FAILED,
        user=user,
        ip=ip,
        detail={"step": step, "throttled": refusal.until is not None},
    )
    return refusal


def confirm_enrolment(*, device: TOTPDevice, code: str, ip: str | None = None) -> Refusal | None:
    """Finish setting up an app with its first code; None when it is confirmed."""
    with transaction.atomic():
        refusal = _check(device, code)
        if refusal is not None:
            return _refused(device.user, ip, refusal, "enrol")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_security_event(
            kind=Kind.MFA_ENROLLED, user=device.user, ip=ip, detail={"device": device.pk}
        )
    return None


def verify_code(*, user: Any, code: str, ip: str | None = None) -> TOTPDevice | Refusal:
    """The device that accepts `code` after the password, or why it was refused."""
    device = confirmed_device(user)
    if device is None:
        return _refused(user, ip, Refusal(), "verify")
    with transaction.atomic():
        refusal = _check(device, code)
    if refusal is not None:
        return _refused(user, ip, refusal, "verify")
    return device
