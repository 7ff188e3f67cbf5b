"""The permission matrix of the API's writes: every persona against every write endpoint,
allowed and denied, and each result the same as the web interface's for the same action.
Each attempt runs in a savepoint that is rolled back, so every persona starts from the same
state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from jasyl.domain.indicators.models import Observation
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.people.tokens import issue_api_token
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.reporting.tests.test_permissions import (
    EVERYONE,
    PROGRAMME_OFFICE,
    WRITERS,
    client_for,
    make_report,
    rolled_back,
    setup,  # noqa: F401 (a fixture)
    urls,
)
from jasyl.web.api.tests.conftest import API

OBSERVERS = PROGRAMME_OFFICE | WRITERS
PLANTED = "2.2:trees_shrubs_planted"


def api_for(team, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        token = issue_api_token(owner=team[role], scope="write")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.secret}")
    return client


Attempt = Callable[[object], tuple[int, bool]]


def matrix(team, allowed: set[str], web: Attempt, api: Attempt, ok: int) -> None:
    """Allowed personas get `ok` and the effect through the API, as they get it on the web; the
    others get 401 (anonymous) or 403 and no effect, and the web refuses them too."""
    wrong = []
    for role in EVERYONE:
        with rolled_back():
            api_status, api_effect = api(api_for(team, role))
        with rolled_back():
            _web_status, web_effect = web(client_for(team, role))
        expected = (ok, True) if role in allowed else (401 if role == "anonymous" else 403, False)
        if (api_status, api_effect) != expected:
            wrong.append(f"{role}: API got {(api_status, api_effect)}, expected {expected}")
        if web_effect != api_effect:
            wrong.append(f"{role}: the web {'did' if web_effect else 'refused'} it, the API not")
    assert not wrong, "\n".join(wrong)


def report_url(team, period, activity) -> str:
    return API + f"reports/{period.slug}/{activity.code}/"


def test_who_writes_a_report(setup):  # noqa: F811
    team, period, activity = setup

    def web(client):
        response = client.post(
            urls(team, period, activity, "report"),
            {"status": "delayed", "progress": "12,5", "narrative": "x", "revision": 0},
        )
        return response.status_code, ProgressReport.objects.filter(status="delayed").exists()

    def api(client):
        response = client.put(
            report_url(team, period, activity),
            {"status": "delayed", "progress": "12.5", "narrative": "x", "revision": 0},
            format="json",
        )
        return response.status_code, ProgressReport.objects.filter(status="delayed").exists()

    matrix(team, WRITERS, web, api, ok=200)


@pytest.mark.parametrize(
    ("state", "action", "allowed", "after"),
    [
        ("draft", "submit", {"head"}, "submitted"),
        ("submitted", "approve", PROGRAMME_OFFICE, "approved"),
        ("submitted", "return", PROGRAMME_OFFICE, "returned"),
        ("approved", "reopen", {"administrator"}, "returned"),
    ],
)
def test_who_moves_a_report_along(setup, state, action, allowed, after):  # noqa: F811
    team, period, activity = setup

    def web(client):
        report = make_report(team, period, activity, state)
        response = client.post(
            urls(team, period, activity, "transition"),
            # The web asks to tick a box before an approval or a reopening; the API's call is
            # explicit enough.
            {"action": action, "comment": "because", "revision": report.revision, "confirm": "on"},
        )
        return response.status_code, ProgressReport.objects.get(pk=report.pk).state == after

    def api(client):
        report = make_report(team, period, activity, state)
        response = client.post(
            report_url(team, period, activity) + "transitions/",
            {"action": action, "comment": "because", "revision": report.revision},
            format="json",
        )
        return response.status_code, ProgressReport.objects.get(pk=report.pk).state == after

    matrix(team, allowed, web, api, ok=200)


def test_who_records_indicator_values(setup):  # noqa: F811
    team, _period, _activity = setup
    sync_indicators(team.programme)

    def web(client):
        response = client.post(
            f"/en/programmes/green-almaty/indicators/{PLANTED}/values/",
            {"observed_on": "2023-12-31", "value": "552000", "source": "act"},
        )
        return response.status_code, Observation.objects.exists()

    def api(client):
        response = client.post(
            API + f"indicators/{PLANTED}/observations/",
            {"observations": [{"observed_on": "2023-12-31", "value": "552000", "source": "act"}]},
            format="json",
        )
        return response.status_code, Observation.objects.exists()

    matrix(team, OBSERVERS, web, api, ok=201)


def test_unpublished_reports_are_read_only_by_those_the_web_shows_them_to(setup):  # noqa: F811
    team, period, activity = setup
    make_report(team, period, activity, "submitted")
    readers = {"administrator", "reviewer", "auditor", *WRITERS, "viewer"}
    for role in EVERYONE:
        api_status = api_for(team, role).get(report_url(team, period, activity)).status_code
        web_status = client_for(team, role).get(urls(team, period, activity, "report")).status_code
        expected = 200 if role in readers else (401 if role == "anonymous" else 403)
        assert api_status == expected, role
        assert (web_status == 200) == (api_status == 200), role
