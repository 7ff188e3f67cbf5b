"""The rule that compares the figures a description states with its own row of the table."""

from decimal import Decimal

import pytest
import yaml

from jasyl.core.i18n import Text
from jasyl.domain.planaudit import rules
from jasyl.domain.planaudit.figures import MONEY, read_figures, same_kind
from jasyl.domain.planaudit.rules import WARNING, check_description_figures
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.domain import Statement, Unit
from jasyl.testing.plans import activity, plan


def row(description, funding=None, total=None, outputs=None, kpi=None, period="2022-2030"):
    """One activity whose description, outputs and KPIs are the given Kazakh texts."""
    item = activity("1", funding, total, period=period)
    item.description = Text(description)
    item.outputs = {p: Statement(Text(text)) for p, text in (outputs or {}).items()}
    item.kpi = {y: Statement(Text(text)) for y, text in (kpi or {}).items()}
    p = plan([item])
    p.units.append(Unit("km", "length", Text("км", "км", "km")))
    return p


def findings(p):
    return [(f.published, f.computed, f.period) for f in check_description_figures(p)]


# Reading figures in the document's formatting


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("84 628 ағашты кесу", "84628", "noun:ағашты"),
        ("ауданы 29,14 га болатын", "29.14", "ha"),
        ("1.3 млн ағаш", "1300000", "noun:ағаш"),
        ("2,5 миллион жасыл желек", "2500000", "noun:жасыл"),
        ("127 мың тоннадан", "127", "kt_per_year"),
        ("190 мың ш.м. гүлзарлар", "190000", "m2"),
        ("150 мың текше метр", "150000", "m3"),
        ("23,2 км тарату газ құбырлары", "23.2", "km"),
        ("99,4% газбен", "99.4", "percent"),
        ("40%-ға арттыру", "40", "percent"),
        ("220 бірлік көлемінде электр станциясын", "220", "noun:электр"),
        ("28 дана модуль", "28", "noun:модуль"),
        ("12 су айдыны", "12", "noun:су айдыны"),
        ("құны - 89 млн.теңге", "89", MONEY),
        ("75 млрд теңге", "75000", MONEY),
        ("1 020 тор контейнер", "1020", "noun:тор контейнер"),
        ("коллекторлар-19 км", "19", "km"),
    ],
)
def test_figures_are_read_in_kazakh_formatting(text, value, kind):
    (figure,) = read_figures(text)
    assert (figure.value, figure.kind) == (Decimal(value), kind)


def test_years_and_dates_are_not_figures_and_a_year_ties_the_money_after_it():
    found = read_figures("2023 жылы 181 алаң - 2800 млн теңге. 2022-2026 жылдарға 5 км.")
    assert [(f.value, f.kind, f.year) for f in found] == [
        (Decimal(181), "noun:алаң", None),
        (Decimal(2800), MONEY, 2023),
        (Decimal(5), "km", None),
    ]


def test_a_bare_million_is_money_only_where_the_sentence_speaks_of_tenge():
    money = read_figures("ЖСҚ - 89 млн.теңге (2022 жылы - 30 млн, 2023 жылы - 59 млн).")
    assert [(f.value, f.year) for f in money] == [(89, None), (30, 2022), (59, 2023)]
    assert all(f.kind == MONEY for f in money)
    assert read_figures("150 млн еуро")[0].kind == "noun:еуро"


def test_a_figure_after_per_year_is_yearly():
    assert read_figures("жылына кемінде 150 мың текше метр")[0].yearly
    assert not read_figures("150 мың текше метр")[0].yearly


def test_nouns_match_through_their_kazakh_endings():
    assert same_kind("noun:ағаш", "noun:ағашты")
    assert same_kind("noun:учаскедегі", "noun:учаске")
    assert same_kind("noun:су айдыны", "noun:су айдынының")
    assert not same_kind("noun:су айдыны", "noun:су қоймасын")
    assert not same_kind("noun:апатты", "noun:ағашты")
    assert not same_kind("km", "ha")


# The rule on hand-made rows


def test_money_for_a_year_that_the_funding_of_that_year_contradicts_is_a_warning():
    p = row("2022 жылы ЖСҚ әзірлеу - 30 млн теңге.", {"2022": 10, "2023": 25}, 35)
    (finding,) = check_description_figures(p)
    assert (finding.rule, finding.severity, finding.activities) == (
        "description.figures",
        WARNING,
        ("1",),
    )
    assert (finding.published, finding.computed, finding.period) == (Decimal(30), 10, "2022")
    assert finding.message.en == (
        "1: the description states «30 млн теңге» (30 million tenge for 2022), but the table "
        "states 10 million tenge (the funding for 2022)."
    )
    assert "«30 млн теңге»" in finding.message.kk and "2022 г." in finding.message.ru


def test_money_of_one_year_is_added_up_before_it_is_compared():
    text = "2023 жылы ЖСҚ - 59 млн теңге. 2023 жылы жөндеу - 2800 млн теңге."
    assert findings(row(text, {"2023": 2879}, 2879)) == [(Decimal(2859), 2879, "2023")]
    assert findings(row(text, {"2023": 2859}, 2859)) == []


