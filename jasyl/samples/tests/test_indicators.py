"""Sample indicator values: plausible, varied, deterministic, and never official ones."""

import datetime
import itertools
from collections import Counter
from decimal import Decimal

import pytest

from jasyl.domain.indicators import projections
from jasyl.domain.indicators.models import Observation
from jasyl.domain.indicators.selectors import assessed
from jasyl.domain.indicators.services import sync_indicators
from jasyl.samples.indicators import generate_observations
from jasyl.samples.progress import SampleDataError

pytestmark = pytest.mark.django_db

YEARS = [2022, 2023, 2024, 2025]
# Values a year: one city-wide per indicator, and the container sites of item 10.2 in each of
# the four districts the roadmap names.
PER_YEAR = 38 + 4
SITES = "10.2:container_sites_modernised_or_built"
AS_OF = datetime.date(2025, 12, 31)


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def dump(programme) -> dict[tuple[str, int, str], Decimal]:
    """Every sample value, by indicator, year and district ("" city-wide)."""
    return {
        (o.indicator.code, o.observed_on.year, o.district.code if o.district else ""): o.value
        for o in Observation.objects.filter(
            indicator__programme=programme, sample=True
        ).select_related("indicator", "district")
    }


def by_indicator(programme) -> dict[str, list[Decimal]]:
    """Each indicator's sample values, in year order."""
    values: dict[str, list[Decimal]] = {}
    for (code, _, district), value in sorted(dump(programme).items()):
        if not district:
            values.setdefault(code, []).append(value)
    return values


def test_every_indicator_gets_a_sample_value_on_each_year_end(registry):
    assert generate_observations(registry) == PER_YEAR * len(YEARS)
    observations = Observation.objects.filter(indicator__programme=registry, district=None)
    assert {
        (o.sample, o.source, o.entered_by_id, o.district_id, o.evidence_url) for o in observations
    } == {(True, "sample", None, None, "")}
    assert sorted({o.observed_on for o in observations}) == [
        datetime.date(y, 12, 31) for y in YEARS
    ]
    per_indicator = Counter(o.indicator_id for o in observations)
    assert len(per_indicator) == 38
    assert set(per_indicator.values()) == {len(YEARS)}
    assert all(o.value >= 0 for o in observations)


def test_the_same_seed_gives_the_same_values(registry):
    generate_observations(registry, seed=7)
    first = dump(registry)
    generate_observations(registry, seed=7, remove=True)
    assert dump(registry) == first
    generate_observations(registry, seed=8, remove=True)
    assert dump(registry) != first


def test_years_do_not_depend_on_how_many_were_made_at_once(registry):
    generate_observations(registry, through=2025)
    all_at_once = dump(registry)
    assert generate_observations(registry, through=2023, remove=True) == PER_YEAR * 2
    assert generate_observations(registry, through=2025) == PER_YEAR * 2
    assert dump(registry) == all_at_once


def test_running_again_changes_nothing(registry):
    generate_observations(registry)
    before = dump(registry)
    ids = sorted(Observation.objects.values_list("pk", flat=True))
    assert generate_observations(registry, seed=2) == 0
    assert dump(registry) == before
    assert sorted(Observation.objects.values_list("pk", flat=True)) == ids


def test_remove_deletes_only_sample_values(registry):
    emissions = registry.indicators.get(code="1:air_emissions")
    official = Observation.objects.create(
        indicator=emissions,
        observed_on=datetime.date(2023, 12, 31),
        value=Decimal("121.5"),
        source="Department of Ecology",
    )
    generate_observations(registry)
    sample = Observation.objects.filter(sample=True).count()
    assert sample == PER_YEAR * len(YEARS)
    assert generate_observations(registry, remove=True) == sample
    official.refresh_from_db()
    assert (official.sample, official.value) == (False, Decimal("121.5"))
    assert Observation.objects.filter(sample=False).count() == 1
    assert Observation.objects.filter(sample=True).count() == sample


def test_refuses_years_outside_the_programme(registry):
    with pytest.raises(SampleDataError, match="2022–2030"):
        generate_observations(registry, through=2031)
    assert not Observation.objects.exists()


def test_decreasing_indicators_decrease_and_counts_rise(registry):
    generate_observations(registry)
    values = by_indicator(registry)
    decreasing = registry.indicators.filter(direction="decrease")
    assert {i.code for i in decreasing} >= {"1:air_emissions", "2.4:wood_waste_volume"}
    for indicator in decreasing:
        series = values[indicator.code]
        assert all(b < a for a, b in itertools.pairwise(series)), indicator.code
        if indicator.baseline_value is not None:
            assert series[0] < indicator.baseline_value, indicator.code
    assert values["1:air_emissions"][0] < 127
    # Without a baseline, a falling level starts above its first target and moves toward it.
    wood_waste = values["2.4:wood_waste_volume"]
    assert wood_waste[0] > 200_000 > wood_waste[0] * Decimal("0.6")
    for indicator in registry.indicators.filter(kind="cumulative"):
        series = values[indicator.code]
        assert series == sorted(series), indicator.code
        assert series[-1] > 0, indicator.code


def test_percentages_are_at_most_100_and_counts_are_whole(registry):
    generate_observations(registry, through=2030)
    observations = Observation.objects.select_related("indicator__measure__unit")
    percent = [o.value for o in observations if o.indicator.measure.unit.code == "percent"]
    assert percent
    assert all(0 <= v <= 100 for v in percent)
    counted = [o.value for o in observations if o.indicator.measure.unit.code in {"item", "person"}]
    assert counted
    assert all(v == v.to_integral_value() for v in counted)


def test_the_default_seed_shows_varied_statuses(registry):
    generate_observations(registry)
    statuses = Counter(item.outlook.status for item in assessed(registry, sample=True, as_of=AS_OF))
    assert sum(statuses.values()) == 38
    assert projections.Status.NO_DATA not in statuses
    assert len(statuses) >= 3, statuses


def test_the_districts_of_the_container_sites_add_up_to_the_city(registry):
    generate_observations(registry)
    values = dump(registry)
    for year in YEARS:
        parts = {d: v for (code, y, d), v in values.items() if code == SITES and y == year and d}
        assert len(parts) == 4 and all(
            v >= 0 and v == v.to_integral_value() for v in parts.values()
        )
        assert sum(parts.values()) == values[(SITES, year, "")]
    assert {d for (code, _, d) in values if code != SITES} == {""}
