"""An indicator's values by district: the districts' values on the latest date that has any,
their sum against the city-wide value of that date, and every district's values over time.

Pure: it reads the `Value`s of a `Series` (selectors.py) and touches no database. A district is
named by its agency's name in the active language, read with the values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jasyl.domain.indicators.selectors import Value


@dataclass(frozen=True)
class DistrictValue:
    code: str
    name: str
    value: Decimal


@dataclass(frozen=True)
class DistrictRow:
    """One district's values over time, one per date of `Breakdown.dates` (None: no value)."""

    code: str
    name: str
    values: list[Decimal | None]


@dataclass(frozen=True)
class Breakdown:
    on: datetime.date
    latest: list[DistrictValue]
    total: Decimal
    # The city-wide value of the same date, when there is one.
    city: Decimal | None
    dates: list[datetime.date]
    rows: list[DistrictRow]

    @property
    def difference(self) -> Decimal | None:
        """The districts' sum minus the city-wide value: positive, the districts add up to more."""
        return None if self.city is None else self.total - self.city

    @property
    def equal(self) -> bool:
        return self.difference == 0


def breakdown(districts: Iterable[Value], city: Iterable[Value]) -> Breakdown | None:
    """The breakdown of an indicator's district values; None when it has none."""
    by_district: dict[str, dict[datetime.date, Decimal]] = {}
    names: dict[str, str] = {}
    for v in districts:
        if v.district is None:
            continue
        # A later value of the same district and date is a correction: it wins.
        by_district.setdefault(v.district, {})[v.on] = v.value
        names[v.district] = v.district_name or v.district
    if not by_district:
        return None
    dates = sorted({on for values in by_district.values() for on in values})
    on = dates[-1]
    ordered = sorted(by_district, key=lambda code: names[code])
    latest = [
        DistrictValue(code, names[code], by_district[code][on])
        for code in ordered
        if on in by_district[code]
    ]
    city_value = next((v.value for v in city if v.on == on and v.district is None), None)
    return Breakdown(
        on=on,
        latest=latest,
        total=sum((d.value for d in latest), Decimal(0)),
        city=city_value,
        dates=dates,
        rows=[
            DistrictRow(code, names[code], [by_district[code].get(day) for day in dates])
            for code in ordered
        ],
    )
