"""Felling permits and their compensation, through the services: the hand-worked case of the
roadmap's rule (10 trees per hazardous tree felled, item 2.2), a reason without a rule, rule
versions, and plantings proposed by the agency that owes them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.contrib.gis.geos import MultiPoint
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jasyl.domain.greenfund.compensation import PermitState
from jasyl.domain.greenfund.models import (
    CompensationRule,
    CompensatoryPlanting,
    FellingPermit,
    Species,
    Tree,
    VerificationStatus,
)
from jasyl.domain.greenfund.selectors import rule_in_force
from jasyl.domain.greenfund.services import (
    issue_permit,
    record_felling,
    record_planting,
    refresh_states,
)
from jasyl.domain.people.access import access_for
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.services import approve_edit
from jasyl.testing.greenfund import IN_EAST, IN_WEST, make_tree, point

pytestmark = pytest.mark.django_db

D = datetime.date
LEDGER = Path(__file__).resolve().parents[2] / "indicators/data/green-almaty-green-fund.yaml"


@pytest.fixture
def hazardous_trees(districts) -> list[Tree]:
    return [make_tree(f"T{n}", IN_WEST, condition=Tree.Condition.HAZARDOUS) for n in (1, 2, 3)]


def test_the_roadmaps_rule_is_seeded_from_the_green_fund_ledgers_data_file():
    ledger = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["compensation"]
    rule = CompensationRule.objects.get()

    assert rule.ratio == Decimal(str(ledger["ratio"]))
    assert rule.reasons == ["hazardous"]
    assert rule.verification_status == VerificationStatus.DERIVED_FROM_PLAN
    assert rule.source_kk == ledger["source"]["kk"]
    assert (rule.valid_from, rule.valid_to) == (None, None)


def test_three_hazardous_trees_owe_thirty_and_the_state_follows_the_plantings(hazardous_trees):
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=30)
    permit = issue_permit(
        number="P-1",
        issued_on=today - datetime.timedelta(days=60),
        reason="hazardous",
        trees=hazardous_trees,
        deadline=deadline,
        actor=None,
        access=None,
    )
    assert (permit.owed, permit.state, permit.district.code) == (Decimal(30), "open", "west")
    assert permit.rule == CompensationRule.objects.get()

    permit = record_felling(permit=permit, felled_on=today, actor=None, access=None)
    assert permit.state == PermitState.DUE
    assert set(Tree.objects.values_list("status", flat=True)) == {"felled"}
    assert Tree.objects.get(code="T1").felled_by == permit

    record_planting(permit=permit, planted_on=today, count=20, actor=None, access=None)
    permit.refresh_from_db()
    assert (permit.planted_count, permit.state) == (20, PermitState.DUE)

    assert refresh_states(today=deadline) == 0
    assert refresh_states(today=deadline + datetime.timedelta(days=1)) == 1
    permit.refresh_from_db()
    assert permit.state == PermitState.OVERDUE

    record_planting(permit=permit, planted_on=today, count=10, actor=None, access=None)
    permit.refresh_from_db()
    assert (permit.planted_count, permit.state) == (30, PermitState.FULFILLED)
    assert permit.missing == 0


def test_a_felling_for_construction_owes_an_unknown_compensation_where_no_rule_is_in_force(
    hazardous_trees,
):
    permit = issue_permit(
        number="P-2",
        issued_on=D(2025, 3, 1),
        reason="construction",
        trees=hazardous_trees,
        actor=None,
        access=None,
    )
    assert (permit.owed, permit.rule) == (None, None)

    permit = record_felling(permit=permit, felled_on=D(2025, 3, 2), actor=None, access=None)

    assert permit.state == PermitState.UNKNOWN


def test_the_rule_in_force_on_the_day_of_issue_applies(districts):
    seeded = CompensationRule.objects.get()
    seeded.valid_to = D(2025, 12, 31)
    seeded.full_clean()
    seeded.save()
    newer = CompensationRule(
        ratio=Decimal("12"),
        reasons=["hazardous"],
        valid_from=D(2026, 1, 1),
        source_kk="Сынақ",
        verification_status=VerificationStatus.LEGAL_ACT,
    )
    newer.full_clean()
    newer.save()
    points = MultiPoint(point(IN_WEST), point(IN_EAST), srid=4326)

    before = issue_permit(
        number="P-3",
        issued_on=D(2025, 12, 31),
        reason="hazardous",
        points=points,
        actor=None,
        access=None,
    )
    after = issue_permit(
        number="P-4",
        issued_on=D(2026, 1, 1),
        reason="hazardous",
        points=points,
        actor=None,
        access=None,
    )

    assert (before.owed, before.rule) == (Decimal(20), seeded)
    assert (after.owed, after.rule) == (Decimal(24), newer)
    assert rule_in_force(reason="hazardous", on=D(2026, 6, 1)) == newer


def test_two_rules_for_one_reason_in_force_on_the_same_day_are_refused():
    from django.core.exceptions import ValidationError

    rival = CompensationRule(
        ratio=Decimal("5"),
        reasons=["hazardous", "dead"],
        valid_from=D(2026, 1, 1),
        source_kk="Сынақ",
        verification_status=VerificationStatus.LEGAL_ACT,
    )

    with pytest.raises(ValidationError, match="Another rule for the same reason"):
        rival.full_clean()


def test_a_permit_cannot_list_more_trees_than_it_allows_to_fell(hazardous_trees):
    with pytest.raises(RegistryError, match="lists 3 trees but allows felling 2"):
        issue_permit(
            number="P-5",
            issued_on=D(2025, 3, 1),
            reason="hazardous",
            trees=hazardous_trees,
            trees_count=2,
            actor=None,
            access=None,
        )


def test_felling_more_than_the_permit_has_left_is_refused(hazardous_trees):
    permit = issue_permit(
        number="P-6",
        issued_on=D(2025, 3, 1),
        reason="hazardous",
        trees=hazardous_trees,
        actor=None,
        access=None,
    )
    record_felling(
        permit=permit, felled_on=D(2025, 3, 2), trees=hazardous_trees[:1], actor=None, access=None
    )

    with pytest.raises(RegistryError, match="felled already"):
        record_felling(
            permit=permit,
            felled_on=D(2025, 3, 3),
            trees=hazardous_trees[:1],
            actor=None,
            access=None,
        )
    with pytest.raises(RegistryError, match="has 2 left"):
        record_felling(permit=permit, felled_on=D(2025, 3, 3), count=3, actor=None, access=None)


def test_a_planting_of_listed_places_registers_a_tree_at_each_in_its_district(hazardous_trees):
    permit = issue_permit(
        number="P-7",
        issued_on=D(2025, 3, 1),
        reason="hazardous",
        trees=hazardous_trees,
        actor=None,
        access=None,
    )
    oak = Species.objects.get(latin_name="Quercus")

    recorded = record_planting(
        permit=permit,
        planted_on=D(2025, 4, 1),
        species=oak,
        points=MultiPoint(point(IN_WEST), point(IN_EAST), srid=4326),
        actor=None,
        access=None,
    )

    planted = Tree.objects.filter(planting=recorded.planting).order_by("code")
    assert [(t.code, t.district.code, t.species, t.planted_year) for t in planted] == [
        ("P-7/1-1", "west", oak, 2025),
        ("P-7/1-2", "east", oak, 2025),
    ]
    assert recorded.planting.count == 2


@pytest.fixture
def owed_permit(team, districts) -> FellingPermit:
    """A permit of activity 2.3, which the editor's agency (ЭжҚОБ) executes."""
    permit = issue_permit(
        number="P-8",
        issued_on=D(2025, 3, 1),
        reason="hazardous",
        trees_count=2,
        points=MultiPoint(point(IN_WEST), point(IN_EAST), srid=4326),
        activity=team.programme.activities.get(code="2.3"),
        deadline=D(2025, 10, 1),
        actor=None,
        access=None,
    )
    return record_felling(permit=permit, felled_on=D(2025, 3, 2), actor=None, access=None)


