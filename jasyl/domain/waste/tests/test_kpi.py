"""The recyclables KPI from tonnage records, pure: only recycling counts; energy recovery,
disposal and an unstated destination are set apart (Directive 2008/98/EC, art. 3(17))."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.waste.kpi import RulesError, Tonnes, by_year, load_rules, rules


def test_energy_recovery_is_not_recycling() -> None:
    rule = rules()
    years = by_year(
        [
            Tonnes(datetime.date(2024, 1, 1), "recycling", Decimal(3000)),
            Tonnes(datetime.date(2024, 7, 1), "recycling", Decimal("1500.6")),
            Tonnes(datetime.date(2024, 7, 1), "energy_recovery", Decimal(9000)),
            Tonnes(datetime.date(2024, 8, 1), "not_stated", Decimal(10)),
            Tonnes(datetime.date(2025, 2, 1), "disposal", Decimal(7)),
        ],
        rule,
    )
    assert [y.year for y in years] == [2024, 2025]
    assert years[0].value(rule.per_unit) == Decimal("4.501")
    assert years[0].apart == {"energy_recovery": Decimal(9000), "not_stated": Decimal(10)}
    assert years[1].value(rule.per_unit) == 0
    assert years[1].apart == {"disposal": Decimal(7)}


def test_the_rules_file_names_its_sources_in_three_languages() -> None:
    rule = rules()
    assert (rule.activity, rule.measure, rule.counted) == (
        "10",
        "recyclables_collected",
        frozenset({"recycling"}),
    )
    assert "3(17)" in rule.sources[0].en and "3(17)" in rule.sources[0].ru
    assert all(text.kk and text.ru and text.en for text in (rule.method, *rule.sources))


def test_a_destination_left_out_of_the_rules_refuses_the_file(tmp_path) -> None:
    text = (rules.__wrapped__.__globals__["RULES"]).read_text(encoding="utf-8")
    broken = tmp_path / "r.yaml"
    broken.write_text(
        text.replace(
            "not_counted: [energy_recovery, disposal, not_stated]",
            "not_counted: [disposal, not_stated]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="every destination"):
        load_rules(broken)
