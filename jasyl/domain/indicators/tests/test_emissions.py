"""The emissions ledger: a hand-worked gap analysis (arithmetic in the comments), the claims
that cannot be true, the bundled roadmap's figures, the data file, the waterfall and the page."""

from decimal import Decimal

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jasyl.core.i18n import LANGUAGES
from jasyl.domain.indicators.emissions import (
    Measure,
    emissions_ledger,
    gap_analysis,
    impossible_claims,
    load_rules,
)
from jasyl.domain.indicators.ledgers import DATA, LedgerDataError, NoLedger, along
from jasyl.domain.indicators.models import EmissionInventory
from jasyl.domain.indicators.services import sync_indicators
from jasyl.testing.reports import observe
from jasyl.web.common.charts.indicators import waterfall_chart

URL = "/{language}/programmes/green-almaty/ledgers/emissions/"


def measure(code: str, **reductions: int) -> Measure:
    return Measure(
        code=f"{code}:e",
        activity=code,
        name=f"Measure {code}",
        reductions={int(year[1:]): Decimal(v) for year, v in reductions.items()},
    )


def analysis(*measures: Measure, baseline: int = 100):
    return {
        row.year: row
        for row in gap_analysis(
            baseline_year=2020,
            baseline=Decimal(baseline),
            targets={2022: Decimal(90), 2024: Decimal(60)},
            measures=measures,
            observed={2021: Decimal(97)},
        )
    }


def test_a_hand_worked_gap_analysis() -> None:
    rows = analysis(measure("A", y2022=4, y2024=20), measure("B", y2024=10))
    assert list(rows) == [2020, 2021, 2022, 2023, 2024]
    # Target path: 100 (2020) -> 90 (2022) -> 60 (2024): 95 in 2021, 75 in 2023.
    assert [rows[y].path for y in rows] == [100, 95, 90, 75, 60]
    assert [rows[y].required for y in rows] == [0, 5, 10, 25, 40]
    # A: 0 in 2020, 4 in 2022, 20 in 2024: 2 in 2021 and 12 in 2023, interpolated.
    # B: 0 in 2020, 10 in 2024: 2.5 a year.
    assert [s.value for s in rows[2021].shares] == [2, Decimal("2.5")]
    assert [s.published for s in rows[2022].shares] == [True, False]
    # Planned: 2 + 2.5 = 4.5; 4 + 5 = 9; 12 + 7.5 = 19.5; 20 + 10 = 30.
    assert [rows[y].planned for y in rows] == [0, Decimal("4.5"), 9, Decimal("19.5"), 30]
    # Gap, required - planned: 5 - 4.5 = 0.5; 10 - 9 = 1; 25 - 19.5 = 5.5; 40 - 30 = 10.
    assert [rows[y].gap for y in rows] == [0, Decimal("0.5"), 1, Decimal("5.5"), 10]
    assert [rows[y].after_measures for y in rows] == [100, Decimal("95.5"), 91, Decimal("80.5"), 70]
    # 2022: only A's 4 is published for the year: 10 - 4 = 6 short on published figures.
    assert (rows[2022].published, rows[2022].published_gap) == (4, 6)
    assert rows[2022].interpolated and not rows[2024].interpolated
    assert rows[2024].covered is False and rows[2020].covered is True
    assert rows[2021].observed == 97 and rows[2022].observed is None
    assert (rows[2022].target, rows[2023].target) == (90, None)


def test_a_measure_holds_its_last_figure_and_counts_nothing_before_the_baseline() -> None:
    early = measure("C", y2022=4)
    rows = analysis(early)
    # 4 stays in 2023 and 2024, marked as not published for those years.
    assert [(rows[y].shares[0].value, rows[y].shares[0].published) for y in (2023, 2024)] == [
        (4, False),
        (4, False),
    ]
    assert early.by(2019, 2020) == (None, False)


