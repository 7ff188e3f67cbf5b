"""Reads of the low-emission zones: the zones of the public pages, the detection statistics,
the stations inside and outside a zone and the air's difference in differences per phase."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.gis.geos import Point
from django.db.models import QuerySet, Sum
from django.http import Http404

from jasyl.domain.airquality.models import Station
from jasyl.domain.airquality.selectors import daily_means
from jasyl.domain.lez import effect
from jasyl.domain.lez.models import Camera, DailyDetection, Phase, Zone
from jasyl.domain.places.models import WGS84

PARAMETERS = ("pm25", "pm10", "no2", "so2", "co", "o3")
"""The parameters compared inside and outside, where measured."""
WINDOW_DAYS = 365
"""Days before and after a phase's start that the comparison reads."""


def zones(*, sample: bool = False) -> QuerySet[Zone]:
    """The zones of the public pages: the real ones, or with `sample` only the sample ones."""
    return Zone.objects.filter(sample=sample).order_by("code")


def zone_by_code(code: str, *, sample: bool = False) -> Zone:
    found = zones(sample=sample).filter(code=code).first()
    if found is None:
        raise Http404("No such zone")
    return found


def cameras(*, sample: bool = False) -> QuerySet[Camera]:
    """The placed cameras of the public zones (or of the sample ones)."""
    return (
        Camera.objects.filter(zone__sample=sample).select_related("zone").order_by("zone", "code")
    )


def has_sample_zones() -> bool:
    return Zone.objects.filter(sample=True).exists()


def phases(zone: Zone) -> list[Phase]:
    return list(zone.phases.prefetch_related("rules"))


@dataclass(frozen=True)
class Compliance:
    key: str
    detected: int
    compliant: int
    non_compliant: int
    exempt: int
    violations: int

    @property
    def rate(self) -> float | None:
        """Compliant and exempt vehicles over the classified ones; None without any."""
        classified = self.compliant + self.non_compliant + self.exempt
        return (self.compliant + self.exempt) / classified if classified else None

    @property
    def share(self) -> Decimal | None:
        """The rate exactly, for charts and downloads."""
        classified = self.compliant + self.non_compliant + self.exempt
        return Decimal(self.compliant + self.exempt) / classified if classified else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else rate * 100


def compliance(zone: Zone, *, by: str) -> list[Compliance]:
    """The zone's counts summed by "day", "camera" or "vehicle_class" (one query). Totals
    (`vehicle_class` empty) are read, except by class, which reads the per-class rows."""
    rows = DailyDetection.objects.filter(zone=zone)
    rows = (
        rows.exclude(vehicle_class="") if by == "vehicle_class" else rows.filter(vehicle_class="")
    )
    counts = ("detected", "compliant", "non_compliant", "exempt", "violations")
    grouped = rows.values(by).annotate(**{f"n_{c}": Sum(c) for c in counts}).order_by(by)
    return [Compliance(str(row[by]), *(int(row[f"n_{c}"] or 0) for c in counts)) for row in grouped]


def stations_by_side(zone: Zone) -> tuple[list[Station], list[Station]]:
    """The stations with a place of the zone's kind (sample with sample), inside and outside
    its area."""
    inside: list[Station] = []
    outside: list[Station] = []
    found = Station.objects.filter(sample=zone.sample, latitude__isnull=False)
    for station in found.exclude(longitude__isnull=True).order_by("code"):
        point = Point(float(station.longitude), float(station.latitude), srid=WGS84)  # type: ignore[arg-type]
        (inside if zone.geometry.intersects(point) else outside).append(station)
    return inside, outside


@dataclass(frozen=True)
class PhaseEffect:
    phase: Phase
    estimates: list[effect.Estimate]
    missing: list[str]


def air_effect(zone: Zone) -> tuple[list[Station], list[Station], list[PhaseEffect]]:
    """Per phase, the difference in differences of each parameter measured on both sides."""
    inside, outside = stations_by_side(zone)
    results: list[PhaseEffect] = []
    if not inside or not outside:
        return inside, outside, results
    ids_in = {s.pk for s in inside}
    ids_out = {s.pk for s in outside}
    for phase in zone.phases.all():
        start = phase.starts_on - datetime.timedelta(days=WINDOW_DAYS)
        end = min(phase.starts_on + datetime.timedelta(days=WINDOW_DAYS - 1), datetime.date.today())
        if end < phase.starts_on:
            continue
        means = daily_means(
            start=start, end=end, stations=[*ids_in, *ids_out], parameters=PARAMETERS
        )
        estimates: list[effect.Estimate] = []
        missing: list[str] = []
        for parameter in PARAMETERS:
            values = [(m.station_id, m.day, m.value) for m in means if m.parameter == parameter]
            if not values:
                continue
            try:
                estimates.append(
                    effect.difference_in_differences(
                        parameter,
                        effect.area_means(values, ids_in),
                        effect.area_means(values, ids_out),
                        phase.starts_on,
                    )
                )
            except effect.TooFewDays as error:
                missing.append(str(error))
        results.append(PhaseEffect(phase, estimates, missing))
    return inside, outside, results


@dataclass(frozen=True)
class ZoneEffect:
    """A zone's stations inside and outside and its difference in differences per phase."""

    zone: Zone
    inside: list[Station]
    outside: list[Station]
    phases: list[PhaseEffect]

    @property
    def measured(self) -> bool:
        """At least one parameter of one phase could be estimated."""
        return any(phase.estimates for phase in self.phases)


def measured_effects(*, sample: bool = False) -> list[ZoneEffect]:
    """Every public zone's (or sample zone's) measured effect, for the emissions ledger."""
    found = []
    for zone in zones(sample=sample).prefetch_related("phases"):
        inside, outside, phases = air_effect(zone)
        found.append(ZoneEffect(zone, inside, outside, phases))
    return found
