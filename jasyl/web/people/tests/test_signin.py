"""Signing in: failures are counted per username and per address, a lockout is answered with
a page that says when to try again (and nothing about the password), and every step is in the
security event log."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from jasyl.domain.people.models import SecurityEvent
from jasyl.testing.people import PASSWORD

LOGIN = "/en/accounts/login/"
Kind = SecurityEvent.Kind


def sign_in(client: Client, username: str, password: str, **headers: str):
    """As a browser sends the sign-in form (not multipart, which counts as an upload)."""
    return client.post(
        LOGIN,
        urlencode({"username": username, "password": password}),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_account_until_the_cool_off_has_passed(team):
    client = Client()
    answers = [sign_in(client, "editor", f"wrong-{n}") for n in range(30)]
    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form again, with its error
    assert {a.status_code for a in answers[4:]} == {429}
    right = sign_in(client, "editor", PASSWORD)
    assert right.status_code == 429 and not signed_in(client)
    assert "people/locked_out.html" in [t.name for t in right.templates]
    # The right password is answered exactly as a wrong one: nothing tells them apart.
    assert right.content == answers[-1].content
    page = right.content.decode()
    assert "Try again in 15 minutes" in page and right["Retry-After"] == "900"

    # Fifteen minutes later (the clock of the attempts moved back), the password works again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    again = sign_in(client, "editor", PASSWORD)
    assert again.status_code == 302 and signed_in(client)


def test_each_failure_and_the_lockout_are_in_the_security_event_log(team):
    client = Client()
    for n in range(7):
        sign_in(client, "editor", f"wrong-{n}")
    failed = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED, username="editor")
    assert failed.count() == 7
    assert [e.detail["locked_out"] for e in failed.order_by("pk")] == [False] * 4 + [True] * 3
    lockout = SecurityEvent.objects.get(kind=Kind.LOCKED_OUT)
    assert (lockout.username, lockout.ip, lockout.detail["failures"]) == ("editor", "127.0.0.1", 5)
    assert not SecurityEvent.objects.filter(kind=Kind.SIGNED_IN).exists()


def test_a_successful_sign_in_and_the_sign_out_are_logged(team):
    client = Client()
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.post("/en/accounts/logout/")
    events = SecurityEvent.objects.order_by("pk")
    assert [(e.kind, e.user) for e in events] == [
        (Kind.SIGNED_IN, team["editor"]),
        (Kind.SIGNED_OUT, team["editor"]),
    ]


def test_unknown_usernames_are_counted_and_locked_too(team):
    client = Client()
    for n in range(5):
        sign_in(client, "no-such-person", f"guess-{n}")
    assert SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT, username="no-such-person").exists()


def test_the_address_is_locked_for_every_username_it_tries(team):
    """Password spraying: one guess for each of many accounts from one address."""
    client = Client()
    for name in ["head", "viewer", "reviewer", "auditor", "outsider"]:
        sign_in(client, name, "Summer2025!")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="192.0.2.7"), "editor", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(team, settings):
    settings.JASYL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker, colleague = Client(**proxy), Client(**proxy)
    for n in range(5):
        sign_in(attacker, "head", f"wrong-{n}", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert (
        sign_in(colleague, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
        == 302
    )
    failed = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {"198.51.100.1"}
    assert SecurityEvent.objects.get(kind=Kind.SIGNED_IN).ip == "203.0.113.9"


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(team, settings):
    settings.JASYL_TRUSTED_PROXIES = []
    for n in range(5):
        sign_in(Client(), "head", f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    # Changing the header does not make a new client: the address stays locked.
    assert (
        sign_in(Client(), "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    )
    assert set(SecurityEvent.objects.values_list("ip", flat=True)) == {"127.0.0.1"}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_lockout_page_is_translated(team, language):
    client = Client()
    for n in range(5):
        answer = client.post(
            f"/{language}/accounts/login/",
            urlencode({"username": "editor", "password": f"wrong-{n}"}),
            content_type="application/x-www-form-urlencoded",
        )
    assert answer.status_code == 429
    assert f'<html lang="{language}">' in answer.content.decode()
