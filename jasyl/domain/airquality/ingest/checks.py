"""The checks every raw value goes through, whatever its format and path: station, parameter,
unit, time, value and plausibility; a series' conversion worked out once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

from jasyl.domain.airquality.averaging import to_significant
from jasyl.domain.airquality.indices import UNITS, VOLUME_UNITS_IN_PPB, ug_per_ppb
from jasyl.domain.airquality.ingest.common import (
    LOCAL,
    Raw,
    Reason,
    figure,
    parameter_code,
    parse_time,
    parse_value,
    unit_code,
)
from jasyl.domain.airquality.interface import gas_temperature_c
from jasyl.domain.airquality.models import Station
from jasyl.domain.airquality.reference import MASS_UNITS_IN_MG, Reference


class Row(NamedTuple):
    line: int
    station_id: int
    parameter: str
    observed_at: datetime.datetime
    stamp: str
    """`observed_at` as the database reads it."""
    value: float
    suspicious: bool
    column: str


class Series(NamedTuple):
    """What a (location, parameter, unit) of a file resolves to; the same for all its rows."""

    station: Station
    code: str
    steps: tuple[float, float, float, float] | None
    """`value * a * b / c / d`, rounded to 12 significant digits, is the value in the stored
    unit; None when it does not convert."""
    ceiling: float
    suspicious_above: float


def conversion_steps(
    *, substance: str, unit: str, to: str, reference: Reference, temperature_c: float
) -> tuple[float, float, float, float] | None:
    """The factors a, b, c, d with `to_significant(value * a * b / c / d)` ==
    `indices.convert(value, ...)` bit for bit (the same operations in the same order, then the
    same rounding), so that a file's series converts once, not once per value, and SQL can do
    the same arithmetic. None when `convert` would refuse the unit; ValueError when `to` is not
    a mass unit (convert each value then)."""
    if to not in MASS_UNITS_IN_MG:
        raise ValueError(f"{to}: stored units are mass units")
    if unit in MASS_UNITS_IN_MG:
        return MASS_UNITS_IN_MG[unit], 1.0, 1.0, MASS_UNITS_IN_MG[to]
    if unit not in VOLUME_UNITS_IN_PPB:
        return None
    try:
        factor = ug_per_ppb(reference, substance, temperature_c)
    except ValueError:
        return None
    return VOLUME_UNITS_IN_PPB[unit], factor, 1000.0, MASS_UNITS_IN_MG[to]


class Checker:
    """The checks every raw row goes through, whatever its format. What is the same for many
    rows (a series' station, parameter and unit; a time's text) is worked out once."""

    CACHED_TIMES = 200_000

    def __init__(self, reference: Reference, stamp: Callable[[datetime.datetime], str]) -> None:
        self.reference = reference
        self.stamp = stamp
        self.temperature = gas_temperature_c()
        stations = list(Station.objects.all())
        self.by_code = {s.code.casefold(): s for s in stations}
        self.by_openaq = {str(s.openaq_location): s for s in stations if s.openaq_location}
        self.series: dict[tuple[str, str, str, str], Series | tuple[str, dict[str, Any]]] = {}
        self.times: dict[str, tuple[datetime.datetime, datetime.date, str] | None] = {}

    def resolve(
        self, openaq_location: str, station_name: str, parameter: str, unit: str
    ) -> Series | tuple[str, dict[str, Any]]:
        """The series of a row, or the reason its station, parameter or unit is refused."""
        key = (openaq_location, station_name, parameter, unit)
        found = self.series.get(key)
        if found is None:
            found = self.series[key] = self._resolve(*key)
        return found

    def _resolve(
        self, openaq_location: str, station_name: str, parameter: str, unit: str
    ) -> Series | tuple[str, dict[str, Any]]:
        station = self.by_openaq.get(openaq_location) or self.by_code.get(station_name.casefold())
        if station is None:
            return Reason.UNKNOWN_STATION, {"station": station_name or openaq_location}
        code = parameter_code(parameter)
        known = self.reference.parameters.get(code)
        if known is None:
            return Reason.UNKNOWN_PARAMETER, {"parameter": parameter}
        if station.parameters and code not in station.parameters:
            return Reason.NOT_MEASURED, {"station": station.code, "parameter": code}
        normalised = unit_code(unit)
        if normalised not in UNITS:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": unit}
        steps = conversion_steps(
            substance=code,
            unit=normalised,
            to=known.unit,
            reference=self.reference,
            temperature_c=self.temperature,
        )
        return Series(station, code, steps, known.ceiling.value, known.suspicious_above.value)

    def moment(self, text: str) -> tuple[datetime.datetime, datetime.date, str] | None:
        """The UTC time, its local day and its database text; None when it is not a time."""
        if text in self.times:
            return self.times[text]
        if len(self.times) >= self.CACHED_TIMES:
            self.times.clear()
        try:
            observed_at = parse_time(text)
        except ValueError:
            found = None
        else:
            found = observed_at, observed_at.astimezone(LOCAL).date(), self.stamp(observed_at)
        self.times[text] = found
        return found

    def check(self, raw: Raw) -> Row | tuple[str, dict[str, Any]]:
        """The row to store, or the reason it is not stored and what the reason names."""
        series = self.resolve(raw.openaq_location, raw.station, raw.parameter, raw.unit)
        if not isinstance(series, Series):
            return series
        station, code = series.station, series.code
        moment = self.moment(raw.time)
        if moment is None:
            return Reason.BAD_TIME, {"text": raw.time}
        observed_at, day, stamp = moment
        if (station.active_from and day < station.active_from) or (
            station.active_to and day > station.active_to
        ):
            return Reason.INACTIVE, {"station": station.code, "date": day.isoformat()}
        try:
            given = parse_value(raw.value)
        except ValueError:
            return Reason.BAD_VALUE, {"text": raw.value}
        if given < 0:
            return Reason.NEGATIVE, {"parameter": code, "value": raw.value}
        if series.steps is None:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": raw.unit}
        a, b, c, d = series.steps
        value = to_significant(given * a * b / c / d)
        if value > series.ceiling:
            unit = self.reference.parameters[code].unit
            return Reason.ABOVE_CEILING, {
                "parameter": code,
                "value": figure(value),
                "unit": unit,
                "ceiling": figure(series.ceiling),
            }
        return Row(
            raw.line,
            station.pk,
            code,
            observed_at,
            stamp,
            value,
            value > series.suspicious_above,
            raw.column,
        )
