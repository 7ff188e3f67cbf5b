import dataclasses
from decimal import Decimal

import pytest

from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.models import Activity, PlannedAmount, ProgrammeVersion, Quantity
from jasyl.domain.roadmap.selectors import plan_from_db
from jasyl.domain.roadmap.services import AmendmentRequired
from jasyl.domain.roadmap.services import load_plan as load_into_database

pytestmark = pytest.mark.django_db


def bundled():
    return load_plan(programme_folder("green-almaty"))


def counts():
    return (Activity.objects.count(), PlannedAmount.objects.count(), Quantity.objects.count())


def test_the_database_gives_back_exactly_the_plan_that_was_loaded(roadmap):
    assert plan_from_db(roadmap) == bundled()


def test_published_figures_are_stored_exactly(roadmap):
    grand = PlannedAmount.objects.get(
        programme=roadmap, activity=None, section=None, period=None, source=None
    )
    assert grand.amount == Decimal("451519")
    assert not PlannedAmount.objects.filter(source__code="republican").exists()


def test_loading_again_changes_nothing(roadmap):
    before = counts()
    result = load_into_database(plan=bundled())
    assert result.changed is False
    assert counts() == before
    assert ProgrammeVersion.objects.count() == 1


def test_a_changed_plan_is_an_amendment_that_needs_a_reason(roadmap):
    plan = bundled()
    plan.activity("1.4").figures.funding["2023"] = Decimal(120)
    with pytest.raises(AmendmentRequired):
        load_into_database(plan=plan)
    assert plan_from_db(roadmap) == bundled()


def test_an_amendment_keeps_the_previous_version(roadmap):
    plan = bundled()
    plan.activity("1.4").figures.funding["2023"] = Decimal(120)
    result = load_into_database(plan=plan, reason="Akimat decision", act="No. 1")
    versions = list(roadmap.versions.order_by("number"))
    assert [(v.number, v.kind) for v in versions] == [(1, "published"), (2, "amendment")]
    assert versions[0].snapshot["activities"][4]["funding"]["2023"] == 112
    assert versions[1].snapshot["activities"][4]["funding"]["2023"] == 120
    assert result.version.reason == "Akimat decision"
    assert plan_from_db(roadmap).activity("1.4").figures.funding["2023"] == Decimal(120)


def test_an_amendment_that_drops_an_activity_removes_it(roadmap):
    plan = bundled()
    plan.activities = [a for a in plan.activities if a.code != "12.5"]
    plan.sections[2].activities.remove("12.5")
    load_into_database(plan=plan, reason="12.5 cancelled")
    assert not Activity.objects.filter(code="12.5").exists()
    assert plan_from_db(roadmap) == plan


def test_a_load_that_fails_half_way_writes_nothing(db):
    plan = bundled()
    broken = dataclasses.replace(plan.activities[-1], agencies=["not-an-agency"])
    plan.activities[-1] = broken
    with pytest.raises(KeyError):
        load_into_database(plan=plan)
    assert counts() == (0, 0, 0)
    assert not ProgrammeVersion.objects.exists()
