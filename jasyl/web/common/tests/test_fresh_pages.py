"""Every write that changes what a public page shows moves the page's cache key, so the page
in every language shows the change at once: the cached Kazakh, Russian and English pages
never disagree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jasyl.domain.greenfund.models import Tree
from jasyl.domain.people.access import access_for
from jasyl.domain.registries.services import approve_edit, save_entry
from jasyl.domain.reporting import workflow
from jasyl.testing.greenfund import IN_WEST, point
from jasyl.testing.greenfund import districts as districts  # the fixture
from jasyl.testing.reports import open_period

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the write's on-commit work (the test's transaction is never committed)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pages(client, path: str) -> dict[str, str]:
    """The anonymous page at `path` in every language (cached after the first reading)."""
    return {lang: client.get(f"/{lang}{path}").content.decode() for lang in LANGUAGES}


def test_closing_and_reopening_a_period_shows_in_every_language(client, team, committed):
    period = open_period(team)
    admin = team["administrator"]
    report = f"/reports/{period.slug}.pdf"
    dashboard = "/programmes/green-almaty/"
    assert not any(report in page for page in pages(client, dashboard).values())

    with committed():
        workflow.set_period_state(
            actor=admin, access=access_for(admin, team.programme), period=period, state="closed"
        )
    closed = pages(client, dashboard)
    assert all(report in page for page in closed.values()), "closed: its report is published"

    with committed():
        workflow.set_period_state(
            actor=admin,
            access=access_for(admin, team.programme),
            period=period,
            state="open",
            comment="late reports",
        )
    assert not any(report in page for page in pages(client, dashboard).values())


def test_an_approved_registry_edit_shows_in_every_language(
    client,
    team,
    districts,
    committed,
):
    tree = save_entry(
        model=Tree,
        entry=None,
        values={
            "code": "T1",
            "geometry": point(IN_WEST),
            "height_m": Decimal("8"),
            "activity": team.programme.activities.get(code="2.2"),
        },
        actor=None,
        access=None,
    ).entry
    editor, reviewer = team["editor"], team["reviewer"]
    edit = save_entry(
        model=Tree,
        entry=tree,
        values={"height_m": Decimal("9.5")},
        actor=editor,
        access=access_for(editor, team.programme),
    ).edit
    path = f"/programmes/green-almaty/green-fund/trees/{tree.pk}/"
    assert not any("9.5" in page or "9,5" in page for page in pages(client, path).values())

    with committed():
        approve_edit(edit=edit, actor=reviewer, access=access_for(reviewer, team.programme))

    shown = pages(client, path)
    assert all("9.5" in page or "9,5" in page for page in shown.values())
