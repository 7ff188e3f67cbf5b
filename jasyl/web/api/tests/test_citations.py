"""The registry rows a report cites, read and written through the API under the same rules as
the report page: codes named when refused, a stale revision a conflict, public once approved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jasyl.testing.greenfund import districts  # noqa: F401 (a fixture)
from jasyl.testing.reports import draft_report, open_period
from jasyl.web.api.tests.conftest import API
from jasyl.web.api.tests.test_write import token_client
from jasyl.web.waste.tests.conftest import container_site

pytestmark = pytest.mark.django_db

URL = API + "reports/2025/2.2/citations/"


@pytest.fixture
def report(team, districts):  # noqa: F811 (a fixture)
    found = draft_report(team, open_period(team))
    for code in ("CS-1", "CS-2"):
        container_site(code, activity=found.activity)
    return found


def test_an_editor_cites_rows_and_reads_them_back(team, report):
    editor = token_client(team["editor"])
    answer = editor.put(
        URL, {"revision": 1, "kind": "container-sites", "codes": ["CS-2", "CS-1"]}, format="json"
    )
    assert answer.status_code == 200, answer.content
    found = answer.json()
    assert found["revision"] == 2
    assert [(c["kind"], c["code"], c["name"], c["added_by"]) for c in found["citations"]] == [
        ("container-sites", "CS-1", "Yard CS-1", "Editor"),
        ("container-sites", "CS-2", "Yard CS-2", "Editor"),
    ]
    assert editor.get(URL).json() == found
    # Not approved: not public.
    assert APIClient().get(URL).status_code == 401


def test_refused_codes_are_named_and_a_stale_revision_is_a_conflict(team, report):
    editor = token_client(team["editor"])
    refused = editor.put(
        URL, {"revision": 1, "kind": "container-sites", "codes": ["CS-1", "X-9"]}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"field": "codes", "message": "“X-9” is not a row of the registry container sites."}
    ]
    unknown = editor.put(URL, {"revision": 1, "kind": "nope", "codes": []}, format="json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "kind"
    assert (
        editor.put(
            URL, {"revision": 1, "kind": "container-sites", "codes": ["CS-1"]}, format="json"
        ).status_code
        == 200
    )
    stale = token_client(team["co_editor"]).put(
        URL, {"revision": 1, "kind": "container-sites", "codes": []}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["errors"] == [
        {"field": "revision", "message": "The current revision is 2."}
    ]
    assert [c["code"] for c in editor.get(URL).json()["citations"]] == ["CS-1"]


def test_the_rows_cited_are_frozen_and_public_once_approved(team, report):
    editor = token_client(team["editor"])
    editor.put(URL, {"revision": 1, "kind": "container-sites", "codes": ["CS-1"]}, format="json")
    for role, action in (("head", "submit"), ("reviewer", "approve")):
        moved = token_client(team[role]).post(
            API + "reports/2025/2.2/transitions/", {"action": action, "revision": 2}, format="json"
        )
        assert moved.status_code == 200, moved.content
    frozen = editor.put(URL, {"revision": 2, "kind": "container-sites", "codes": []}, format="json")
    assert frozen.status_code == 400
    assert "cannot be changed" in frozen.json()["detail"]
    public = APIClient().get(URL)
    assert public.status_code == 200 and [c["code"] for c in public.json()["citations"]] == ["CS-1"]
