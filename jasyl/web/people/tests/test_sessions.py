"""Sessions end after `JASYL_SESSION_IDLE_MINUTES` without a request and
`JASYL_SESSION_MAX_HOURS` after signing in; the admin site answers at `JASYL_ADMIN_PATH`.
The clock is moved by rewriting the session's own timestamps."""

import importlib
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import clear_url_caches

from jasyl.domain.people import sessions
from jasyl.domain.people.models import SecurityEvent
from jasyl.testing.people import PASSWORD

INBOX = "/en/programmes/green-almaty/reporting/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def move_clock(client: Client, **ago_seconds: float) -> None:
    """Pretend the session began (`signed_in`) or was last used (`seen`) that long ago."""
    keys = {"signed_in": sessions.SIGNED_IN_AT, "seen": sessions.SEEN_AT}
    session = client.session
    for name, seconds in ago_seconds.items():
        session[keys[name]] = time.time() - seconds
    session.save()


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(team):
    client = signed_in(team["editor"])
    assert client.get(INBOX).status_code == 200
    move_clock(client, seen=31 * 60)
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGNED_OUT)
    assert (event.user, event.detail) == (team["editor"], {"reason": "idle"})


def test_a_session_used_within_the_limit_goes_on(team):
    client = signed_in(team["editor"])
    move_clock(client, seen=29 * 60)
    assert client.get(INBOX).status_code == 200
    # ... and that request counts as activity: the idle clock starts again.
    assert time.time() - client.session[sessions.SEEN_AT] < 60


def test_a_session_ends_after_the_longest_time_even_when_in_use(team):
    client = signed_in(team["editor"])
    move_clock(client, signed_in=12 * 3600 + 60, seen=10)
    assert client.get(INBOX).status_code == 302
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGNED_OUT)
    assert event.detail == {"reason": "expired"}


def test_the_limits_are_settings(team, settings):
    settings.JASYL_SESSION_IDLE_MINUTES = 5
    client = signed_in(team["editor"])
    move_clock(client, seen=6 * 60)
    assert client.get(INBOX).status_code == 302


def test_signing_in_again_after_the_end_works(team):
    client = signed_in(team["editor"])
    move_clock(client, seen=3600)
    assert client.get(INBOX).status_code == 302
    response = client.post(
        "/en/accounts/login/",
        urlencode({"username": "editor", "password": PASSWORD}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert client.get(INBOX).status_code == 200


def test_the_session_cookie_lasts_no_longer_than_the_session(team):
    response = Client().post(
        "/en/accounts/login/",
        urlencode({"username": "editor", "password": PASSWORD}),
        content_type="application/x-www-form-urlencoded",
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.JASYL_SESSION_MAX_HOURS * 3600 == 12 * 3600


@pytest.fixture
def admin_elsewhere():
    """The URLs built again with the admin site at another path, and restored afterwards."""
    import jasyl.urls

    def rebuild() -> None:
        clear_url_caches()
        importlib.reload(jasyl.urls)

    with override_settings(JASYL_ADMIN_PATH="office-7f3a/"):
        rebuild()
        yield
    rebuild()


def test_the_admin_site_answers_at_the_configured_path_only(admin_client, admin_elsewhere):
    assert admin_client.get("/en/office-7f3a/").status_code == 200
    assert admin_client.get("/en/admin/").status_code == 404
    assert admin_client.get("/admin/").status_code == 404
