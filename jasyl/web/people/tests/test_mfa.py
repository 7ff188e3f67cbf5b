"""Two-step verification: programme administrators and superusers give a code of their
authenticator app after the password, before any other page and before the admin site; an
agency editor is not asked. Codes are computed from the device's key as the app would."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jasyl.domain.people.models import SecurityEvent
from jasyl.testing.people import PASSWORD, code_for, confirmed_device

pytestmark = pytest.mark.real_mfa
Kind = SecurityEvent.Kind
VERIFY = "/en/accounts/verify/"
ENROL = "/en/accounts/verify/set-up/"


def wrong_code(device) -> str:
    """Six digits the app does not show now, nor one period before or after."""
    valid = {code_for(device, steps_ahead=k) for k in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def password_only(user) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_administrator_is_sent_to_the_code_page_before_any_other(team):
    client = password_only(team["administrator"])
    for page in [
        "/en/accounts/start/",
        "/en/programmes/green-almaty/reporting/",
        "/en/admin/",
        "/en/accounts/",
    ]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(VERIFY + "?next="), page
    # The API with the session is no way around it either.
    assert client.get("/api/v1/programmes/green-almaty/reports/").status_code == 302


def test_a_correct_code_lets_the_administrator_in(team):
    admin = team["administrator"]
    client = password_only(admin)
    response = client.post(
        VERIFY, {"code": code_for(confirmed_device(admin)), "next": "/en/accounts/"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/"
    assert client.get("/en/accounts/").status_code == 200
    assert client.get("/en/programmes/green-almaty/reporting/").status_code == 200


def test_a_wrong_code_does_not_and_is_logged(team):
    admin = team["administrator"]
    client = password_only(admin)
    response = client.post(VERIFY, {"code": wrong_code(confirmed_device(admin))})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert client.get("/en/accounts/")["Location"].startswith(VERIFY)
    event = SecurityEvent.objects.get(kind=Kind.MFA_FAILED)
    assert event.user == admin and event.detail == {"step": "verify", "throttled": False}


def test_after_a_wrong_code_the_next_try_waits(team):
    admin = team["administrator"]
    device = confirmed_device(admin)
    client = password_only(admin)
    client.post(VERIFY, {"code": "not a code"})
    # Even the right code is refused at once after a wrong one (django-otp's throttling) ...
    throttled = client.post(VERIFY, {"code": code_for(device)})
    assert "Too many wrong codes" in throttled.content.decode()
    assert SecurityEvent.objects.filter(kind=Kind.MFA_FAILED).count() == 2
    # ... and accepted once the wait is over (the clock of the failure moved back).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_a_code_is_accepted_once(team):
    admin = team["administrator"]
    device = confirmed_device(admin)
    code = code_for(device)
    assert password_only(admin).post(VERIFY, {"code": code}).status_code == 302
    assert password_only(admin).post(VERIFY, {"code": code}).status_code == 200


def test_an_agency_editor_is_not_asked(team):
    client = password_only(team["editor"])
    response = client.get("/en/accounts/start/")
    assert response.status_code == 302
    assert response["Location"] == "/en/programmes/green-almaty/reporting/"
    assert client.get("/en/programmes/green-almaty/reporting/").status_code == 200


def test_signing_in_again_asks_for_a_code_again(team):
    admin = team["administrator"]
    client = password_only(admin)
    client.post(VERIFY, {"code": code_for(confirmed_device(admin))})
    client.post("/en/accounts/logout/")
    client.post("/en/accounts/login/", {"username": "administrator", "password": PASSWORD})
    assert client.get("/en/accounts/")["Location"].startswith(VERIFY)


def test_an_administrator_without_an_app_sets_one_up_first(team):
    admin = team["administrator"]
    TOTPDevice.objects.filter(user=admin).delete()
    client = password_only(admin)
    response = client.get("/en/accounts/start/")
    assert response["Location"].startswith(ENROL + "?next=")
    page = client.get(response["Location"])
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert '<svg width="' in html and "<title>QR code for your authenticator app</title>" in html
    assert html.count("<script") == 0 and 'style="' not in html
    key = page.context["key"]
    assert len(key.replace(" ", "")) == 32 and key.replace(" ", "") in device.config_url
    # A reload shows the same secret; a wrong code confirms nothing.
    assert client.get(ENROL).context["key"] == key
    client.post(ENROL, {"code": "12345"})
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    done = client.post(ENROL, {"code": code_for(device), "next": "/en/accounts/"})
    assert done.status_code == 302 and done["Location"] == "/en/accounts/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/en/programmes/green-almaty/reporting/").status_code == 200
    assert [e.kind for e in SecurityEvent.objects.filter(user=admin).order_by("pk")] == [
        Kind.SIGNED_IN,
        Kind.MFA_FAILED,
        Kind.MFA_ENROLLED,
    ]


def test_someone_with_an_app_cannot_set_up_another_without_a_code(team):
    admin = team["administrator"]
    client = password_only(admin)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=admin, confirmed=False).exists()


def test_an_editor_may_turn_it_on_and_is_then_asked_at_each_sign_in(team):
    editor = team["editor"]
    client = password_only(editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)
    assert client.post(ENROL, {"code": code_for(device)}).status_code == 302
    assert password_only(editor).get("/en/accounts/")["Location"].startswith(VERIFY)


def test_the_admin_site_needs_a_verified_session(roadmap):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    device = confirmed_device(boss)
    client = password_only(boss)
    assert client.get("/en/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/en/admin/").status_code == 200


def test_the_admin_site_has_no_sign_in_form_of_its_own(db):
    response = Client().get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_a_signed_in_person_who_is_not_staff_is_refused_by_the_admin(team):
    client = password_only(team["editor"])
    response = client.get("/en/admin/", follow=True)
    assert response.status_code == 403
    assert SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED, user=team["editor"]).exists()
