"""The waste ledger: hand-worked years (arithmetic in the comments), the planned outputs of the
bundled roadmap, unknown years, the data file's errors, and the page."""

import re
from decimal import Decimal

import pytest

from jasyl.domain.indicators.ledgers import LedgerDataError, NoLedger
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.indicators.waste import (
    facility_years,
    load_rules,
    planned_by_period,
    planned_cumulative,
    recyclables_years,
    target_path,
    waste,
)
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.domain import Period
from jasyl.samples.indicators import generate_observations
from jasyl.testing.reports import observe

URL = "/{language}/programmes/green-almaty/ledgers/waste/"
RECYCLABLES = "10:recyclables_collected"
SITES = "10.2:container_sites_modernised_or_built"
MESH = "10.4:mesh_containers"
PERIODS = [
    Period("2022", 2022, 2022),
    Period("2023", 2023, 2023),
    Period("2024", 2024, 2024),
    Period("2025", 2025, 2025),
    Period("2026-2030", 2026, 2030),
]
YEARS = range(2022, 2031)


def rows(page: str, caption_or_id: str) -> dict[str, list[str]]:
    """The body rows of the table after `caption_or_id`, by their year, as a reader sees them."""
    table = page[page.index(caption_or_id) :]
    table = table[: table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and cells[0].isdigit():
            found[cells[0]] = cells[1:]
    return found


def test_the_plan_adds_up_period_by_period_and_leaves_2026_to_2029_unknown() -> None:
    # The outputs of item 10.4: 5, 64, 68, 68 and 1 020 for 2026-2030.
    planned = {
        "2022": Decimal(5),
        "2023": Decimal(64),
        "2024": Decimal(68),
        "2025": Decimal(68),
        "2026-2030": Decimal(1020),
    }
    by_year = planned_cumulative(YEARS, PERIODS, planned)
    # 5; 5 + 64 = 69; 69 + 68 = 137; 137 + 68 = 205.
    assert [by_year[y] for y in (2022, 2023, 2024, 2025)] == [5, 69, 137, 205]
    # 2026-2029 fall inside 2026-2030, whose 1 020 the plan does not spread: unknown.
    assert [by_year[y] for y in range(2026, 2030)] == [None] * 4
    # 2030: 205 + 1 020 = 1 225.
    assert by_year[2030] == 1225


def test_a_period_without_the_measure_plans_none_of_it() -> None:
    # Item 10.2: nothing built in 2022 (design documentation), 181, 295, 295; none after 2025.
    planned = {"2023": Decimal(181), "2024": Decimal(295), "2025": Decimal(295)}
    by_year = planned_cumulative(YEARS, PERIODS, planned)
    # 0; 181; 181 + 295 = 476; 476 + 295 = 771; and 771 still in 2026-2030, a known figure.
    assert [by_year[y] for y in (2022, 2023, 2024, 2025)] == [0, 181, 476, 771]
    assert by_year[2027] == 771 and by_year[2030] == 771


def test_without_any_output_counting_it_the_plan_is_unknown() -> None:
    assert set(planned_cumulative(YEARS, PERIODS, None).values()) == {None}


def test_the_outputs_of_the_bundled_roadmap() -> None:
    plan = load_plan(programme_folder("green-almaty"))
    # The 2022 output of item 10.2 counts no site: it is not a period of the measure; nor does
    # 2023's, a routine repair of 181 existing sites ("ағымдағы жөндеу"), counted apart.
    assert planned_by_period(plan, "10.2", "container_sites_modernised_or_built") == {
        "2024": 295,
        "2025": 295,
    }
    assert planned_by_period(plan, "10.4", "mesh_containers") == {
        "2022": 5,
        "2023": 64,
        "2024": 68,
        "2025": 68,
        "2026-2030": 1020,
    }
    # Item 10 itself plans no output counted in eco-stations.
    assert planned_by_period(plan, "10", "eco_stations") is None


def test_hand_worked_facility_years() -> None:
    first, second, third, fourth = facility_years(
        years=[2022, 2023, 2024, 2025],
        planned={2022: Decimal(0), 2023: Decimal(181), 2024: Decimal(476), 2025: None},
        built={2022: Decimal(12), 2023: Decimal(150), 2025: Decimal(700)},
        targets={2025: Decimal(772)},
    )
    # 2022: nothing planned, 12 built: 12 - 0 = 12 ahead; no share of nothing.
    assert (first.planned, first.built, first.difference, first.share) == (0, 12, 12, None)
    # 2023: 150 - 181 = -31; 150 / 181 = 0.8287...
    assert (second.difference, round(second.share, 4)) == (-31, Decimal("0.8287"))
    # 2024: nothing observed: neither difference nor share, and neither is 0.
    assert (third.built, third.difference, third.share) == (None, None, None)
    # 2025: the plan's figure unknown: built stands, the comparison does not.
    assert (fourth.built, fourth.difference, fourth.share, fourth.target) == (700, None, None, 772)


def test_the_path_to_the_targets() -> None:
    targets = {2025: Decimal(5), 2030: Decimal(10)}
    path = target_path(YEARS, targets, None)
    # No baseline: nothing before 2025; then 5 + (10 - 5) x (2027 - 2025) / 5 = 7.
    assert [path[y] for y in (2022, 2024, 2025, 2027, 2030)] == [None, None, 5, 7, 10]
    # From a baseline of 3 in 2021: 3 + (5 - 3) x 2 / 4 = 4 in 2023.
    assert target_path([2023], targets, (2021, Decimal(3)))[2023] == 4
    assert target_path([2031], targets, None)[2031] is None


def test_recyclables_against_the_path() -> None:
    rows_ = recyclables_years(
        {2025: Decimal("4.5")}, {2024: None, 2025: Decimal(5), 2026: Decimal(6)}
    )
    # 2025: 4.5 - 5 = -0.5; 2024 has no path and 2026 no value: unknown.
    assert [(r.year, r.difference) for r in rows_] == [
        (2024, None),
        (2025, Decimal("-0.5")),
        (2026, None),
    ]


def test_the_data_file_names_the_registry_indicators() -> None:
    rules = load_rules("green-almaty")
    assert rules.recyclables == RECYCLABLES
    assert rules.facilities == (SITES, "10.3:eco_stations", MESH, "10.1:bulky_waste_sites")


def test_the_data_file_errors_name_the_file_and_the_key(tmp_path) -> None:
    with pytest.raises(NoLedger, match=r"nowhere-waste\.yaml"):
        load_rules("nowhere", tmp_path)
    (tmp_path / "x-waste.yaml").write_text("indicators:\n  recyclables: r\n")
    with pytest.raises(LedgerDataError, match=r"x-waste\.yaml: .*indicators\.facilities"):
        load_rules("x", tmp_path)
    (tmp_path / "y-waste.yaml").write_text("indicators:\n  recyclables: r\n  facilities: f\n")
    with pytest.raises(LedgerDataError, match=r"y-waste\.yaml: indicators\.facilities must be"):
        load_rules("y", tmp_path)
    (tmp_path / "z-waste.yaml").write_text("indicators: [\n")
    with pytest.raises(LedgerDataError, match=r"z-waste\.yaml: not valid YAML"):
        load_rules("z", tmp_path)


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def test_a_code_the_registry_lacks_is_named_with_its_key(registry, tmp_path, monkeypatch) -> None:
    (tmp_path / "green-almaty-waste.yaml").write_text(
        f"indicators:\n  recyclables: '{RECYCLABLES}'\n  facilities: ['{SITES}', '10.9:wells']\n"
    )
    monkeypatch.setattr("jasyl.domain.indicators.waste.DATA", tmp_path)
    with pytest.raises(
        LedgerDataError,
        match=r"green-almaty-waste\.yaml: indicators\.facilities\[1\]: 10\.9:wells is not",
    ):
        waste(registry)


def test_the_ledger_from_the_registry(registry) -> None:
    observe(MESH, 2022, 4)
    observe(MESH, 2023, 80)
    observe(RECYCLABLES, 2023, "3.5")
    ledger = waste(registry)
    mesh = next(f for f in ledger.facilities if f.indicator.code == MESH)
    by_year = {y.year: y for y in mesh.years}
    # 2022: 4 - 5 = -1, 4 / 5 = 80 %; 2023: 80 - 69 = 11.
    assert (by_year[2022].difference, by_year[2022].share) == (-1, Decimal("0.8"))
    assert by_year[2023].difference == 11 and by_year[2030].target == 1200
    recyclables = {y.year: y for y in ledger.recyclables_years}
    assert recyclables[2023].observed == Decimal("3.5") and recyclables[2023].path is None


@pytest.mark.parametrize(
    ("language", "planned_2030", "caption"),
    [
        ("kk", "1\xa0225", "Жыл соңына дейін жоспарланғаны"),
        ("ru", "1\xa0225", "Запланировано к концу года"),
        ("en", "1,225", "Planned by the end of the year"),
    ],
)
def test_the_official_page_in_every_language_shows_dashes_without_values(
    client, registry, language, planned_2030, caption
) -> None:
    response = client.get(URL.format(language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert caption in page
    mesh = rows(page, 'id="facility-3"')
    # Planned 1 225 by 2030; nothing built is known, so difference and share are unknown too.
    assert mesh["2030"][:4] == [planned_2030, "—", "—", "—"]
    assert mesh["2027"][:4] == ["—", "—", "—", "—"]
    recyclables = rows(page, 'id="recyclables-caption"')
    assert recyclables["2022"] == ["—", "—", "—"]
    assert recyclables["2030"][0] == "—" and recyclables["2030"][1] == "10"


def test_sample_values_only_when_asked_for(client, registry) -> None:
    observe(SITES, 2024, 150, sample=True)
    url = URL.format(language="en")
    official = rows(client.get(url).content.decode(), 'id="facility-1"')
    assert official["2024"] == ["295", "—", "—", "—", "—"]
    page = client.get(url + "?data=sample").content.decode()
    assert "Sample data for demonstration" in page
    # 150 - 295 = -145; 150 / 295 = 50.8 %.
    assert rows(page, 'id="facility-1"')["2024"] == ["295", "150", "-145", "50.8\xa0%", "—"]


def test_the_sample_generator_fills_the_page(client, registry) -> None:
    generate_observations(registry)
    page = client.get(URL.format(language="en") + "?data=sample").content.decode()
    for facility in range(1, 5):
        built = [cells[1] for cells in rows(page, f'id="facility-{facility}"').values()]
        assert all(b != "—" for b in built[:4]) and built[4:] == ["—"] * 5
    assert rows(page, 'id="recyclables-caption"')["2025"][0] != "—"
    assert '<polyline class="observed"' in page


def test_the_indicator_list_links_the_ledger(client, registry) -> None:
    page = client.get("/en/programmes/green-almaty/indicators/").content.decode()
    assert 'href="/en/programmes/green-almaty/ledgers/waste/"' in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, registry, django_assert_num_queries
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    observe(SITES, 2022, 10)
    url = URL.format(language="en")
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for year in range(2023, 2026):
        for code in (SITES, MESH, RECYCLABLES):
            observe(code, year, 100)
    cache.clear()
    with django_assert_num_queries(len(first)):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
