"""Every KPI of the roadmap becomes an indicator with its targets; observations are checked row
by row and written all or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jasyl.domain.indicators.models import Indicator, Observation
from jasyl.domain.indicators.services import (
    IndicatorError,
    amend_target,
    import_observations,
    sync_indicators,
)
from jasyl.domain.people.access import access_for


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def targets(programme, code):
    indicator = programme.indicators.get(code=code)
    return {t.year: t.value for t in indicator.targets.all()}


def test_every_kpi_measure_of_the_roadmap_is_an_indicator(registry):
    codes = set(registry.indicators.values_list("code", flat=True))
    assert len(codes) == 38
    assert {"1:air_emissions", "2:green_fund_trees", "10:recyclables_collected"} <= codes
    assert {"1.4:ev_charging_stations", "8:river_channel_reconstructed"} <= codes


def test_the_headline_targets_with_baseline_and_direction(registry):
    emissions = registry.indicators.get(code="1:air_emissions")
    assert (emissions.kind, emissions.direction) == ("level", "decrease")
    assert (emissions.baseline_value, emissions.baseline_year) == (Decimal(127), 2021)
    assert targets(registry, "1:air_emissions") == {2025: 113, 2030: 78}
    trees = registry.indicators.get(code="2:green_fund_trees")
    assert (trees.direction, trees.baseline_value) == ("increase", Decimal(4_000_000))
    assert targets(registry, "2:green_fund_trees") == {2025: 5_200_000, 2030: 6_500_000}
    assert targets(registry, "10:recyclables_collected") == {2025: 5, 2030: 10}
    assert emissions.agency.code == "ЭжҚОБ"


def test_sums_since_the_previous_target_become_cumulative_totals(registry):
    planted = registry.indicators.get(code="2.2:trees_shrubs_planted")
    assert planted.kind == "cumulative"
    assert targets(registry, "2.2:trees_shrubs_planted") == {2025: 1_200_000, 2030: 2_500_000}
    published = {t.year: t.published_value for t in planted.targets.all()}
    assert published == {2025: 1_200_000, 2030: 1_300_000}, "the printed figures are kept"
    # A reduction to reach is higher-is-better; a level falling over time is lower-is-better.
    assert registry.indicators.get(code="1.5:air_emissions").direction == "increase"
    assert registry.indicators.get(code="2.4:wood_waste_volume").direction == "decrease"


def test_syncing_again_changes_nothing_and_keeps_an_amended_target(registry, team):
    target = registry.indicators.get(code="1:air_emissions").targets.get(year=2030)
    admin = team["administrator"]
    amend_target(
        actor=admin,
        access=access_for(admin, registry),
        target=target,
        value=Decimal(80),
        reason="Revised inventory",
        act="Akimat resolution No. 1",
    )
    result = sync_indicators(registry)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    target.refresh_from_db()
    assert (target.value, target.published_value, target.amended) == (80, 78, True)
    amendment = target.amendments.get()
    assert (amendment.previous_value, amendment.new_value, amendment.reason) == (
        78,
        80,
        "Revised inventory",
    )


def test_only_the_administrator_amends_a_target_and_only_with_a_reason(registry, team):
    target = registry.indicators.get(code="1:air_emissions").targets.get(year=2030)
    with pytest.raises(PermissionDenied):
        amend_target(
            actor=team["reviewer"],
            access=access_for(team["reviewer"], registry),
            target=target,
            value=Decimal(80),
            reason="x",
            act="",
        )
    with pytest.raises(IndicatorError, match="reason is required"):
        amend_target(
            actor=team["administrator"],
            access=access_for(team["administrator"], registry),
            target=target,
            value=Decimal(80),
            reason=" ",
            act="",
        )


def csv_import(team, role, text):
    user = team[role]
    return import_observations(
        actor=user,
        access=access_for(user, team.programme),
        programme=team.programme,
        content=text.encode(),
    )


GOOD = """indicator,date,value,source
2.2:trees_shrubs_planted,2022-12-31,240000,Annual report of the department
2.2:trees_shrubs_planted,2023-12-31,"552 000",Annual report of the department
"""


def test_a_good_file_is_imported(registry, team):
    rows = csv_import(team, "editor", GOOD)
    assert [r.value for r in rows] == [240000, 552000]
    assert all(r.entered_by == team["editor"] for r in rows)


def test_every_bad_row_is_named_and_nothing_is_written(registry, team):
    bad = """indicator,date,value,source,district
2.2:trees_shrubs_planted,2022-12-31,240000,report,
2.2:nonsense,2023-12-31,1,report,
2.2:trees_shrubs_planted,31.12.2023,1,report,
2.2:trees_shrubs_planted,2024-12-31,many,report,
2.2:trees_shrubs_planted,2025-12-31,-5,report,
2.2:trees_shrubs_planted,2026-12-31,5,,
2.2:trees_shrubs_planted,2027-12-31,5,report,Nowhere district
"""
    with pytest.raises(IndicatorError) as refused:
        csv_import(team, "editor", bad)
    lines = str(refused.value).splitlines()
    assert lines == [
        "row 3, column indicator: unknown indicator “2.2:nonsense”.",
        "row 4, column date: date “31.12.2023” is not a date (write YYYY-MM-DD).",
        "row 5, column value: value “many” is not a number.",
        "row 6, column value: value -5 cannot be negative.",
        "row 7, column source: say where the value comes from (source).",
        "row 8, column district: unknown district “Nowhere district”.",
    ]
    assert not Observation.objects.exists()


def test_a_missing_column_or_a_changed_value_is_refused_and_a_repeated_one_is_unchanged(
    registry, team
):
    with pytest.raises(IndicatorError, match="Missing column"):
        csv_import(team, "editor", "indicator,date,value\n2.2:trees_shrubs_planted,2022-12-31,1\n")
    csv_import(team, "editor", GOOD)
    assert csv_import(team, "editor", GOOD) == [], "the same values again change nothing"
    changed = GOOD.replace('"552 000"', "552001")
    with pytest.raises(
        IndicatorError,
        match=r"row 3, column value: 2\.2:trees_shrubs_planted already has the value 552000 "
        r"for 2023-12-31; change it on its page\.",
    ):
        csv_import(team, "editor", changed)
    assert Observation.objects.count() == 2


def test_who_records_values(registry, team):
    for role in ("viewer", "auditor", "outsider"):
        with pytest.raises(PermissionDenied):
            csv_import(team, role, GOOD)
    assert len(csv_import(team, "reviewer", GOOD)) == 2
    assert Indicator.objects.count() == 38
