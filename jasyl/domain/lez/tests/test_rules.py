"""The checker on plain data: every dimension of a rule and its boundaries (no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jasyl.domain.lez import rules, zfe
from jasyl.domain.lez.rules import Category, Decision, Effect, Exemption, Fuel, Rule, Vehicle

CHARGE = Rule(
    code="C1",
    effect=Effect.CHARGE,
    categories=frozenset({Category.M1}),
    fuels=frozenset({Fuel.DIESEL}),
    min_euro=6,
    hours="Mo-Fr 07:00-19:00",
    charge=Decimal(2000),
    exemptions=frozenset({Exemption.RESIDENT}),
    legal_act="Act 1",
)
BAN = Rule(
    code="B1",
    effect=Effect.BAN,
    categories=frozenset({Category.M1, Category.N1}),
    fuels=frozenset({Fuel.DIESEL}),
    min_euro=4,
    exemptions=frozenset({Exemption.EMERGENCY}),
    legal_act="Act 2",
)
HEAVY = Rule(code="H1", effect=Effect.BAN, over_kg=3500, legal_act="Act 3")
ZONE = rules.Zone(
    code="Z",
    name={"kk": "Аймақ", "ru": "Зона", "en": "Zone"},
    phases=(
        rules.Phase(starts_on=datetime.date(2027, 1, 1), rules=(CHARGE, BAN)),
        rules.Phase(
            starts_on=datetime.date(2028, 1, 1),
            ends_on=datetime.date(2028, 12, 31),
            rules=(HEAVY,),
        ),
    ),
)
MONDAY_9 = datetime.datetime(2027, 1, 11, 9, 0)


def decide(at: datetime.datetime = MONDAY_9, **vehicle: object) -> rules.Result:
    values: dict[str, object] = {"category": Category.M1, "fuel": Fuel.DIESEL, **vehicle}
    return rules.check(ZONE, Vehicle(**values), at)  # type: ignore[arg-type]


def test_the_euro_class_boundary_decides_between_ban_charge_and_entry():
    assert decide(euro=3).decision == Decision.BANNED
    charged = decide(euro=4)
    assert (charged.decision, charged.charge, charged.rule) == (
        Decision.CHARGED,
        Decimal(2000),
        CHARGE,
    )
    assert decide(euro=6).decision == Decision.ALLOWED


def test_category_fuel_and_zero_exhaust_vehicles_outside_the_rules_may_enter():
    assert decide(euro=3, category=Category.N1).rule == BAN
    assert decide(euro=0, category=Category.L).decision == Decision.ALLOWED
    assert decide(euro=0, fuel=Fuel.PETROL).decision == Decision.ALLOWED
    assert (
        rules.check(
            rules.Zone("Z", {}, (rules.Phase(datetime.date(2027, 1, 1), rules=(HEAVY,)),)),
            Vehicle(Category.M1, Fuel.ELECTRIC, weight_kg=3000),
            MONDAY_9,
        ).decision
        == Decision.ALLOWED
    )


def test_the_time_window_ends_at_its_last_minute():
    assert decide(MONDAY_9.replace(hour=18, minute=59), euro=5).decision == Decision.CHARGED
    assert decide(MONDAY_9.replace(hour=19, minute=0), euro=5).decision == Decision.ALLOWED
    assert decide(MONDAY_9.replace(hour=6, minute=59), euro=5).decision == Decision.ALLOWED
    sunday = datetime.datetime(2027, 1, 10, 9, 0)
    assert decide(sunday, euro=5).decision == Decision.ALLOWED


def test_phases_start_and_end_on_their_days():
    assert decide(datetime.datetime(2026, 12, 31, 9), euro=0).decision == Decision.ALLOWED
    assert decide(datetime.datetime(2027, 1, 1, 9), euro=0).decision == Decision.BANNED
    heavy = {"category": Category.N3, "euro": 6}
    assert decide(datetime.datetime(2028, 12, 31, 9), **heavy, weight_kg=3501).rule == HEAVY
    assert decide(datetime.datetime(2028, 12, 31, 9), **heavy, weight_kg=3500).rule is None
    # An unknown mass is taken as above the threshold.
    assert decide(datetime.datetime(2028, 6, 1, 9), **heavy).rule == HEAVY
    assert decide(datetime.datetime(2029, 1, 1, 9), **heavy).decision == Decision.ALLOWED


def test_an_exemption_lifts_only_the_rules_that_name_it():
    resident = decide(euro=5, exemption=Exemption.RESIDENT)
    assert (resident.decision, resident.exemption, resident.rule) == (
        Decision.ALLOWED,
        Exemption.RESIDENT,
        CHARGE,
    )
    # The resident is still banned by a rule that does not exempt residents.
    assert decide(euro=3, exemption=Exemption.RESIDENT).decision == Decision.BANNED
    emergency = decide(euro=3, exemption=Exemption.EMERGENCY)
    assert (emergency.decision, emergency.rule) == (Decision.CHARGED, CHARGE)


def test_a_year_of_manufacture_stands_for_an_unknown_class_by_the_eu_dates():
    assert rules.euro_from_year(Category.M1, 2005) == 3
    assert rules.euro_from_year(Category.M1, 2006) == 4
    assert rules.euro_from_year(Category.M1, 2015) == 5
    assert rules.euro_from_year(Category.M1, 2016) == 6
    assert rules.euro_from_year(Category.N1, 2016) == 5
    assert rules.euro_from_year(Category.M1, 1992) == 0
    assert rules.euro_from_year(Category.N3, 2020) is None
    assert decide(year=2005).decision == Decision.BANNED
    assert decide(year=2006).decision == Decision.CHARGED
    # A stated class overrides the year.
    assert decide(euro=4, year=2016).decision == Decision.CHARGED
    # A class that is not known is taken as not meeting the rule.
    unknown = decide(category=Category.N1, year=None)
    assert (unknown.decision, unknown.euro_from) == (Decision.BANNED, "unknown")


def test_the_answer_has_a_message_in_three_languages_and_the_cli_shape():
    result = decide(euro=4)
    assert set(result.message) == {"kk", "ru", "en"}
    assert "2000 tenge" in result.message["en"] and "C1" in result.message["en"]
    assert "Зона" in result.message["ru"] and "Аймақ" in result.message["kk"]
    assert result.as_json() == {
        "decision": "charged",
        "charge": "2000",
        "rule": "C1",
        "exemption": None,
        "message": result.message,
    }


def test_a_bad_time_window_or_class_is_refused_by_name():
    with translation.override("en"), pytest.raises(rules.RuleError, match="Mo-Fx"):
        rules.parse_hours("Mo-Fx 07:00-19:00")
    with translation.override("en"), pytest.raises(rules.RuleError, match="0 to 6"):
        Vehicle(Category.M1, Fuel.DIESEL, euro=7)


def test_bans_are_a_crit_air_threshold_in_schema_zfe_only_when_they_say_exactly_that():
    spark = frozenset({Fuel.PETROL, Fuel.LPG, Fuel.CNG, Fuel.HYBRID})
    petrol = Rule("P", Effect.BAN, fuels=spark, min_euro=4, hours="Mo-Fr 07:00-19:00")
    diesel = Rule("D", Effect.BAN, fuels=frozenset({Fuel.DIESEL}), min_euro=5, hours=petrol.hours)
    cars = zfe.GROUPS["vp"]
    assert zfe.threshold([petrol, diesel], cars) == ("V3", "Mo-Fr 07:00-19:00")
    assert zfe.threshold([diesel], cars) is None
    assert zfe.threshold([Rule("A", Effect.BAN, min_euro=2)], cars) == ("NC", "24/7")
    assert zfe.threshold([petrol, diesel], zfe.GROUPS["pl"]) is None
