"""The zones in France's `schema-zfe` shape (etalab/schema-zfe 0.8.2, the "aires" file of
transport.data.gouv.fr: https://schema.data.gouv.fr/etalab/schema-zfe/): one GeoJSON feature per
zone and phase with `id`, `date_debut`, `date_fin`, the Crit'Air sticker from which each group
of vehicles may not enter (`vp_critair`, `vul_critair`, `pl_critair`,
`autobus_autocars_critair`, `deux_rm_critair`) with its hours (`*_horaires`, in opening_hours
syntax), `url_arrete` and `url_site_information`.

The schema knows bans by sticker only. A Jasyl ban is written as a sticker when the vehicles it
bans are exactly those of that sticker and worse, by the stickers of the French order of 21 June
2016 (arrêté établissant la nomenclature des véhicules classés en fonction de leur niveau
d'émission de polluants atmosphériques, NOR DEVR1614829A, annex, cars and light vans):
petrol, gas and hybrid Euro 5-6 Crit'Air 1, Euro 4 Crit'Air 2, Euro 2-3 Crit'Air 3; diesel Euro
5-6 Crit'Air 2, Euro 4 Crit'Air 3, Euro 3 Crit'Air 4, Euro 2 Crit'Air 5; older: none (NC);
electric and hydrogen: EL. Otherwise (a ban of one fuel only, a charge, heavy vehicles, whose
stickers follow other dates) the sticker is null: Jasyl's own GeoJSON has the exact rule. The
table is the integrator's reading of the order, to be confirmed by the programme office.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jasyl.domain.lez.rules import Category, Effect, Fuel, Rule

STICKERS = ("EL", "V1", "V2", "V3", "V4", "V5", "NC")
"""The schema's order, cleanest first."""

GROUPS = {
    "vp": frozenset({Category.M1}),
    "vul": frozenset({Category.N1}),
    "pl": frozenset({Category.N2, Category.N3}),
    "autobus_autocars": frozenset({Category.M2, Category.M3}),
    "deux_rm": frozenset({Category.L}),
}
LIGHT = frozenset({Category.M1, Category.N1})
SPARK = (Fuel.PETROL, Fuel.LPG, Fuel.CNG, Fuel.HYBRID)


def sticker(fuel: Fuel, euro: int) -> str:
    """Crit'Air of a car or light van by the order of 21 June 2016 (see the module's text)."""
    if fuel in (Fuel.ELECTRIC, Fuel.HYDROGEN):
        return "EL"
    if fuel == Fuel.DIESEL:
        return {6: "V2", 5: "V2", 4: "V3", 3: "V4", 2: "V5"}.get(euro, "NC")
    return {6: "V1", 5: "V1", 4: "V2", 3: "V3", 2: "V3"}.get(euro, "NC")


def threshold(rules: Iterable[Rule], group: frozenset[Category]) -> tuple[str, str] | None:
    """The sticker from which the phase's bans keep the group out, with their hours, when
    together they say exactly that (the same hours for all); else None."""
    if not group <= LIGHT:
        return None
    combos = [(fuel, euro) for fuel in (*SPARK, Fuel.DIESEL) for euro in range(7)]
    banned: set[tuple[Fuel, int]] = set()
    hours: set[str] = set()
    for rule in rules:
        if rule.effect != Effect.BAN or (rule.categories and not group <= rule.categories):
            continue
        if rule.over_kg is not None:
            return None
        for fuel, euro in combos:
            fuel_hit = not rule.fuels or fuel in rule.fuels
            if fuel_hit and (rule.min_euro is None or euro < rule.min_euro):
                banned.add((fuel, euro))
                hours.add(rule.hours or "24/7")
    if not banned or len(hours) != 1:
        return None
    best = min(STICKERS.index(sticker(f, e)) for f, e in banned)
    exactly = {(f, e) for f, e in combos if STICKERS.index(sticker(f, e)) >= best}
    return (STICKERS[best], hours.pop()) if banned == exactly else None


def properties(
    *,
    feature_id: str,
    starts_on: str,
    ends_on: str | None,
    rules: Iterable[Rule],
    act_url: str,
    info_url: str,
) -> dict[str, Any]:
    found: dict[str, Any] = {"id": feature_id, "date_debut": starts_on, "date_fin": ends_on}
    listed = list(rules)
    for group, categories in GROUPS.items():
        mark = threshold(listed, categories)
        found[f"{group}_critair"] = mark[0] if mark else None
        found[f"{group}_horaires"] = mark[1] if mark else None
    found["url_arrete"] = act_url or None
    found["url_site_information"] = info_url or None
    return found
