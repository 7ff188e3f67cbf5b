"""An agency's report cites the registry rows that are its evidence: rows of its own activity,
never sample rows in an official report, under the report's own revision and lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jasyl.domain.people.access import access_for
from jasyl.domain.registries.citations import MAX_CODES, CitationError, cite
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Citation
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.diff import changes
from jasyl.domain.reporting.models import AuditEntry
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.domain.waste.models import ContainerSite
from jasyl.domain.waste.services import Containers, register_container_site
from jasyl.testing.greenfund import IN_WEST, districts, point  # noqa: F401 (a fixture)
from jasyl.testing.reports import draft_report, open_period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def site(code: str, activity, *, is_sample: bool = False) -> ContainerSite:
    return register_container_site(
        values={
            "code": code,
            "name_en": f"Site {code}",
            "kind": ContainerSite.Kind.UNDERGROUND,
            "geometry": point(IN_WEST),
            "activity": activity,
            "is_sample": is_sample,
        },
        containers={"dry": Containers(1)},
        actor=None,
        access=None,
    ).entry


@pytest.fixture
def report(team, districts):  # noqa: F811 (a fixture)
    return draft_report(team, open_period(team))


def as_role(team, role, report, codes, *, based_on=None, kind="container-sites"):
    user = team[role]
    return cite(
        actor=user,
        access=access_for(user, team.programme),
        report=report,
        kind=kind,
        codes=codes,
        based_on=report.revision if based_on is None else based_on,
    )


def test_citing_rows_is_a_new_revision_with_an_audit_entry(team, report):
    activity = report.activity
    site("CS-1", activity), site("CS-2", activity)
    cited = as_role(team, "editor", report, ["CS-2", "CS-1", "CS-1"])
    assert cited.revision == 2
    assert sorted(Citation.objects.filter(report=report).values_list("code", flat=True)) == [
        "CS-1",
        "CS-2",
    ]
    latest = cited.revisions.get(number=2)
    assert latest.snapshot["citations"] == {"container-sites": ["CS-1", "CS-2"]}
    entry = AuditEntry.objects.filter(report=report).latest("pk")
    assert (entry.action, entry.comment, entry.revision) == (
        "cited",
        "container-sites: +CS-2, +CS-1",
        2,
    )
    first = Citation.objects.get(report=report, code="CS-2")

    # The co-executing agency's editor keeps one row: the other goes, the kept one is unchanged.
    again = as_role(team, "co_editor", cited, ["CS-2"])
    assert list(Citation.objects.filter(report=report)) == [first]
    assert first.added_by == team["editor"]
    assert AuditEntry.objects.filter(report=report).latest("pk").comment == "container-sites: -CS-1"
    # The two revisions differ by the rows cited, as the diff page shows them.
    plan = current_plan(team.programme)
    (change,) = changes(
        cited.revisions.get(number=2).snapshot, again.revisions.get(number=3).snapshot, plan
    )
    assert (change.label, change.before, change.after) == (
        "Registry rows cited: container-sites",
        "CS-1, CS-2",
        "CS-2",
    )


def test_an_unknown_code_is_refused_naming_it_and_nothing_is_written(team, report):
    site("CS-1", report.activity)
    with pytest.raises(CitationError) as refused:
        as_role(team, "editor", report, ["CS-1", "CS-404"])
    assert refused.value.problems == ["“CS-404” is not a row of the registry container sites."]
    report.refresh_from_db()
    assert report.revision == 1
    assert not Citation.objects.exists()


def test_an_official_report_cannot_cite_a_sample_row(team, report):
    site("DEMO-1", report.activity, is_sample=True)
    with pytest.raises(CitationError) as refused:
        as_role(team, "editor", report, ["DEMO-1"])
    assert refused.value.problems == ["“DEMO-1” is sample data: an official report cannot cite it."]


def test_only_rows_of_the_reports_activity_are_cited(team, report):
    site("CS-OTHER", team.programme.activities.get(code="10.2"))
    site("CS-NONE", None)
    with pytest.raises(CitationError) as refused:
        as_role(team, "editor", report, ["CS-OTHER", "CS-NONE"])
    assert refused.value.problems == [
        "“CS-OTHER” is a row of activity 10.2, not 2.2: a report cites only the rows of its own "
        "activity.",
        "“CS-NONE” names no roadmap activity: a report cites only the rows of its own activity "
        "(the programme office sets a row's activity).",
    ]


def test_an_unknown_registry_and_too_many_codes_are_refused(team, report):
    with pytest.raises(RegistryError) as refused:
        as_role(team, "editor", report, ["CS-1"], kind="species")
    assert refused.value.field == "kind"
    assert "“species” is not a registry" in refused.value.message
    with pytest.raises(CitationError) as flood:
        as_role(team, "editor", report, [f"C{n}" for n in range(MAX_CODES + 1)])
    assert flood.value.problems == [f"At most {MAX_CODES} codes per registry; 1001 were given."]


def test_a_stale_revision_is_refused_and_the_first_save_kept(team, report):
    activity = report.activity
    site("CS-1", activity), site("CS-2", activity)
    as_role(team, "editor", report, ["CS-1"], based_on=1)
    with pytest.raises(workflow.StaleEdit):
        as_role(team, "co_editor", report, ["CS-2"], based_on=1)
    assert list(Citation.objects.values_list("code", flat=True)) == ["CS-1"]


def test_citations_are_frozen_once_the_report_is_submitted_and_approved(team, report):
    site("CS-1", report.activity)
    with pytest.raises(PermissionDenied):
        as_role(team, "viewer", report, ["CS-1"])
    for role, name in (("head", "submit"), ("reviewer", "approve")):
        user = team[role]
        report = workflow.transition(
            actor=user,
            access=access_for(user, team.programme),
            report=report,
            name=name,
            based_on=report.revision,
        )
        with pytest.raises(workflow.WorkflowError, match="cannot be changed"):
            as_role(team, "editor", report, ["CS-1"])
    assert not Citation.objects.exists()
