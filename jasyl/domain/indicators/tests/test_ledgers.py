"""The green fund ledger: hand-worked years (arithmetic in the comments), the plan check on the
bundled roadmap, unknown years, the data file's errors, and the page."""

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.indicators.ledgers import (
    LedgerDataError,
    NoLedger,
    green_fund,
    ledger,
    load_rules,
    plan_check,
    year_end_values,
)
from jasyl.domain.indicators.services import sync_indicators
from jasyl.testing.reports import observe

URL = "/{language}/programmes/green-almaty/ledgers/green-fund/"
PLANTED = "2.2:trees_shrubs_planted"
FELLED = "2.3:hazardous_trees_felled"
STOCK = "2:green_fund_trees"


def d(*values: int) -> dict[int, Decimal]:
    """{2022: values[0], 2023: values[1], ...}"""
    return {2022 + i: Decimal(v) for i, v in enumerate(values)}


def test_hand_worked_years() -> None:
    rows = ledger(
        years=range(2022, 2025),
        ratio=Decimal(10),
        planted=d(30_000, 250_000),
        felled=d(5_000, 21_925),
        stock={2023: Decimal(4_300_000)},
        targets={2025: Decimal(5_200_000)},
    )
    first, second, third = rows
    # 2022: planted 30 000 - 0 = 30 000; felled 5 000 - 0 = 5 000; owed 10 x 5 000 = 50 000;
    # fulfilled min(30 000, 50 000) = 30 000; still owed 50 000 - 30 000 = 20 000.
    assert (first.planted, first.felled, first.owed) == (30_000, 5_000, 50_000)
    assert (first.fulfilled, first.balance) == (30_000, 20_000)
    # 2023: planted 250 000 - 30 000 = 220 000; felled 21 925 - 5 000 = 16 925;
    # owed 10 x 21 925 = 219 250; fulfilled min(250 000, 219 250) = 219 250 (capped); balance 0.
    assert (second.planted, second.felled, second.owed) == (220_000, 16_925, 219_250)
    assert (second.fulfilled, second.balance) == (219_250, 0)
    assert (second.stock, second.target) == (4_300_000, None)
    # 2024: nothing observed: nothing computed, and nothing is 0.
    assert (third.planted, third.felled, third.owed, third.fulfilled, third.balance) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert third.stock is None


def test_a_missing_year_leaves_the_next_years_difference_unknown() -> None:
    rows = ledger(
        years=range(2022, 2025),
        ratio=Decimal(10),
        planted={2022: Decimal(10_000), 2024: Decimal(900_000)},
        felled={2022: Decimal(5_000), 2024: Decimal(40_000)},
        stock={},
        targets={},
    )
    by_year = {r.year: r for r in rows}
    # 2023 unknown: neither 2023 nor 2024 "in the year" can be told ...
    assert by_year[2023].planted is None and by_year[2024].planted is None
    assert by_year[2024].felled is None
    # ... but the 2024 totals stand: owed 10 x 40 000 = 400 000; planted 900 000, capped at
    # 400 000; still owed 0.
    assert (by_year[2024].owed, by_year[2024].fulfilled, by_year[2024].balance) == (
        400_000,
        400_000,
        0,
    )


def test_a_zero_is_a_known_zero() -> None:
    (row,) = ledger(
        years=[2022],
        ratio=Decimal(10),
        planted={2022: Decimal(0)},
        felled={2022: Decimal(0)},
        stock={},
        targets={},
    )
    assert (row.planted, row.felled, row.owed, row.fulfilled, row.balance) == (0, 0, 0, 0, 0)


def test_only_values_of_31_december_count() -> None:
    values = [
        (datetime.date(2023, 6, 30), Decimal(1)),
        (datetime.date(2023, 12, 31), Decimal(2)),
        (datetime.date(2024, 9, 30), Decimal(3)),
    ]
    assert year_end_values(values) == {2023: 2}


def test_the_plan_check_of_the_roadmap(roadmap) -> None:
    sync_indicators(roadmap)
    checks = {c.year: c for c in green_fund(roadmap).checks}
    # 2025: planted 1 200 000; owed 10 x 55 775 = 557 750; 1 200 000 - 557 750 = 642 250 spare.
    assert (checks[2025].planting, checks[2025].owed, checks[2025].margin) == (
        1_200_000,
        557_750,
        642_250,
    )
    # 2030: planted 2 500 000; owed 10 x (55 775 + 28 853 = 84 628) = 846 280, the figure of the
    # roadmap's item 2.2; 2 500 000 - 846 280 = 1 653 720 spare.
    assert (checks[2030].planting, checks[2030].felling, checks[2030].owed) == (
        2_500_000,
        84_628,
        846_280,
    )
    assert checks[2030].margin == 1_653_720 and checks[2030].enough is True


