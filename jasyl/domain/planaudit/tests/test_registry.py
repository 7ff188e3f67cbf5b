"""The registry rules judge each approved report's claim: more than the registry holds, and
more than the rows the report cites ("claims N, cites M"). Pure: no database."""

from __future__ import annotations

from decimal import Decimal

from jasyl.core.i18n import Text
from jasyl.domain.planaudit.registry import (
    CITATIONS_RULE,
    RULE,
    Claim,
    check_citations,
    check_registry,
)


def claim(reported: int, registered: int, cited: int | None) -> Claim:
    return Claim(
        activity="10.2",
        section="10",
        period="2024",
        measure=Text(kk="алаңдар", ru="площадки", en="container sites"),
        unit=Text(kk="дана", ru="ед.", en="items"),
        reported=Decimal(reported),
        registered=Decimal(registered),
        registry=Text(kk="жерасты", ru="подземные", en="underground sites in service"),
        cited=None if cited is None else Decimal(cited),
    )


def test_a_report_citing_fewer_rows_than_it_claims_is_a_warning():
    (finding,) = check_citations([claim(295, 295, 12)])
    assert (finding.rule, finding.severity, finding.period) == (CITATIONS_RULE, "warning", "2024")
    assert (finding.published, finding.computed) == (295, 12)
    assert finding.message.en == (
        "10.2: the report for 2024 claims 295 items of 'container sites' and cites 12 in the "
        "registry (underground sites in service)."
    )
    assert "ссылается лишь на 12" in finding.message.ru
    assert "12 нысанына" in finding.message.kk


def test_a_report_citing_what_it_claims_or_with_no_citations_known_is_not_flagged():
    assert list(check_citations([claim(12, 12, 12), claim(5, 5, 9), claim(5, 5, None)])) == []


def test_both_rules_judge_the_same_claims():
    found = check_registry([claim(295, 100, 12), claim(3, 3, 3)])
    assert [(f.rule, f.computed) for f in found] == [(RULE, 100), (CITATIONS_RULE, 12)]
