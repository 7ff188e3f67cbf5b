"""Writes of the low-emission zones: a zone with its phases and rules (checked, in one
transaction) and the daily detection counts from the camera operator's export."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jasyl.domain.lez import rules
from jasyl.domain.lez.models import Camera, DailyDetection, Phase, Rule, Zone, zone_rules
from jasyl.domain.places.models import WGS84

BATCH = 1000


@dataclass(frozen=True)
class RuleSpec:
    code: str
    effect: str
    legal_act: str
    verification_status: str
    categories: Sequence[str] = ()
    fuels: Sequence[str] = ()
    min_euro: int | None = None
    over_kg: int | None = None
    hours: str = ""
    charge: Decimal | None = None
    exemptions: Sequence[str] = ()
    legal_act_url: str = ""


@dataclass(frozen=True)
class PhaseSpec:
    starts_on: datetime.date
    name: dict[str, str]
    rules: Sequence[RuleSpec]
    ends_on: datetime.date | None = None


def as_multipolygon(geometry: GEOSGeometry) -> MultiPolygon:
    if isinstance(geometry, Polygon):
        return MultiPolygon(geometry, srid=geometry.srid or WGS84)
    if not isinstance(geometry, MultiPolygon):
        raise ValidationError(
            _("A zone's area is a polygon or a multipolygon, not a %(kind)s.")
            % {"kind": geometry.geom_type}
        )
    return geometry


def save_zone(
    *,
    code: str,
    name: dict[str, str],
    geometry: GEOSGeometry,
    phases: Sequence[PhaseSpec],
    sample: bool = False,
    information_url: str = "",
) -> Zone:
    """Create or replace a zone with its phases and rules, all checked, all or nothing; a
    refused rule is named by its phase and code."""
    with transaction.atomic():
        zone, _created = Zone.objects.update_or_create(
            code=code,
            defaults={
                "name_kk": name.get("kk", ""),
                "name_ru": name.get("ru", ""),
                "name_en": name.get("en", ""),
                "geometry": as_multipolygon(geometry),
                "sample": sample,
                "information_url": information_url,
            },
        )
        zone.full_clean()
        zone.phases.all().delete()
        for spec in phases:
            phase = Phase(
                zone=zone,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                name_kk=spec.name.get("kk", ""),
                name_ru=spec.name.get("ru", ""),
                name_en=spec.name.get("en", ""),
            )
            phase.full_clean(exclude=["zone"])
            phase.save()
            for rule_spec in spec.rules:
                _save_rule(phase, rule_spec)
    return zone


@dataclass(frozen=True)
class ZoneArea:
    """A zone's place and names as a spatial file gives them (`jasyl import lez-zones`)."""

    code: str
    name: dict[str, str]
    geometry: GEOSGeometry
    information_url: str = ""


def write_zone_areas(*, areas: Sequence[ZoneArea]) -> tuple[int, int]:
    """Create zones, or move and rename existing ones, in one transaction; their phases and
    rules are left as they are (the admin or `save_zone` keeps them). (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        existing = {z.code: z for z in Zone.objects.filter(code__in=[a.code for a in areas])}
        for area in areas:
            zone = existing.get(area.code) or Zone(code=area.code)
            zone.name_kk = area.name.get("kk", "")
            zone.name_ru = area.name.get("ru", "")
            zone.name_en = area.name.get("en", "")
            zone.geometry = as_multipolygon(area.geometry)
            zone.information_url = area.information_url
            zone.full_clean()
            if zone.pk is None:
                created += 1
            else:
                updated += 1
            zone.save()
    return created, updated


def _save_rule(phase: Phase, spec: RuleSpec) -> Rule:
    rule = Rule(
        phase=phase,
        code=spec.code,
        effect=spec.effect,
        categories=list(spec.categories),
        fuels=list(spec.fuels),
        min_euro=spec.min_euro,
        over_kg=spec.over_kg,
        hours=spec.hours,
        charge=spec.charge,
        exemptions=list(spec.exemptions),
        legal_act=spec.legal_act,
        legal_act_url=spec.legal_act_url,
        verification_status=spec.verification_status,
    )
    try:
        rule.full_clean(exclude=["phase"])
    except ValidationError as error:
        raise ValidationError(
            _("Phase from %(start)s, rule %(rule)s: %(errors)s")
            % {
                "start": phase.starts_on.isoformat(),
                "rule": spec.code,
                "errors": "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                ),
            }
        ) from None
    rule.save()
    return rule


def check_vehicle(*, zone: Zone, vehicle: rules.Vehicle, at: datetime.datetime) -> rules.Result:
    """The checker on a stored zone (see `rules.check`)."""
    return rules.check(zone_rules(zone), vehicle, at)


def place_cameras(*, places: dict[tuple[Zone, str], GEOSGeometry]) -> int:
    """Record where the zones' cameras stand, or move them, in one transaction; the number of
    cameras placed or moved."""
    changed = 0
    with transaction.atomic():
        for (zone, code), point in places.items():
            camera = Camera.objects.filter(zone=zone, code=code).first()
            if camera is not None and camera.geometry.equals_exact(point, tolerance=1e-9):
                continue
            if not isinstance(point, Point):
                raise ValidationError(_("A camera's place is a point."))
            camera = camera or Camera(zone=zone, code=code)
            camera.geometry = point
            camera.sample = zone.sample
            camera.save()
            changed += 1
    return changed


def write_detections(*, rows: Sequence[dict[str, Any]], source: str) -> tuple[int, int, int]:
    """Create or update daily detection counts (one per zone, camera, day and category), in one
    transaction; (created, updated, unchanged)."""
    counts = ("detected", "compliant", "non_compliant", "exempt", "violations")
    zones = {row["zone"].pk for row in rows}
    with transaction.atomic():
        existing = {
            (d.zone_id, d.camera, d.day, d.vehicle_class): d
            for d in DailyDetection.objects.filter(zone__in=zones).select_for_update()
        }
        new: list[DailyDetection] = []
        changed: list[DailyDetection] = []
        for row in rows:
            found = existing.get((row["zone"].pk, row["camera"], row["day"], row["vehicle_class"]))
            if found is None:
                new.append(
                    DailyDetection(
                        zone=row["zone"],
                        camera=row["camera"],
                        day=row["day"],
                        vehicle_class=row["vehicle_class"],
                        source=source,
                        **{k: row[k] for k in counts},
                    )
                )
            elif any(getattr(found, k) != row[k] for k in counts):
                for k in counts:
                    setattr(found, k, row[k])
                found.source = source
                changed.append(found)
        DailyDetection.objects.bulk_create(new, batch_size=BATCH)
        DailyDetection.objects.bulk_update(changed, [*counts, "source"], batch_size=BATCH)
    return len(new), len(changed), len(rows) - len(new) - len(changed)
