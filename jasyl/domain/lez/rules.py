"""The rules of a low-emission zone and the vehicle checker, as plain data and pure functions
(no database): a zone's phases, each phase's rules, and `check`, which says whether a vehicle may
enter at a date and time, with a charge, or not at all, and which rule decides.

Vocabulary:
- vehicle categories: UNECE's (Consolidated Resolution on the Construction of Vehicles,
  R.E.3, ECE/TRANS/WP.29/78/Rev.6, paragraph 2; the same in Regulation (EU) 2018/858, Annex I):
  M1 cars, M2/M3 buses, N1 vans up to 3.5 t, N2/N3 lorries, L two- and three-wheelers and
  quadricycles;
- the ecological class: Euro 0-6 as the type approval states it (the vehicle's registration
  certificate); where it is unknown, the year of manufacture gives a lower bound
  (`euro_from_year`), else the class is unknown and the vehicle is treated as not meeting any
  rule's class;
- time windows: OpenStreetMap's `opening_hours` syntax
  (https://wiki.openstreetmap.org/wiki/Key:opening_hours), read by `opening-hours-py`: the rule
  applies while its window is "open", in Almaty's local time.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from decimal import Decimal

import opening_hours
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from jasyl.core.i18n import LANGUAGES


class Category(enum.StrEnum):
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    N1 = "N1"
    N2 = "N2"
    N3 = "N3"
    L = "L"


CATEGORY_LABELS = {
    Category.M1: _("M1: car (up to 8 passenger seats)"),
    Category.M2: _("M2: minibus or bus up to 5 t"),
    Category.M3: _("M3: bus over 5 t"),
    Category.N1: _("N1: van or light lorry up to 3.5 t"),
    Category.N2: _("N2: lorry over 3.5 t up to 12 t"),
    Category.N3: _("N3: lorry over 12 t"),
    Category.L: _("L: motorcycle, moped, tricycle or quadricycle"),
}


class Fuel(enum.StrEnum):
    PETROL = "petrol"
    DIESEL = "diesel"
    LPG = "lpg"
    CNG = "cng"
    HYBRID = "hybrid"
    ELECTRIC = "electric"
    HYDROGEN = "hydrogen"


FUEL_LABELS = {
    Fuel.PETROL: _("petrol"),
    Fuel.DIESEL: _("diesel"),
    Fuel.LPG: _("liquefied petroleum gas"),
    Fuel.CNG: _("compressed natural gas"),
    Fuel.HYBRID: _("hybrid"),
    Fuel.ELECTRIC: _("electric"),
    Fuel.HYDROGEN: _("hydrogen fuel cell"),
}

ZERO_EXHAUST = frozenset({Fuel.ELECTRIC, Fuel.HYDROGEN})
"""No exhaust at all: no Euro class applies and every class condition is met."""


class Exemption(enum.StrEnum):
    RESIDENT = "resident"
    DISABLED = "disabled"
    EMERGENCY = "emergency"
    PUBLIC_TRANSPORT = "public_transport"
    HISTORIC = "historic"


EXEMPTION_LABELS = {
    Exemption.RESIDENT: _("resident of the zone"),
    Exemption.DISABLED: _("disabled driver or passenger"),
    Exemption.EMERGENCY: _("emergency service"),
    Exemption.PUBLIC_TRANSPORT: _("public transport"),
    Exemption.HISTORIC: _("historic vehicle"),
}


class Effect(enum.StrEnum):
    CHARGE = "charge"
    BAN = "ban"


class Decision(enum.StrEnum):
    ALLOWED = "allowed"
    CHARGED = "charged"
    BANNED = "banned"


EURO_CLASSES = range(0, 7)

# The first registration from which every new vehicle of the category had to meet a Euro stage
# (the dates of the EU acts, for all new registrations, not the earlier ones for new types):
# Euro 1 Directive 91/441/EEC (M1: 31 December 1992) and 93/59/EEC (N1: 1 October 1994);
# Euro 2 Directive 94/12/EC (M1: 1 January 1997) and 96/69/EC (N1: 1 October 1998);
# Euro 3 and 4 Directive 98/69/EC, Annex I, 5.3.1.4 (M1 and N1 class I: 1 January 2001 and
# 2006; N1 classes II and III: 1 January 2002 and 2007);
# Euro 5 and 6 Regulation (EC) No 715/2007, Article 10 and Annex I, Table 1 (M1 and N1
# class I: 1 January 2011 and 1 September 2015; N1 classes II and III: 1 January 2012 and
# 1 September 2016).
# A vehicle made in a year no earlier than the one named here met at least that stage when it
# was sold new in the EU: the whole year after the date, to be safe. N1 takes the later dates
# of its heavier classes, since the class within N1 is not asked.
EURO_BY_YEAR: dict[Category, tuple[tuple[int, int], ...]] = {
    Category.M1: ((2016, 6), (2011, 5), (2006, 4), (2001, 3), (1997, 2), (1993, 1)),
    Category.N1: ((2017, 6), (2012, 5), (2007, 4), (2002, 3), (1999, 2), (1995, 1)),
}
EURO_BY_YEAR_STATUS = _(
    "integrator's reading of the EU acts named, to be confirmed by the programme office; it "
    "holds for vehicles built to EU standards (a vehicle built for another market may be of a "
    "lower class)"
)


def euro_from_year(category: Category, year: int) -> int | None:
    """The lowest Euro class a vehicle of the category made in `year` met by the EU's
    first-registration dates; None where no act is cited (heavy vehicles and category L,
    whose stages have other dates and numbering, are not mapped) or before Euro 1 (class 0)."""
    steps = EURO_BY_YEAR.get(category)
    if steps is None:
        return None
    for first_year, euro in steps:
        if year >= first_year:
            return euro
    return 0


class RuleError(ValueError):
    """A rule that cannot be used, named with what is wrong."""


def parse_hours(hours: str) -> opening_hours.OpeningHours | None:
    """The time window, or None for "at all times"; `RuleError` says what is wrong."""
    if not hours.strip():
        return None
    try:
        return opening_hours.OpeningHours(hours)
    except (opening_hours.ParserError, ValueError) as error:  # type: ignore[attr-defined]
        raise RuleError(
            _("The time window “%(hours)s” is not in opening_hours syntax: %(error)s")
            % {"hours": hours, "error": " ".join(str(error).split())}
        ) from None


@dataclass(frozen=True)
class Rule:
    """One rule of a phase: which vehicles (an empty set: all), when, and what it does."""

    code: str
    effect: Effect
    categories: frozenset[Category] = frozenset()
    fuels: frozenset[Fuel] = frozenset()
    min_euro: int | None = None
    """Vehicles of a lower class are concerned; None: every vehicle, whatever its class."""
    over_kg: int | None = None
    """Only vehicles whose maximum permitted mass is above this; None: any mass."""
    hours: str = ""
    charge: Decimal | None = None
    """Tenge per day, for a charge."""
    exemptions: frozenset[Exemption] = frozenset()
    legal_act: str = ""
    verification_status: str = ""


@dataclass(frozen=True)
class Phase:
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    """The last day in force; None: until a later phase starts."""
    name: dict[str, str] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Zone:
    code: str
    name: dict[str, str]
    phases: tuple[Phase, ...] = ()

    def phase_on(self, day: datetime.date) -> Phase | None:
        """The phase in force on the day: the latest started one that has not ended."""
        started = [p for p in self.phases if p.starts_on <= day]
        if not started:
            return None
        phase = max(started, key=lambda p: p.starts_on)
        return phase if phase.ends_on is None or day <= phase.ends_on else None


@dataclass(frozen=True)
class Vehicle:
    category: Category
    fuel: Fuel
    euro: int | None = None
    year: int | None = None
    weight_kg: int | None = None
    exemption: Exemption | None = None

    def __post_init__(self) -> None:
        if self.euro is not None and self.euro not in EURO_CLASSES:
            raise RuleError(_("The Euro class must be 0 to 6, not %(euro)s.") % {"euro": self.euro})

    def known_euro(self) -> tuple[int | None, str]:
        """The class and how it is known: "stated", "year" or "unknown"."""
        if self.euro is not None:
            return self.euro, "stated"
        if self.year is not None:
            found = euro_from_year(self.category, self.year)
            if found is not None:
                return found, "year"
        return None, "unknown"


@dataclass(frozen=True)
class Result:
    decision: Decision
    charge: Decimal | None
    rule: Rule | None
    exemption: Exemption | None
    euro: int | None
    euro_from: str
    message: dict[str, str]

    def as_json(self) -> dict[str, object]:
        return {
            "decision": self.decision.value,
            "charge": None if self.charge is None else tenge(self.charge),
            "rule": None if self.rule is None else self.rule.code,
            "exemption": None if self.exemption is None else self.exemption.value,
            "message": self.message,
        }


def concerns(rule: Rule, vehicle: Vehicle, euro: int | None, at: datetime.datetime) -> bool:
    """Whether the rule reaches the vehicle at that local time (exemptions aside)."""
    if rule.categories and vehicle.category not in rule.categories:
        return False
    if rule.fuels and vehicle.fuel not in rule.fuels:
        return False
    # An unknown mass is taken as above the threshold: the driver proves otherwise.
    known_mass = rule.over_kg is not None and vehicle.weight_kg is not None
    if known_mass and vehicle.weight_kg <= rule.over_kg:  # type: ignore[operator]
        return False
    if rule.min_euro is not None:
        if vehicle.fuel in ZERO_EXHAUST:
            return False
        # An unknown class does not meet the standard (as the UK's clean air zones treat it).
        if euro is not None and euro >= rule.min_euro:
            return False
    window = parse_hours(rule.hours)
    return window is None or bool(window.is_open(at.replace(tzinfo=None)))


SEVERITY = {Effect.BAN: 2, Effect.CHARGE: 1}


def check(zone: Zone, vehicle: Vehicle, at: datetime.datetime) -> Result:
    """May the vehicle enter the zone at `at` (Almaty's local time)? The strictest rule that
    concerns it and that it is not exempt from decides; a ban outweighs a charge, the higher
    charge a lower one."""
    euro, euro_from = vehicle.known_euro()
    phase = zone.phase_on(at.date())
    deciding: Rule | None = None
    exempted: Rule | None = None
    for rule in phase.rules if phase is not None else ():
        if not concerns(rule, vehicle, euro, at):
            continue
        if vehicle.exemption is not None and vehicle.exemption in rule.exemptions:
            exempted = exempted or rule
            continue
        if deciding is None or _stricter(rule, deciding):
            deciding = rule
    if deciding is not None:
        decision = Decision.BANNED if deciding.effect == Effect.BAN else Decision.CHARGED
        charge = deciding.charge if decision == Decision.CHARGED else None
        exemption = None
    else:
        decision, charge = Decision.ALLOWED, None
        exemption = vehicle.exemption if exempted is not None else None
    decisive = deciding or exempted
    message = {
        language: _message(
            zone, phase, vehicle, euro, euro_from, decision, charge, decisive, language
        )
        for language in LANGUAGES
    }
    return Result(decision, charge, decisive, exemption, euro, euro_from, message)


def _stricter(rule: Rule, than: Rule) -> bool:
    if SEVERITY[rule.effect] != SEVERITY[than.effect]:
        return SEVERITY[rule.effect] > SEVERITY[than.effect]
    return (rule.charge or Decimal(0)) > (than.charge or Decimal(0))


def _message(
    zone: Zone,
    phase: Phase | None,
    vehicle: Vehicle,
    euro: int | None,
    euro_from: str,
    decision: Decision,
    charge: Decimal | None,
    rule: Rule | None,
    language: str,
) -> str:
    with override(language):
        name = zone.name.get(language) or zone.name.get("kk") or zone.code
        parts: list[str] = []
        if phase is None:
            parts.append(
                _("No rules of the zone “%(zone)s” are in force on that date.") % {"zone": name}
            )
        if decision == Decision.BANNED:
            parts.append(
                _("This vehicle may not enter the zone “%(zone)s” at that time.") % {"zone": name}
            )
        elif decision == Decision.CHARGED:
            parts.append(
                _(
                    "This vehicle may enter the zone “%(zone)s” at that time after paying "
                    "%(charge)s tenge for the day."
                )
                % {"zone": name, "charge": tenge(charge)}
            )
        elif phase is not None:
            parts.append(
                _("This vehicle may enter the zone “%(zone)s” at that time.") % {"zone": name}
            )
        if rule is not None and decision == Decision.ALLOWED and vehicle.exemption is not None:
            parts.append(
                _("It is exempt from rule %(rule)s as: %(exemption)s.")
                % {"rule": rule.code, "exemption": EXEMPTION_LABELS[vehicle.exemption]}
            )
        elif rule is not None:
            parts.append(
                _("Rule %(rule)s decides. Legal act: %(act)s")
                % {"rule": rule.code, "act": rule.legal_act}
            )
        if euro_from == "year" and euro is not None:
            parts.append(
                _(
                    "The Euro class was taken from the year of manufacture as at least Euro "
                    "%(euro)s (by the EU's first-registration dates); the registration "
                    "certificate's class overrides it."
                )
                % {"euro": euro}
            )
        elif euro_from == "unknown" and rule is not None and rule.min_euro is not None:
            parts.append(
                str(
                    _(
                        "The Euro class is unknown, so the vehicle is taken as not meeting the "
                        "rule's class: state the class from the registration certificate."
                    )
                )
            )
        return " ".join(str(part) for part in parts)


def tenge(amount: Decimal | None) -> str:
    """An amount of tenge without needless decimals: "2000", "2000.50"."""
    if amount is None:
        return ""
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral() else str(amount)