def test_straight_lines_through_points() -> None:
    points = {2020: Decimal(0), 2030: Decimal(10)}
    assert along(points, 2025) == 5 and along(points, 2019) is None
    assert along(points, 2031) is None and along(points, 2031, hold=True) == 10
    assert along({}, 2025) is None


def test_claims_that_cannot_be_true() -> None:
    rows = analysis(measure("A", y2024=20), measure("G", y2024=150)).values()
    claims = impossible_claims(Decimal(100), rows)
    # G alone: 150 > 100, 50 too many, flagged once at its first published year.
    assert [(c.year, c.measure and c.measure.activity, c.excess) for c in claims] == [
        (2024, "G", 50),
        # Together in 2024: 20 + 150 = 170 > 100, emissions would be -70.
        (2024, None, 70),
    ]
    assert impossible_claims(Decimal(100), analysis(measure("A", y2024=20)).values()) == []


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def test_the_roadmaps_ledger(registry) -> None:
    ledger = emissions_ledger(registry)
    assert [m.activity for m in ledger.measures] == ["1.5", "1.6", "1.7"]
    assert (ledger.baseline_year, ledger.baseline) == (2021, 127)
    years = {y.year: y for y in ledger.years}
    assert list(years) == list(range(2021, 2031))
    # 2025: 127 - 113 = 14 required; published for 2025: 3.7 (CHP-2) + 3 (transport) = 6.7,
    # 7.3 short. Gasification states only 2030's 201: 201 x 4/9 = 89.33 interpolated.
    assert (years[2025].required, years[2025].published, years[2025].published_gap) == (
        14,
        Decimal("6.7"),
        Decimal("7.3"),
    )
    assert round(years[2025].planned, 2) == Decimal("96.03") and years[2025].interpolated
    # 2030: 127 - 78 = 49 required; 33.5 + 201 + 5.3 = 239.8 promised: -112.8 left.
    assert (years[2030].required, years[2030].planned) == (49, Decimal("239.8"))
    assert years[2030].after_measures == Decimal("-112.8") and years[2030].beyond_emissions
    assert [(c.year, c.measure and c.measure.activity, c.excess) for c in ledger.claims] == [
        (2030, "1.6", 74),
        (2030, None, Decimal("112.8")),
    ]


def test_the_total_indicator_and_the_other_inventories_are_data(tmp_path) -> None:
    with translation.override("en"):
        rules = load_rules("green-almaty")
    assert (rules.file, rules.total) == ("green-almaty-emissions.yaml", "1:air_emissions")
    (inventory,) = rules.inventories
    assert (inventory.year, inventory.total, inventory.status) == (2024, 189, "published")
    assert "transport about 60 %" in inventory.basis
    assert any("2022" in note.text for note in rules.notes)
    with pytest.raises(NoLedger, match=r"nowhere-emissions\.yaml"):
        load_rules("nowhere", tmp_path)
    (tmp_path / "x-emissions.yaml").write_text("totals: 1:air_emissions\n")
    with pytest.raises(LedgerDataError, match=r"x-emissions\.yaml: the key total is missing"):
        load_rules("x", tmp_path)
    (tmp_path / "y-emissions.yaml").write_text(
        "total: t\ninventories:\n  - {year: 2024, total: 1, source: s, status: rumour,\n"
        "     edition: {kk: a, ru: a, en: a}, basis: {kk: b, ru: b, en: b}}\n"
    )
    with pytest.raises(LedgerDataError, match=r"y-emissions\.yaml: inventories\[0\]\.status"):
        load_rules("y", tmp_path)
    (tmp_path / "z-emissions.yaml").write_text(
        "total: t\ninventories:\n  - {year: 2024, total: lots, source: s, status: published}\n"
    )
    with pytest.raises(LedgerDataError, match=r"z-emissions\.yaml: inventories\[0\]: year"):
        load_rules("z", tmp_path)