def test_money_that_begins_in_a_year_may_run_on_into_the_next_periods():
    text = "2023 жылы ТЭН әзірлеу басталады, құны - 200 млн теңге."
    assert findings(row(text, {"2023": 100, "2024": 100}, 200)) == []
    assert findings(row(text, {"2023": 100, "2024": 150}, 250)) == [(200, 100, "2023")]


def test_a_sum_followed_by_its_parts_year_by_year_is_not_compared_itself():
    text = "ЖСҚ әзірлеу - 89 млн теңге (2022 жылы - 30 млн, 2023 жылы - 59 млн)."
    assert findings(row(text, {"2022": 30, "2023": 59, "2024": 1000}, 1089)) == []


def test_money_without_a_year_agrees_with_the_total_or_some_periods():
    assert findings(row("Құны 75 млрд теңге (150 млн еуро).", {"2023": 75000}, 75000)) == []
    assert findings(row("Құны 75 млрд теңге.", {"2023": 70000}, 70000)) == [(75000, 70000, None)]


def test_a_row_without_funding_is_not_compared_for_money():
    assert findings(row("Құны 75 млрд теңге.")) == []


def test_a_count_that_no_output_or_kpi_states_is_a_warning_naming_the_nearest():
    outputs = {"2023": "1 001 контейнер", "2024": "1 250 контейнер", "2025": "1 250 контейнер"}
    p = row("3 500 бірлік контейнер", outputs=outputs)
    (finding,) = check_description_figures(p)
    assert (finding.published, finding.computed) == (Decimal(3500), Decimal(3501))
    assert "«3 500 бірлік контейнер»" in finding.message.en
    assert "the planned outputs for 2023–2025 added up" in finding.message.en


def test_a_count_that_agrees_with_an_output_a_kpi_or_added_up_outputs_is_fine():
    outputs = {"2023": "15 км өзен арнасы", "2024": "10 км", "2025": "5 км"}
    kpi = {2025: "30 км өзен арнасы"}
    assert findings(row("30 км өзендер, 10 км арна", outputs=outputs, kpi=kpi)) == []
    assert findings(row("31 км өзендер", outputs=outputs, kpi=kpi)) == [(31, 30, None)]


def test_a_figure_of_a_kind_the_table_never_states_is_not_compared():
    assert findings(row("800-ге жуық электромобиль, 23,2 км", outputs={"2023": "35 станция"})) == []


def test_figures_that_make_up_a_table_figure_together_are_its_breakdown():
    p = row("29,14 га және 73 га питомник", kpi={2025: "Жалпы ауданы 102 га болатын 3 питомник"})
    assert findings(p) == []


def test_a_yearly_figure_is_compared_only_with_yearly_figures():
    kpi = {2025: "200 мың текше метр ағаш қалдықтары"}
    assert findings(row("Цехтың қуаты - жылына кемінде 150 мың текше метр", kpi=kpi)) == []
    assert findings(row("Барлығы 150 мың текше метр", kpi=kpi)) == [(150000, 200000, None)]


def test_a_rounded_table_figure_agrees_with_the_precise_one():
    assert findings(row("29,14 га", outputs={"2022": "ЖСҚ ауданы 29 га"})) == []


# The published roadmap


@pytest.fixture(scope="module")
def roadmap():
    return load_plan(programme_folder("green-almaty"))


def test_the_roadmaps_description_findings_are_item_10_2s_three_real_discrepancies(roadmap):
    found = [
        (f.activities, f.period, f.published, f.computed)
        for f in check_description_figures(roadmap)
    ]
    assert found == [
        # "ЖСҚ әзірлеу - 89 млн.теңге (2022 жылы - 30 млн, ...)": the 2022 cell prints 10.
        (("10.2",), "2022", Decimal(30), Decimal(10)),
        # "... 2023 жылы - 59 млн" and the repair's "2800 млн теңге": 2 859; the cell prints 2 879.
        (("10.2",), "2023", Decimal(2859), Decimal(2879)),
        # "3 500 бірлік контейнер": the outputs' containers 1 001 + 1 250 + 1 250 are 3 501.
        (("10.2",), None, Decimal(3500), Decimal(3501)),
    ]


def test_every_reviewed_figure_still_hides_a_figure_the_rule_would_report(roadmap):
    flagged = {
        (roadmap.code, a.code, f.text)
        for a, m in rules.description_mismatches(roadmap)
        for f in m.figures
    }
    reviewed = {
        (programme, code, figure)
        for (programme, code), figures in rules.reviewed_figures().items()
        for figure in figures
    }
    assert reviewed == {("green-almaty", "2.2", "846 280 ағаш")}
    assert reviewed <= flagged


def test_a_reviewed_figures_file_without_reasons_is_refused(tmp_path):
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump({"green-almaty": {"2.2": [{"figure": "1 ағаш"}]}}))
    with pytest.raises(ValueError, match=r"reviewed.yaml: green-almaty: 2.2: expected a list"):
        rules.reviewed_figures(path)
