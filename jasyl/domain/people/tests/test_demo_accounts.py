"""`jasyl demo-accounts`: one account per role, set up again without changes."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from jasyl.domain.people.models import (
    AgencyMember,
    ContactPerson,
    Profile,
    ProgrammeRole,
    SecurityEvent,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-demo-password-7"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_accounts", *args, stdout=out)
    return out.getvalue()


def state() -> list[tuple]:
    """Everything the command writes, comparable between runs."""
    users = get_user_model().objects.order_by("username")
    return [
        *users.values_list(
            "pk", "username", "email", "password", "is_staff", "is_superuser", "is_active"
        ),
        *Profile.objects.order_by("pk").values_list("pk", "user__username", "language"),
        *ProgrammeRole.objects.order_by("pk").values_list("pk", "user__username", "role"),
        *AgencyMember.objects.order_by("pk").values_list(
            "pk", "user__username", "agency__code", "role"
        ),
        *ContactPerson.objects.order_by("pk").values_list(
            "pk", "user__username", "activity__code", "position"
        ),
    ]


def test_creates_one_account_per_role(roadmap):
    output = run("--password", PASSWORD)
    assert "editor of ЭжҚОБ; contact person of 2.2, 2.3" in output
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"admin", "reviewer", "auditor", "head", "editor", "viewer", "district"}
    assert all(u.email == f"{name}@jasyl.example" for name, u in users.items())
    assert all(u.check_password(PASSWORD) for u in users.values())
    assert [n for n, u in users.items() if u.is_superuser or u.is_staff] == ["admin"]
    assert dict(ProgrammeRole.objects.values_list("user__username", "role")) == {
        "admin": "administrator",
        "reviewer": "reviewer",
        "auditor": "auditor",
    }
    assert set(AgencyMember.objects.values_list("user__username", "agency__code", "role")) == {
        ("head", "ЭжҚОБ", "head"),
        ("editor", "ЭжҚОБ", "editor"),
        ("viewer", "ЭжҚОБ", "viewer"),
        ("district", "Аудан әкімдіктері", "editor"),
    }
    assert set(ContactPerson.objects.values_list("user__username", "activity__code")) == {
        ("editor", "2.2"),
        ("editor", "2.3"),
    }
    languages = dict(Profile.objects.values_list("user__username", "language"))
    assert languages == {**dict.fromkeys(users, "kk"), "reviewer": "ru", "auditor": "en"}


def test_a_second_run_changes_nothing(roadmap):
    run("--password", PASSWORD)
    before = state()
    run("--password", PASSWORD)
    assert state() == before


def test_changed_roles_are_set_back(roadmap):
    run("--password", PASSWORD)
    editor = get_user_model().objects.get(username="editor")
    AgencyMember.objects.filter(user=editor).update(role="viewer")
    ProgrammeRole.objects.create(user=editor, programme=roadmap, role="reviewer")
    ContactPerson.objects.filter(user=editor, activity__code="2.3").delete()
    get_user_model().objects.filter(username="admin").update(is_superuser=False)
    run("--password", PASSWORD)
    assert AgencyMember.objects.get(user=editor).role == "editor"
    assert not ProgrammeRole.objects.filter(user=editor).exists()
    assert ContactPerson.objects.filter(user=editor).count() == 2
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_password_can_come_from_the_environment(roadmap, monkeypatch):
    monkeypatch.setenv("JASYL_DEMO_PASSWORD", PASSWORD)
    run()
    assert get_user_model().objects.get(username="head").check_password(PASSWORD)


def test_a_missing_or_weak_password_is_refused(roadmap, monkeypatch):
    monkeypatch.delenv("JASYL_DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="JASYL_DEMO_PASSWORD"):
        run()
    with pytest.raises(CommandError, match="too weak"):
        run("--password", "short")
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("eleven-char", "at least 12 characters"),
        ("314159265358979", "entirely numeric"),
        ("password1234", "too common"),
        ("reviewer@jasyl.example", "too similar"),
    ],
)
def test_the_password_obeys_the_rules_for_every_account(roadmap, password, reason):
    with translation.override("en"), pytest.raises(CommandError, match=reason):
        run("--password", password)
    assert not get_user_model().objects.exists()


def test_roles_and_flags_it_sets_are_in_the_security_event_log(roadmap):
    run("--password", PASSWORD)
    granted = SecurityEvent.objects.filter(kind="role_granted")
    assert {(e.username, e.detail["role"]) for e in granted} >= {
        ("admin", "superuser"),
        ("admin", "administrator"),
        ("editor", "editor"),
    }
    count = SecurityEvent.objects.count()
    run("--password", PASSWORD)
    assert SecurityEvent.objects.count() == count
