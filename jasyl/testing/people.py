"""People with each role, for tests: `team(programme)` gives one account per role.

The reporting tests work on activity 2.2 (planting trees): its lead is ЭжҚОБ and the district
akimats (`Аудан әкімдіктері`) co-execute it; ТЖД does not take part in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.models import AgencyMember, ContactPerson, Profile, ProgrammeRole
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
    if agency:
        AgencyMember.objects.create(
            user=user, agency=Agency.objects.get(code=agency), role=agency_role or "viewer"
        )
    return user


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