def test_a_shortfall_and_a_missing_target() -> None:
    checks = plan_check(Decimal(10), {2025: Decimal(100)}, {2025: Decimal(20), 2030: Decimal(30)})
    # 2025: 100 - 10 x 20 = -100: 100 short.
    assert (checks[0].margin, checks[0].enough, checks[0].shortfall) == (-100, False, 100)
    # 2030: no planting target: unknown, not 0.
    assert (checks[1].owed, checks[1].margin, checks[1].enough) == (300, None, None)


def test_the_ratio_is_data_with_its_source() -> None:
    rules = load_rules("green-almaty")
    assert rules.ratio == 10 and rules.status == "derived from the published plan"
    assert "846,280" in rules.source["en"] and "84,628" in rules.source["en"]
    assert "846 280" in rules.source["ru"] and "84 628" in rules.source["kk"]
    assert rules.indicators == {"stock": STOCK, "planted": PLANTED, "felled": FELLED}


def test_the_data_file_errors_name_the_file_and_the_key(tmp_path) -> None:
    with pytest.raises(NoLedger, match=r"nowhere-green-fund\.yaml"):
        load_rules("nowhere", tmp_path)
    (tmp_path / "x-green-fund.yaml").write_text(
        "compensation:\n  ratio: 10\n  source: {kk: a, ru: b, en: c}\n"
        "  status: derived from the published plan\nindicators:\n  stock: s\n  planted: p\n"
    )
    with pytest.raises(LedgerDataError, match=r"x-green-fund\.yaml: .*indicators\.felled"):
        load_rules("x", tmp_path)
    (tmp_path / "y-green-fund.yaml").write_text("compensation:\n  ratio: ten\n")
    with pytest.raises(LedgerDataError, match=r"y-green-fund\.yaml: compensation\.ratio"):
        load_rules("y", tmp_path)


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def test_the_ledger_from_the_registry(registry) -> None:
    observe(PLANTED, 2022, 240_000)
    observe(FELLED, 2022, 5_000)
    observe(STOCK, 2022, 4_100_000)
    years = {y.year: y for y in green_fund(registry).years}
    assert list(years) == list(range(2022, 2031))
    # owed 10 x 5 000 = 50 000; planted 240 000, capped at 50 000; nothing still owed.
    assert (years[2022].owed, years[2022].fulfilled, years[2022].balance) == (50_000, 50_000, 0)
    assert years[2022].stock == 4_100_000
    assert years[2025].target == 5_200_000 and years[2030].target == 6_500_000
    assert years[2023].planted is None and years[2023].owed is None


def test_sample_values_only_when_asked_for(client, registry) -> None:
    observe(FELLED, 2022, 5_000, sample=True)
    assert all(y.felled is None for y in green_fund(registry).years)
    assert green_fund(registry, sample=True).years[0].owed == 50_000
    url = URL.format(language="en")
    official = client.get(url).content.decode()
    assert "50,000" not in official and "Show sample progress data" in official
    shown = client.get(url + "?data=sample").content.decode()
    assert "50,000" in shown and "Sample data for demonstration" in shown


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_in_every_language(client, registry, language) -> None:
    observe(PLANTED, 2022, 240_000)
    response = client.get(URL.format(language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<caption id="green-fund-caption">' in page and 'scope="row">2030<' in page
    assert {"kk": "84 628", "ru": "84 628", "en": "84,628"}[language] in page


def test_the_english_page_tells_the_plan_check(client, registry) -> None:
    page = client.get(URL.format(language="en")).content.decode()
    assert "Enough, with 1,653,720 to spare." in page
    assert "Status: derived from the published plan." in page


def test_the_page_charts_the_stock_against_its_targets_with_its_projection(client, registry):
    observe(STOCK, 2022, 4_100_000)
    observe(STOCK, 2023, 4_400_000)
    page = client.get(URL.format(language="en")).content.decode()
    assert '<svg class="lines"' in page and 'class="projection"' in page
    # 300 000 a year from 4 400 000 at the end of 2023: 4 400 000 + 7 x 300 000 = 6 500 000 by
    # 2030, the target itself.
    assert "projected 6,500,000 by the linear trend" in page
    assert "Target for 2030: 6,500,000" in page
