"""API tokens: stored as a hash, expiring, revocable, scoped to reading or writing and to one
programme; the person's own permissions still apply to what a token lets through."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jasyl.domain.people.models import ApiToken, SecurityEvent
from jasyl.domain.people.tokens import issue_api_token
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.models import Programme
from jasyl.testing.reports import open_period
from jasyl.web.api.tests.conftest import API

URL = API + "reports/2025/2.2/"
DRAFT = {"revision": 0, "status": "on_track", "progress": 10}


@pytest.fixture
def period(team):
    return open_period(team)


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def other_programme() -> Programme:
    return Programme.objects.create(
        code="other-city", name_kk="Басқа", source_document_kk="—", currency="KZT",
        amount_unit="mln", amount_scale=1_000_000,
    )  # fmt: skip


def test_the_secret_is_stored_only_as_its_hash(team):
    issued = issue_api_token(owner=team["editor"], scope="write")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert token.prefix == issued.secret[:8] and len(issued.secret) == 64
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(issued.secret in value for value in stored)
    assert (token.expires_at - token.created_at) == timedelta(days=90)


def test_a_write_token_writes_and_its_use_is_noted(team, period):
    issued = issue_api_token(owner=team["editor"], scope="write")
    assert client_with(issued.secret).put(URL, DRAFT, format="json").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write(team, period):
    issued = issue_api_token(owner=team["editor"], scope="read")
    client = client_with(issued.secret)
    assert client.get(URL).status_code == 404  # reads go through (no report yet)
    response = client.put(URL, DRAFT, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "This token may only read."
    assert not ProgressReport.objects.exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERMISSION_DENIED)
    assert event.user == team["editor"]
    assert event.detail["token"] == issued.token.prefix and event.detail["reason"] == "scope"


def test_a_token_of_one_programme_cannot_act_on_another(team, period):
    elsewhere = issue_api_token(owner=team["editor"], scope="write", programme=other_programme())
    response = client_with(elsewhere.secret).put(URL, DRAFT, format="json")
    assert response.status_code == 403
    assert "other-city" in response.json()["detail"]
    assert client_with(elsewhere.secret).get(API).status_code == 403
    here = issue_api_token(owner=team["editor"], scope="write", programme=team.programme)
    assert client_with(here.secret).put(URL, DRAFT, format="json").status_code == 200


def test_the_persons_own_permissions_still_apply(team, period):
    viewer = issue_api_token(owner=team["viewer"], scope="write")
    assert client_with(viewer.secret).put(URL, DRAFT, format="json").status_code == 403
    assert not ProgressReport.objects.exists()
    # The API's own 403 is in the security event log too, with the token's owner.
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERMISSION_DENIED)
    assert (event.user, event.detail) == (team["viewer"], {"method": "PUT", "path": URL})


@pytest.mark.parametrize("change", ["expired", "revoked", "inactive"])
def test_an_expired_or_revoked_token_or_an_inactive_owner_is_refused(team, period, change):
    issued = issue_api_token(owner=team["editor"], scope="write")
    if change == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif change == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    else:
        team["editor"].is_active = False
        team["editor"].save()
    response = client_with(issued.secret).put(URL, DRAFT, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert not ProgressReport.objects.exists()


def test_an_old_plain_token_no_longer_works(team, period):
    response = client_with("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b").get(URL)
    assert response.status_code == 401
