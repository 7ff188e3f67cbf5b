from decimal import Decimal

import pytest

from jasyl.domain.planaudit import rules
from jasyl.domain.planaudit.rules import (
    ERROR,
    INFO,
    WARNING,
    audit,
    format_number,
    rounding_tolerance,
)
from jasyl.testing.plans import activity, figures, plan, quantity


def consistent_plan():
    """A parent with two sub-items, one section and a grand total that all agree."""
    rows = [
        activity("1", {"2022": 10, "2023": 20}, 30, {"local": 25, "private": 5}),
        activity("1.1", {"2022": 10}, 10, {"local": 10}, period="2022"),
        activity("1.2", {"2023": 20}, 20, {"local": 15, "private": 5}, period="2023-2024"),
    ]

    def totals():
        return figures({"2022": 10, "2023": 20}, 30, {"local": 25, "private": 5})

    return plan(rows, sections={"s1": totals()}, grand_total=totals())


def test_a_consistent_plan_has_no_findings():
    assert audit(consistent_plan()) == []


def test_periods_that_do_not_add_up_to_the_total_are_an_error():
    found = list(rules.check_row_totals(plan([activity("1", {"2022": 10, "2023": 25}, 30)])))
    assert [(f.rule, f.severity, f.published, f.computed) for f in found] == [
        ("row.periods_total", ERROR, Decimal(30), Decimal(35))
    ]
    assert found[0].activities == ("1",)
    assert "35" in found[0].message.en and "30" in found[0].message.en


def test_sources_that_do_not_add_up_to_the_total_are_an_error():
    found = list(rules.check_row_totals(plan([activity("1", {"2022": 30}, 30, {"local": 20})])))
    assert [(f.rule, f.severity, f.computed) for f in found] == [
        ("row.sources_total", ERROR, Decimal(20))
    ]


def test_a_difference_of_rounding_size_is_only_a_note():
    # Three yearly figures of 3.33 printed as 3 add up to 9, the total is printed as 10.
    found = list(
        rules.check_row_totals(plan([activity("1", {"2023": 3, "2024": 3, "2025": 3}, 10)]))
    )
    assert [(f.rule, f.severity) for f in found] == [("row.periods_total", INFO)]
    assert "rounding" in found[0].message.en


def test_rounding_tolerance_is_half_a_unit_of_the_last_digit_per_figure():
    assert rounding_tolerance([Decimal(3), Decimal(3)]) == 1
    assert rounding_tolerance([Decimal(3)] * 4) == 2
    assert rounding_tolerance([Decimal("50.8"), Decimal("1.2")]) == Decimal("0.1")


def test_children_that_do_not_add_up_to_their_parent_are_reported_per_column():
    p = consistent_plan()
    p.activity("1.2").figures.funding["2023"] = Decimal(50)
    p.activity("1.2").figures.total = Decimal(50)
    found = list(rules.check_children_sum(p))
    assert {(f.period, f.source, f.published, f.computed) for f in found} == {
        ("2023", None, Decimal(20), Decimal(50)),
        (None, None, Decimal(30), Decimal(60)),
    }
    assert all(f.activities == ("1", "1.1", "1.2") and f.severity == ERROR for f in found)


def test_children_stating_money_where_the_parent_states_nothing_are_reported():
    p = consistent_plan()
    p.activity("1.1").figures.sources["republican"] = Decimal(1)
    found = list(rules.check_children_sum(p))
    assert [(f.source, f.published, f.computed) for f in found] == [
        ("republican", None, Decimal(1))
    ]


def test_activities_that_do_not_add_up_to_the_section_subtotal_are_reported():
    p = consistent_plan()
    p.sections[0].figures.funding["2022"] = Decimal(11)
    found = list(rules.check_section_subtotals(p))
    assert [(f.rule, f.section, f.period, f.published, f.computed) for f in found] == [
        ("section.activities_subtotal", "s1", "2022", Decimal(11), Decimal(10))
    ]
    assert "Section s1" in found[0].message.en


def test_sections_that_do_not_add_up_to_the_grand_total_are_reported():
    p = consistent_plan()
    p.grand_total.sources["private"] = Decimal(7)
    found = list(rules.check_grand_total(p))
    assert [(f.rule, f.source, f.published, f.computed) for f in found] == [
        ("plan.sections_grand_total", "private", Decimal(7), Decimal(5))
    ]


def test_money_planned_outside_the_implementation_period_is_a_warning():
    found = list(
        rules.check_funding_in_period(
            plan([activity("9", {"2022": 30, "2024": 350}, 380, period="2022-2023")])
        )
    )
    assert [(f.rule, f.severity, f.period, f.published) for f in found] == [
        ("period.outside_implementation", WARNING, "2024", Decimal(350))
    ]


