"""The security event log: read by the auditor and the programme administrators on a paged,
filterable page, refused (and logged) to everyone else, read-only in the admin."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jasyl.domain.people.models import AgencyMember, ProgrammeRole, SecurityEvent
from jasyl.domain.people.services import record_security_event

PAGE = "/en/security/events/"
Kind = SecurityEvent.Kind


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["auditor", "administrator"])
def test_the_auditor_and_the_administrator_read_the_log(team, role):
    record_security_event(kind=Kind.SIGN_IN_FAILED, username="mallory", ip="203.0.113.9")
    page = signed_in(team[role]).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "mallory" in html and "203.0.113.9" in html and "Sign-in failed" in html


@pytest.mark.parametrize("role", ["editor", "reviewer", "head"])
def test_others_are_refused_and_the_refusal_is_logged(team, role):
    response = signed_in(team[role]).get(PAGE)
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.PERMISSION_DENIED)
    assert event.user == team[role]
    assert event.detail == {"method": "GET", "path": PAGE}


def test_the_public_is_sent_to_sign_in(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_the_log_filters_by_event_name_address_and_day(team):
    now = timezone.now()
    for kind, name, ip, days in [
        (Kind.SIGN_IN_FAILED, "mallory", "203.0.113.9", 0),
        (Kind.SIGN_IN_FAILED, "editor", "198.51.100.1", 0),
        (Kind.LOCKED_OUT, "mallory", "203.0.113.9", 0),
        (Kind.SIGN_IN_FAILED, "mallory", "203.0.113.9", 10),
    ]:
        event = record_security_event(kind=kind, username=name, ip=ip)
        SecurityEvent.objects.filter(pk=event.pk).update(at=now - timedelta(days=days))
    client = signed_in(team["auditor"])

    def rows(**query) -> list[tuple[str, str]]:
        page = client.get(PAGE, query).context["page"]
        return [(e.kind, e.username) for e in page.object_list if e.username != "auditor"]

    assert len(rows()) == 4
    assert rows(kind="locked_out") == [(Kind.LOCKED_OUT, "mallory")]
    assert rows(username="MALLORY", kind="sign_in_failed") == [(Kind.SIGN_IN_FAILED, "mallory")] * 2
    assert rows(ip="198.51.100.1") == [(Kind.SIGN_IN_FAILED, "editor")]
    today = timezone.localdate().isoformat()
    assert len(rows(since=today, until=today)) == 3


def test_the_log_is_paged_and_reads_in_a_fixed_number_of_queries(team):
    client = signed_in(team["auditor"])
    record_security_event(kind=Kind.SIGN_IN_FAILED, username="first")
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200
    for n in range(120):
        record_security_event(kind=Kind.SIGN_IN_FAILED, username=f"guess-{n}", ip="203.0.113.9")
    with CaptureQueriesContext(connection) as many:
        page = client.get(PAGE, {"kind": "sign_in_failed", "page": 2})
    assert len(many) == len(few)
    assert page.context["page"].paginator.num_pages == 3
    assert 'href="?kind=sign_in_failed&amp;page=3"' in page.content.decode()


def test_events_are_never_changed_or_deleted(team):
    event = record_security_event(kind=Kind.SIGNED_IN, user=team["editor"])
    event.username = "someone else"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


def test_the_admin_shows_events_but_cannot_change_or_delete_them(admin_client, team):
    event = record_security_event(kind=Kind.SIGNED_IN, user=team["editor"])
    base = "/en/admin/people/securityevent/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}{event.pk}/change/").status_code == 200  # view only
    assert admin_client.post(f"{base}{event.pk}/change/", {"username": "x"}).status_code == 403
    assert admin_client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get(f"{base}add/").status_code == 403
    assert SecurityEvent.objects.get(pk=event.pk).username == "editor"


def test_roles_granted_changed_and_revoked_in_the_admin_are_logged(admin_client, team):
    viewer = team["viewer"]
    base = "/en/admin/people/programmerole/"
    response = admin_client.post(
        base + "add/", {"user": viewer.pk, "programme": team.programme.pk, "role": "auditor"}
    )
    assert response.status_code == 302
    role = ProgrammeRole.objects.get(user=viewer)
    admin_client.post(
        f"{base}{role.pk}/change/",
        {"user": viewer.pk, "programme": team.programme.pk, "role": "administrator"},
    )
    admin_client.post(f"{base}{role.pk}/delete/", {"post": "yes"})
    member = AgencyMember.objects.get(user=viewer)
    admin_client.post(
        f"/en/admin/people/agencymember/{member.pk}/change/",
        {"user": viewer.pk, "agency": member.agency.pk, "role": "editor"},
    )
    events = SecurityEvent.objects.filter(user=viewer).order_by("pk")
    assert [(e.kind, e.detail["role"], e.detail["by"]) for e in events] == [
        (Kind.ROLE_GRANTED, "auditor", "admin"),
        (Kind.ROLE_CHANGED, "administrator", "admin"),
        (Kind.ROLE_REVOKED, "administrator", "admin"),
        (Kind.ROLE_CHANGED, "editor", "admin"),
    ]
    assert events[1].detail["from"] == {"role": "auditor", "programme": "green-almaty"}
    assert events[3].detail["agency"] == member.agency.code


def test_the_superuser_flag_set_in_the_admin_is_logged(admin_client, team):
    viewer = team["viewer"]
    url = f"/en/admin/auth/user/{viewer.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"groups", "user_permissions", "password"}
    }
    data.update(
        {
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": viewer.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": viewer.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("is_staff", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    viewer.refresh_from_db()
    assert viewer.is_superuser and not viewer.is_staff
    event = SecurityEvent.objects.get(kind=Kind.ROLE_GRANTED, user=viewer)
    assert event.detail == {"role": "superuser", "by": "admin"}
