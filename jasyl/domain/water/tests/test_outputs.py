"""The outputs of items 5.2, 5.3, 6, 7 and 8 counted from the works log, against a case worked
by hand: objects each once a year, kilometres summed, design documentation counted as design
and never as built, sample rows and other activities' works never."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.registries.claims import output_rows
from jasyl.domain.registries.outputs import counters_for
from jasyl.domain.roadmap.models import Quantity
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.domain.water.tests.helpers import water_object, work

pytestmark = pytest.mark.django_db

D = datetime.date


def by_measure(code: str) -> dict[str, object]:
    return {counter.measures[0]: counter for counter in counters_for(code)}


def test_every_counter_names_a_measure_and_unit_of_the_roadmap_data(roadmap):
    for code in ("5.2", "5.3", "6", "7", "8"):
        for measure, counter in by_measure(code).items():
            units = set(
                Quantity.objects.filter(
                    measure__code=measure, output__activity__code=code
                ).values_list("measure__unit__code", flat=True)
            )
            assert units == {counter.unit}, (code, measure)  # type: ignore[attr-defined]
    assert len(counters_for("5.2")) == 3
    assert counters_for("4") == [] and counters_for("5.1") == []


def test_kilometres_of_river_channel_are_summed_by_year(roadmap, districts):
    item8 = roadmap.activities.get(code="8")
    other = roadmap.activities.get(code="7")
    river = water_object("R-1", "river")
    second = water_object("R-2", "river")
    sample = water_object("R-S", "river", is_sample=True)
    work(river, "reconstruction", D(2024, 4, 1), km_done=Decimal("0.6"), activity=item8)
    work(second, "reconstruction", D(2024, 9, 1), km_done=Decimal("0.4"), activity=item8)
    work(river, "reconstruction", D(2023, 9, 1), km_done=Decimal("0.5"), activity=item8)
    work(sample, "reconstruction", D(2024, 9, 1), km_done=Decimal("1.5"), activity=item8)
    work(second, "reconstruction", D(2024, 10, 1), km_done=Decimal("0.3"), activity=other)
    work(river, "cleaning", D(2024, 10, 1), km_done=Decimal("1.0"), activity=item8)
    counter = by_measure("8")["river_channel_reconstructed"]
    # 2024: 0.6 + 0.4 (the sample river, the other activity and the cleaning do not count).
    assert counter.count(roadmap, 2024) == Decimal("1.0")  # type: ignore[attr-defined]
    assert counter.count(roadmap, 2023) == Decimal("0.5")  # type: ignore[attr-defined]
    assert counter.count(roadmap, None) == Decimal("1.5")  # type: ignore[attr-defined]


def test_design_documentation_is_counted_as_design_not_as_landscaped(roadmap, districts):
    item7 = roadmap.activities.get(code="7")
    ponds = [water_object(f"P-{n}", "pond") for n in range(1, 4)]
    reservoir = water_object("RES-1", "reservoir")
    for row in (*ponds, reservoir):
        work(row, "design_documentation", D(2023, 11, 1), activity=item7)
    # Landscaped twice in 2024: one water body landscaped that year.
    work(ponds[0], "landscaping", D(2024, 5, 1), activity=item7)
    work(ponds[0], "landscaping", D(2024, 8, 1), activity=item7)
    counters = by_measure("7")
    design = counters["water_bodies_landscaping_design_documentation"]
    landscaped = counters["water_bodies_landscaped"]
    assert design.count(roadmap, 2023) == 4  # type: ignore[attr-defined]
    assert landscaped.count(roadmap, 2023) == 0  # type: ignore[attr-defined]
    assert landscaped.count(roadmap, 2024) == 1  # type: ignore[attr-defined]

    # The activity page's rows: planned beside registered, per budget period and unit.
    rows = {
        (r.counter.unit, r.period): (r.planned, r.registered)
        for r in output_rows(roadmap, current_plan(roadmap), "7")
    }
    # 2023 plans documentation for 4 water bodies and 1 reservoir; 4 are registered.
    assert rows[("designed_object", "2023")] == (Decimal(5), Decimal(4))
    assert rows[("item", "2024")] == (Decimal(3), Decimal(1))
    assert ("item", "2023") not in rows


def test_item_5_2_counts_intakes_and_canals_apart(roadmap, districts):
    item = roadmap.activities.get(code="5.2")
    intake = water_object("W-1", "water_intake")
    canal = water_object("C-1", "canal")
    aryk = water_object("A-1", "aryk")
    work(intake, "construction", D(2023, 6, 1), activity=item)
    work(canal, "reconstruction", D(2023, 6, 1), km_done=Decimal("1"), activity=item)
    work(aryk, "reconstruction", D(2023, 6, 1), km_done=Decimal("1"), activity=item)
    work(canal, "design_documentation", D(2024, 2, 1), activity=item)
    counters = by_measure("5.2")
    assert counters["water_intakes_built_or_rebuilt"].count(roadmap, 2023) == 1  # type: ignore[attr-defined]
    # The aryk is not one of the canals of the output.
    assert counters["canals_reconstructed"].count(roadmap, 2023) == 1  # type: ignore[attr-defined]
    assert counters["canals_design_documentation"].count(roadmap, 2024) == 1  # type: ignore[attr-defined]
    rows = {
        (r.measures, r.period): r.registered
        for r in output_rows(roadmap, current_plan(roadmap), "5.2")
    }
    # Each planned measure is matched by its own counter only.
    assert rows[(("water_intakes_built_or_rebuilt",), "2023")] == 1
    assert rows[(("canals_reconstructed",), "2025")] == 0
    assert (("water_intakes_built_or_rebuilt",), "2025") not in rows