def test_every_text_of_the_data_file_is_given_in_kazakh_russian_and_english() -> None:
    content = yaml.safe_load((DATA / "green-almaty-emissions.yaml").read_text("utf-8"))
    texts = [i[key] for i in content["inventories"] for key in ("edition", "basis", "source")]
    for text in [*texts, *content["notes"]]:
        assert isinstance(text, dict) and all(text.get(lang) for lang in LANGUAGES), text


def test_a_waterfall_below_zero() -> None:
    chart = waterfall_chart(
        ("Baseline", Decimal(127)),
        [("1.5", Decimal("33.5"), True), ("1.6", Decimal(201), True)],
        "Left",
        Decimal(78),
        str,
    )
    kinds = [b.kind for b in chart.bars]
    assert kinds == ["start", "step", "step", "below-zero"]
    assert chart.bars[-1].value == "-107.5" and chart.target_label == "78"
    # Zero sits inside the plot, between the top and the bottom grid lines.
    ticks = [float(y) for y, _ in chart.y_ticks]
    assert min(ticks) < float(chart.zero) < max(ticks)
    assert all("," not in b.x and "," not in b.top for b in chart.bars)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_in_every_language(client, registry, language) -> None:
    response = client.get(URL.format(language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<svg class="waterfall"') == 2
    assert 'class="below-zero"' in page
    assert {"kk": "239,8", "ru": "239,8", "en": "239.8"}[language] in page
    # The other inventory's edition and its source, both in the page's language.
    source = {
        "kk": "Алматы қаласы шығарындылар көздерінің жиынтық түгендеуі, 2024",
        "ru": "Сводная инвентаризация источников выбросов города Алматы, 2024",
        "en": "Consolidated inventory of Almaty&#x27;s emission sources, 2024",
    }[language]
    assert page.count(source) == 2


def test_the_english_page_tells_the_gap_and_the_impossible_claims(client, registry) -> None:
    observe("1:air_emissions", 2022, 124)
    page = client.get(URL.format(language="en")).content.decode()
    assert "Item 1.6 (Gasification of the city of Almaty) promises a reduction of 201" in page
    assert "74 more than the whole city emitted in 2021 (127)" in page
    assert "the figures the plan publishes for 2025 add up to 6.7" in page
    assert "They fall 7.3 short." in page
    assert "They cover it on paper only" in page
    # The 2024 inventory on its own basis, beside the plan's baseline, never compared.
    assert "Consolidated inventory of Almaty&#x27;s emission sources, 2024" in page
    assert "transport about 60 %" in page
    assert "The akim attributed the 127 thousand t of emissions to 2022" in page
    assert '<td class="num">124</td>' in page


def test_an_inventory_added_in_the_admin_shows_at_once(
    client, admin_client, registry, django_capture_on_commit_callbacks
) -> None:
    url = URL.format(language="en")
    assert "Kazhydromet 2023" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/en/admin/indicators/emissioninventory/add/",
            {
                "programme": registry.pk,
                "year": 2023,
                "total": "52.6",
                "edition_kk": "Kazhydromet 2023 kk",
                "edition_ru": "Kazhydromet 2023 ru",
                "edition_en": "Kazhydromet 2023",
                "basis_kk": "b",
                "basis_ru": "b",
                "basis_en": "Stationary sources only",
                "source": "Annual report",
                "source_url": "",
                "status": "unverified",
            },
        )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Kazhydromet 2023" in page and "Stationary sources only" in page
    assert "Not verified" in page
    assert EmissionInventory.objects.get().total == Decimal("52.6")


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, registry, django_assert_num_queries
) -> None:
    url = URL.format(language="en")
    observe("1:air_emissions", 2022, 125)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for year in range(2023, 2026):
        observe("1:air_emissions", year, 120)
    EmissionInventory.objects.create(
        programme=registry,
        year=2023,
        total=50,
        edition_kk="a",
        edition_ru="a",
        edition_en="a",
        basis_kk="b",
        basis_ru="b",
        basis_en="b",
        source="s",
        status="published",
    )
    cache.clear()
    with django_assert_num_queries(len(first)):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