def test_an_owing_agencys_planting_waits_for_the_office_before_the_permit_moves(team, owed_permit):
    editor = access_for(team["editor"], team.programme)

    recorded = record_planting(
        permit=owed_permit,
        planted_on=D(2025, 4, 1),
        count=20,
        actor=team["editor"],
        access=editor,
    )

    assert recorded.pending and recorded.planting is None
    assert not CompensatoryPlanting.objects.exists()
    assert FellingPermit.objects.get(pk=owed_permit.pk).planted_count == 0

    reviewer = access_for(team["reviewer"], team.programme)
    approved = approve_edit(edit=recorded.edit, actor=team["reviewer"], access=reviewer)

    owed_permit.refresh_from_db()
    assert (owed_permit.planted_count, owed_permit.state) == (20, PermitState.FULFILLED)
    assert approved.status == Edit.Status.APPLIED
    assert approved.object_id == CompensatoryPlanting.objects.get().pk


def test_an_agency_that_owes_nothing_may_not_record_plantings(team, owed_permit):
    with pytest.raises(RegistryError, match="may not record plantings"):
        record_planting(
            permit=owed_permit,
            planted_on=D(2025, 4, 1),
            count=5,
            actor=team["outsider"],
            access=access_for(team["outsider"], team.programme),
        )


def test_only_the_office_issues_permits(team, districts):
    with pytest.raises(PermissionDenied):
        issue_permit(
            number="P-9",
            issued_on=D(2025, 3, 1),
            reason="hazardous",
            trees_count=1,
            actor=team["editor"],
            access=access_for(team["editor"], team.programme),
        )