def test_a_multi_year_period_that_overlaps_the_implementation_is_inside():
    p = plan([activity("2.3", {"2026-2030": 1371}, period="2022-2026")])
    assert list(rules.check_funding_in_period(p)) == []
    p = plan([activity("1.1", {"2026-2030": 209}, period="2022-2023, 2028-2029")])
    assert list(rules.check_funding_in_period(p)) == []


def test_a_sub_item_running_past_its_parent_is_a_warning():
    p = plan([activity("1", period="2022-2025"), activity("1.1", period="2024-2027")])
    found = list(rules.check_child_periods(p))
    assert [(f.rule, f.activities) for f in found] == [
        ("period.child_outside_parent", ("1.1", "1"))
    ]


def test_outputs_that_do_not_add_up_to_the_kpi_are_a_warning():
    outputs = {period: [quantity("stations", 35)] for period in ("2023", "2024", "2025")} | {
        "2026-2030": [quantity("stations", 115)]
    }
    kpi = {
        2025: [quantity("stations", 100, "period_sum")],
        2030: [quantity("stations", 115, "period_sum")],
    }
    found = list(rules.check_outputs_against_kpi(plan([activity("1.4", outputs=outputs, kpi=kpi)])))
    assert [(f.rule, f.severity, f.target_year, f.published, f.computed) for f in found] == [
        ("kpi.outputs_target", WARNING, 2025, Decimal(100), Decimal(105))
    ]


def test_a_cumulative_kpi_counts_every_period_up_to_its_year():
    outputs = {"2025": [quantity("stations", 3)], "2026-2030": [quantity("stations", 17)]}
    kpi = {2030: [quantity("stations", 20, "cumulative")]}
    assert (
        list(rules.check_outputs_against_kpi(plan([activity("5.2", outputs=outputs, kpi=kpi)])))
        == []
    )
    kpi = {2030: [quantity("stations", 17, "cumulative")]}
    assert (
        len(
            list(rules.check_outputs_against_kpi(plan([activity("5.2", outputs=outputs, kpi=kpi)])))
        )
        == 1
    )


def test_a_parent_kpi_is_checked_against_its_sub_items_outputs():
    parent = activity("5", kpi={2025: [quantity("stations", 27, "cumulative")]})
    child = activity(
        "5.2", outputs={"2022": [quantity("stations", 8)], "2023": [quantity("stations", 18)]}
    )
    found = list(rules.check_outputs_against_kpi(plan([parent, child])))
    assert [(f.activities, f.computed) for f in found] == [(("5", "5.2"), Decimal(26))]


def test_level_and_annual_kpis_are_not_summed():
    outputs = {"2023": [quantity("stations", 5)], "2024": [quantity("stations", 5)]}
    kpi = {2025: [quantity("stations", 5, "annual")], 2030: [quantity("stations", 190, "level")]}
    assert (
        list(rules.check_outputs_against_kpi(plan([activity("1", outputs=outputs, kpi=kpi)]))) == []
    )


def test_a_reduction_larger_than_the_baseline_is_an_error():
    parent = activity("1", baselines=[quantity("emissions", 127, year=2021)])
    plausible = activity("1.5", kpi={2030: [quantity("emissions", "33.5", "reduction")]})
    impossible = activity("1.6", kpi={2030: [quantity("emissions", 201, "reduction")]})
    found = list(rules.check_reductions(plan([parent, plausible, impossible])))
    assert [(f.rule, f.severity, f.activities, f.published, f.computed) for f in found] == [
        ("kpi.reduction_baseline", ERROR, ("1.6", "1"), Decimal(201), Decimal(127))
    ]
    assert "2021" in found[0].message.en


def test_a_reduction_without_a_baseline_is_not_judged():
    row = activity("1.3", kpi={2025: [quantity("emissions", 20000, "reduction")]})
    assert list(rules.check_reductions(plan([row]))) == []


def test_every_finding_has_a_sentence_in_three_languages():
    p = consistent_plan()
    p.activity("1").figures.total = Decimal(31)
    for finding in audit(p):
        text = finding.message
        assert text.kk and text.ru and text.en
        assert len({text.kk, text.ru, text.en}) == 3


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("451519", "kk", "451\u00a0519"),
        ("1003.5", "ru", "1\u00a0003,5"),
        ("1003.5", "en", "1,003.5"),
        ("50.8", "kk", "50,8"),
        ("-1200", "en", "-1,200"),
    ],
)
def test_numbers_in_messages_follow_the_language(value, language, expected):
    assert format_number(Decimal(value), language) == expected
