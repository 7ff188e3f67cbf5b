"""People with each role, for tests: `team(programme)` gives one account per role; the
programme administrator has a confirmed authenticator app (`confirmed_device`, `code_for`).

The reporting tests work on activity 2.2 (planting trees): its lead is ЭжҚОБ and the district
akimats (`Аудан әкімдіктері`) co-execute it; ТЖД does not take part in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.mfa import needs_second_factor
from jasyl.domain.people.models import AgencyMember, ContactPerson, Profile, ProgrammeRole
from jasyl.domain.people.sessions import mark_verified
from jasyl.domain.roadmap.models import Programme

PASSWORD = "a-long-test-password-1"
ACTIVITY = "2.2"
LEAD = "ЭжҚОБ"
CO_EXECUTOR = "Аудан әкімдіктері"
OUTSIDER = "ТЖД"

# role name -> (programme role, agency code, agency role)
ROLES: dict[str, tuple[str | None, str | None, str | None]] = {
    "administrator": ("administrator", None, None),
    "reviewer": ("reviewer", None, None),
    "auditor": ("auditor", None, None),
    "head": (None, LEAD, "head"),
    "editor": (None, LEAD, "editor"),
    "viewer": (None, LEAD, "viewer"),
    "co_editor": (None, CO_EXECUTOR, "editor"),
    "co_head": (None, CO_EXECUTOR, "head"),
    "outsider": (None, OUTSIDER, "editor"),
}


def make_user(
    username: str,
    *,
    programme: Programme | None = None,
    programme_role: str | None = None,
    agency: str | None = None,
    agency_role: str | None = None,
    language: str = "kk",
    email: str | None = None,
) -> Any:
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=email if email is not None else f"{username}@example.org",
        first_name=username.replace("_", " ").title(),
    )
    Profile.objects.create(user=user, language=language)
    if programme_role:
        assert programme is not None
        ProgrammeRole.objects.create(user=user, programme=programme, role=programme_role)
        if programme_role == ProgrammeRole.Role.ADMINISTRATOR:
            confirmed_device(user)
    if agency:
        AgencyMember.objects.create(
            user=user, agency=Agency.objects.get(code=agency), role=agency_role or "viewer"
        )
    return user


def confirmed_device(user: Any) -> TOTPDevice:
    """The account's authenticator app, set up (accounts that must give a code have one)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods of 30 s later), as a person types
    it: computed from the device's key with `django_otp.oath.totp`."""
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{code:0{device.digits}d}"


def second_factor_given(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A receiver of `user_logged_in` for tests: a person who must give a code is signed in
    as if they had given it, with their own app, as `django_otp.login` records it. Connected by
    the autouse fixture of `jasyl/conftest.py` unless a test is marked `real_mfa`."""
    if request is None or not hasattr(request, "session") or not needs_second_factor(user):
        return
    mark_verified(request.session, confirmed_device(user))


@dataclass
class Team:
    programme: Programme
    users: dict[str, Any]

    def __getitem__(self, role: str) -> Any:
        return self.users[role]


def team(programme: Programme) -> Team:
    users = {
        role: make_user(
            role,
            programme=programme,
            programme_role=p_role,
            agency=agency,
            agency_role=a_role,
        )
        for role, (p_role, agency, a_role) in ROLES.items()
    }
    ContactPerson.objects.create(
        activity=programme.activities.get(code=ACTIVITY), user=users["editor"]
    )
    return Team(programme=programme, users=users)
