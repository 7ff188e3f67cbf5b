"""The PDFs are rendered by a background job, once per edition and language whatever the query
string: a flood of requests with random query strings renders a document once, takes no
server process for seconds each, and leaves the other pages answering."""

from __future__ import annotations

import secrets

import pytest
from django_tasks_db.models import DBTaskResult

from jasyl.testing.jobs import run_worker
from jasyl.testing.reports import approved_reports
from jasyl.web.reports import tasks

SHEET = "/en/programmes/green-almaty/activities/2.2/sheet.pdf"


@pytest.fixture
def renders(monkeypatch):
    """How many times an activity sheet was rendered (the renderer itself runs)."""
    count = {"sheets": 0}
    render = tasks.activity_sheet_pdf

    def counted(*args, **kwargs):
        count["sheets"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(tasks, "activity_sheet_pdf", counted)
    return count


@pytest.fixture
def official(roadmap):
    approved_reports(roadmap, ["2.2"], year=2023)
    return roadmap


def test_twenty_random_query_strings_render_the_sheet_once(client, official, renders):
    answers = [client.get(f"{SHEET}?x={secrets.token_hex(4)}") for _ in range(20)]
    assert {a.status_code for a in answers} == {200}
    assert {a.content for a in answers} == {answers[0].content}
    assert renders["sheets"] == 1


def test_a_sheet_not_ready_is_prepared_by_the_worker_while_other_pages_answer(
    client, official, renders, settings, database_jobs
):
    # Past the twenty costly requests a client may make in a minute (test_ratelimit.py).
    settings.JASYL_COSTLY_REQUESTS = 100
    answers = [client.get(f"{SHEET}?x={secrets.token_hex(4)}") for _ in range(20)]
    assert {a.status_code for a in answers} == {202}
    page = answers[-1].content.decode()
    assert answers[-1]["Retry-After"] == "5"
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Waiting for the background worker." in page
    assert renders["sheets"] == 0, "no request rendered it"
    assert DBTaskResult.objects.count() == 1, "one job for twenty requests"
    assert client.get("/en/programmes/green-almaty/").status_code == 200
    run_worker()
    assert renders["sheets"] == 1
    ready = client.get(f"{SHEET}?x=after")
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    # The sample data's sheet is another document: its own job.
    assert client.get(f"{SHEET}?data=sample").status_code == 202
    assert DBTaskResult.objects.count() == 2
