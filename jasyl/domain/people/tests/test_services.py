"""Role and flag changes go through the services and each is in the security event log, once."""

import pytest

from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.models import AgencyMember, ProgrammeRole, SecurityEvent
from jasyl.domain.people.services import revoke_role, save_role, set_account_flags

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def test_a_role_granted_changed_and_revoked_is_logged_with_who_did_it(team):
    viewer, admin = team["viewer"], team["administrator"]
    role = save_role(
        role=ProgrammeRole(user=viewer, programme=team.programme, role="reviewer"),
        by=admin,
        ip="192.0.2.1",
    )
    role.role = "auditor"
    save_role(role=role, by=admin)
    save_role(role=role, by=admin)  # nothing changed: nothing logged
    revoke_role(role=role)
    events = list(SecurityEvent.objects.filter(user=viewer).order_by("pk"))
    assert [(e.kind, e.detail["role"], e.detail["by"]) for e in events] == [
        (Kind.ROLE_GRANTED, "reviewer", "administrator"),
        (Kind.ROLE_CHANGED, "auditor", "administrator"),
        (Kind.ROLE_REVOKED, "auditor", "command line"),
    ]
    assert events[0].ip == "192.0.2.1"
    assert not ProgrammeRole.objects.filter(user=viewer).exists()


def test_an_agency_membership_moved_to_another_agency_is_a_change(team):
    member = AgencyMember.objects.get(user=team["viewer"])
    member.agency = Agency.objects.get(code="ТЖД")
    save_role(role=member)
    event = SecurityEvent.objects.get(kind=Kind.ROLE_CHANGED)
    assert event.detail["agency"] == "ТЖД" and event.detail["from"]["agency"] == "ЭжҚОБ"


def test_staff_and_superuser_flags_are_logged_only_when_they_change(team):
    editor = team["editor"]
    assert set_account_flags(user=editor, is_staff=True, is_superuser=True) == [
        "is_staff",
        "is_superuser",
    ]
    assert set_account_flags(user=editor, is_staff=True, is_superuser=True) == []
    assert set_account_flags(user=editor, is_staff=True, is_superuser=False) == ["is_superuser"]
    editor.refresh_from_db()
    assert editor.is_staff and not editor.is_superuser
    assert [
        (e.kind, e.detail["role"]) for e in SecurityEvent.objects.filter(user=editor).order_by("pk")
    ] == [
        (Kind.ROLE_GRANTED, "staff"),
        (Kind.ROLE_GRANTED, "superuser"),
        (Kind.ROLE_REVOKED, "superuser"),
    ]
