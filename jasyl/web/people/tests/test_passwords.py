"""Passwords: the rules of AUTH_PASSWORD_VALIDATORS on every form that sets one, the
self-service change, and the reset by e-mail in the person's language."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from jasyl.domain.people.models import SecurityEvent
from jasyl.testing.people import PASSWORD

Kind = SecurityEvent.Kind
CHANGE = "/en/accounts/password/"
RESET = "/en/accounts/password/reset/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change(client: Client, new: str):
    return client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1x", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
        ("editor@example.org", "too similar"),
    ],
)
def test_a_weak_new_password_is_refused(team, password, reason):
    editor = team["editor"]
    response = change(signed_in(editor), password)
    assert response.status_code == 200 and reason in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_the_minimum_length_is_a_setting(team, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 20},
        }
    ]
    response = change(signed_in(team["editor"]), "green-almaty-2030")
    assert "at least 20 characters" in response.content.decode()


def test_a_person_changes_their_own_password_and_it_is_logged(team):
    editor = team["editor"]
    client = signed_in(editor)
    response = change(client, "a new and long passphrase")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password/changed/"
    editor.refresh_from_db()
    assert editor.check_password("a new and long passphrase")
    assert client.get("/en/accounts/").status_code == 200  # still signed in here
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_CHANGED)
    assert (event.user, event.detail) == (editor, {"via": "change"})


def test_changing_the_password_needs_the_old_one(team):
    client = signed_in(team["editor"])
    new = "a new and long passphrase"
    response = client.post(
        CHANGE, {"old_password": "not it", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert not SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED).exists()


def test_the_change_page_is_for_signed_in_people_only():
    response = Client().get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)


def test_a_reset_link_is_mailed_in_the_persons_language_to_the_site_address(team, settings):
    settings.JASYL_SITE_URL = "https://jasyl.example.kz"
    viewer = team["viewer"]
    viewer.profile.language = "ru"
    viewer.profile.save()
    response = Client().post(RESET, {"email": "viewer@example.org"}, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["viewer@example.org"]
    link = reset_link(message)
    # The link is built from JASYL_SITE_URL in the person's language, not from the request.
    assert link.startswith("https://jasyl.example.kz/ru/accounts/password/reset/")
    assert "viewer" in message.body
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_RESET_REQUESTED)
    assert event.user == viewer and event.detail["accounts"] == 1


def test_the_reset_link_sets_a_new_password_that_obeys_the_rules(team, settings):
    settings.JASYL_SITE_URL = "http://testserver"
    Client().post(RESET, {"email": "head@example.org"})
    path = reset_link(mail.outbox[0]).removeprefix("http://testserver")
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    weak = client.post(
        set_url, {"new_password1": "12345678901234", "new_password2": "12345678901234"}
    )
    # The reset page is in Kazakh, Django's own validator message too (jasyl/locale_vendor).
    assert "Бұл құпиясөз тек цифрлардан тұрады." in weak.content.decode()
    done = client.post(
        set_url,
        {"new_password1": "tulips in spring 2026", "new_password2": "tulips in spring 2026"},
    )
    # The link is in the person's language (Kazakh here), and so are the pages after it.
    assert done.status_code == 302 and done["Location"] == "/kk/accounts/password/reset/done/"
    team["head"].refresh_from_db()
    assert team["head"].check_password("tulips in spring 2026")
    assert SecurityEvent.objects.get(kind=Kind.PASSWORD_CHANGED).detail == {"via": "reset"}
    # The link works once.
    with translation.override("kk"):
        used = gettext(
            "This link does not work: it was already used, or it is too old. Ask for a new one."
        )
    assert used in client.get(path, follow=True).content.decode()


def test_an_unknown_address_is_answered_exactly_as_a_known_one(team):
    known = Client().post(RESET, {"email": "editor@example.org"}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert len(mail.outbox) == 1
    logged = SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET_REQUESTED).order_by("pk")
    assert [e.detail["accounts"] for e in logged] == [1, 0]
