"""The KPIs of the registry, grouped on the stored district in one query each, official and
sample data never mixed; overdue compensation per district and agency; coverage."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.gis.geos import MultiPoint

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund import selectors
from jasyl.domain.greenfund.kpis import coverage
from jasyl.domain.greenfund.models import Species, Tree
from jasyl.domain.greenfund.services import issue_permit, record_felling, record_planting
from jasyl.testing.greenfund import IN_EAST, IN_WEST, OUTSIDE, make_tree, point

pytestmark = pytest.mark.django_db

D = datetime.date
FELLED = Tree.Status.FELLED


@pytest.fixture
def registry(districts):
    oak = Species.objects.get(latin_name="Quercus")
    elm = Species.objects.get(latin_name="Ulmus")
    make_tree("W1", IN_WEST, species=oak, condition="good", planted_year=2023)
    make_tree("W2", IN_WEST, species=oak, condition="poor", planted_year=2024)
    make_tree("W3", IN_WEST, species=elm, condition="hazardous", planted_year=2024)
    make_tree("E1", IN_EAST, species=elm, condition="good", planted_year=2024)
    make_tree("E2", IN_EAST, planted_year=2024)
    make_tree("E3", IN_EAST, status=FELLED, felled_on=D(2024, 5, 1), condition="dead")
    make_tree("X1", OUTSIDE, status=FELLED, felled_on=D(2025, 2, 1), planted_year=1990)
    # Demonstration data: never in the official figures.
    make_tree("S1", IN_WEST, species=oak, condition="good", planted_year=2024, is_sample=True)
    return districts


def test_the_stock_counts_the_standing_official_trees_per_district(
    registry, django_assert_num_queries
):
    west, east = registry["west"].pk, registry["east"].pk
    with django_assert_num_queries(1):
        by_district = selectors.stock_by_district()

    assert by_district == {west: 3, east: 2}
    assert selectors.stock() == 5
    assert selectors.stock(sample=True) == 1


def test_planted_and_felled_are_counted_by_year_and_district(registry, django_assert_num_queries):
    west, east = registry["west"].pk, registry["east"].pk
    with django_assert_num_queries(1):
        planted = selectors.planted_by_year_and_district()
    with django_assert_num_queries(1):
        felled = selectors.felled_by_year_and_district()

    assert planted == {(2023, west): 1, (2024, west): 2, (2024, east): 2, (1990, None): 1}
    assert felled == {(2024, east): 1, (2025, None): 1}
    figures = selectors.registry_figures()
    assert (figures.stock, figures.planted, figures.felled) == (
        5,
        {1990: 1, 2023: 1, 2024: 4},
        {2024: 1, 2025: 1},
    )


def test_condition_shares_are_of_the_standing_trees_with_the_unrecorded_apart(registry):
    shares = {s.key: (s.count, s.share) for s in selectors.condition_shares()}

    assert shares == {
        "good": (2, Decimal("0.4000")),
        "fair": (0, Decimal("0.0000")),
        "poor": (1, Decimal("0.2000")),
        "hazardous": (1, Decimal("0.2000")),
        "dead": (0, Decimal("0.0000")),
        "": (1, Decimal("0.2000")),
    }


def test_species_are_counted_most_first_with_the_unknown_ones(registry, django_assert_num_queries):
    with django_assert_num_queries(2):
        counts = selectors.by_species()

    assert [(c.species.latin_name if c.species else None, c.count) for c in counts] == [
        ("Quercus", 2),
        ("Ulmus", 2),
        (None, 1),
    ]


def test_overdue_compensation_is_counted_per_district_and_agency(districts):
    today = D(2026, 1, 10)
    agency = Agency.objects.create(code="TEST-AG", kind="company", name_kk="Сынақ")
    places = MultiPoint(point(IN_WEST), point(IN_WEST), srid=4326)

    def permit(number, deadline, planted, applicant=None):
        issued = issue_permit(
            number=number,
            issued_on=D(2025, 1, 1),
            reason="hazardous",
            points=places,
            deadline=deadline,
            applicant=applicant,
            applicant_name="" if applicant else "A LLP",
            actor=None,
            access=None,
        )
        record_felling(permit=issued, felled_on=D(2025, 1, 5), actor=None, access=None)
        if planted:
            record_planting(
                permit=issued, planted_on=D(2025, 2, 1), count=planted, actor=None, access=None
            )
        return issued

    late = permit("P-1", D(2025, 12, 31), 5, agency)
    permit("P-2", D(2025, 12, 31), 20)  # fulfilled: 2 x 10 planted
    permit("P-3", D(2026, 3, 1), 0)  # not yet due
    late_too = permit("P-4", D(2026, 1, 9), 0)

    assert list(selectors.overdue_permits(today=today)) == [late, late_too]
    counts = selectors.overdue_counts(today=today)
    assert counts.by_district == {districts["west"].pk: 2}
    assert counts.by_agency == {agency.pk: 1, None: 1}


def test_coverage_is_the_registry_count_over_the_official_count():
    assert coverage(4_200_000, Decimal("5200000")) == Decimal("0.8077")
    assert coverage(10, None) is None
    assert coverage(10, 0) is None
