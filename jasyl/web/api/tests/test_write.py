"""Writes through the API: a draft saved, stale revisions refused, errors in one shape, tokens."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from jasyl.domain.indicators.models import Observation
from jasyl.domain.people.models import ApiToken
from jasyl.domain.reporting.models import AuditEntry, ProgressReport, ReportRevision
from jasyl.testing.reports import open_period
from jasyl.web.api.tests.conftest import API

URL = API + "reports/2025/2.2/"


@pytest.fixture
def period(team):
    return open_period(team)


def token_client(user) -> APIClient:
    key = io.StringIO()
    call_command("api_token", user=user.username, scope="write", stdout=key, stderr=io.StringIO())
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {key.getvalue().strip()}", HTTP_ACCEPT_LANGUAGE="en"
    )
    return client


def test_an_editor_saves_a_draft_with_a_token(team, period):
    editor = token_client(team["editor"])
    response = editor.put(
        URL,
        {
            "revision": 0, "status": "on_track", "progress": 25, "narrative": "Planted 1000",
            "spending": [{"source": "local", "committed": "100.5", "spent": 80}],
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    found = response.json()
    assert found["revision"] == 1 and found["state"] == "draft" and found["progress"] == 25
    assert found["spending"] == {"local": {"committed": 100.5, "spent": 80}}
    assert found["transitions"] == []  # an editor does not submit
    head = token_client(team["head"])
    assert head.get(URL).json()["transitions"] == ["submit"]
    assert AuditEntry.objects.filter(action="saved", actor=team["editor"]).count() == 1


def test_a_stale_revision_is_a_conflict_and_nothing_is_written(team, period):
    editor, co_editor = token_client(team["editor"]), token_client(team["co_editor"])
    assert editor.put(URL, {"revision": 0, "status": "on_track"}, format="json").status_code == 200
    assert (
        co_editor.put(URL, {"revision": 1, "status": "delayed"}, format="json").status_code == 200
    )
    response = editor.put(URL, {"revision": 1, "status": "completed"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert "revision 2" in body["detail"] and "Nothing was saved" in body["detail"]
    assert body["errors"] == [{"field": "revision", "message": "The current revision is 2."}]
    report = ProgressReport.objects.get()
    assert (report.status, report.revision) == ("delayed", 2)
    assert ReportRevision.objects.count() == 2
    stale = editor.post(URL + "transitions/", {"action": "submit", "revision": 1}, format="json")
    assert (
        token_client(team["head"])
        .post(URL + "transitions/", {"action": "submit", "revision": 1}, format="json")
        .status_code
        == 409
    )
    assert stale.status_code == 403  # the editor may not submit at all
    assert ProgressReport.objects.get().state == "draft"


def test_refusals_name_the_field(team, period):
    editor = token_client(team["editor"])
    response = editor.put(
        URL, {"revision": 0, "status": "on_track", "outputs": {"bogus": 1}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "output-bogus"
    response = editor.put(
        URL, {"revision": 0, "status": "soon", "spending": [{"committed": 1}]}, format="json"
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"status", "spending[0].source"}
    assert not ProgressReport.objects.exists()
    head = token_client(team["head"])
    response = head.post(URL + "transitions/", {"action": "submit", "revision": 0}, format="json")
    assert response.status_code == 404 and response.json()["errors"] == []


def test_anonymous_cannot_write(team, period, registry):
    anonymous = APIClient()
    assert (
        anonymous.put(URL, {"revision": 0, "status": "on_track"}, format="json").status_code == 401
    )
    response = anonymous.post(
        URL + "transitions/", {"action": "submit", "revision": 0}, format="json"
    )
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    response = anonymous.post(
        API + "indicators/2.2:trees_shrubs_planted/observations/",
        {"observations": [{"observed_on": "2023-12-31", "value": 1, "source": "act"}]},
        format="json",
    )
    assert response.status_code == 401
    assert not ProgressReport.objects.exists() and not Observation.objects.exists()
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert bad.put(URL, {"revision": 0, "status": "on_track"}, format="json").status_code == 401


def test_observations_are_all_recorded_or_none(team, registry):
    editor = token_client(team["editor"])
    url = API + "indicators/2.2:trees_shrubs_planted/observations/"
    rows = [
        {"observed_on": "2022-12-31", "value": 240000, "source": "act"},
        {"observed_on": "2023-12-31", "value": 552000, "source": "act", "district": "Nowhere"},
    ]
    response = editor.post(url, {"observations": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("observations[1]: ")
    assert not Observation.objects.exists()
    response = editor.post(url, {"observations": rows[:1]}, format="json")
    assert response.status_code == 201 and response.json() == {"recorded": 1}
    assert APIClient().get(url).json()["results"][0]["value"] == 240000


def test_the_token_command_issues_a_new_token_and_a_revoked_one_stops_working(team, period):
    first, second = token_client(team["editor"]), token_client(team["editor"])
    body = {"revision": 0, "status": "on_track"}
    assert first.put(URL, body, format="json").status_code == 200
    old = ApiToken.objects.filter(owner=team["editor"]).order_by("created_at", "pk").first()
    call_command("api_token", revoke=old.prefix, stdout=io.StringIO())
    assert first.put(URL, {**body, "revision": 1}, format="json").status_code == 401
    assert second.put(URL, {**body, "revision": 1}, format="json").status_code == 200
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", user="nobody")
