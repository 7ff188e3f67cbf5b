"""Demonstration data of the low-emission zones (`jasyl sample-lez`): one made-up zone, a
rectangle in central Almaty that follows no real street, with two made-up phases and rules, and
daily detection counts of two made-up cameras, so that the checker and the pages have something
to show. No legal act of Almaty sets these rules: each rule's legal act says so, and the zone,
its rules and its counts are flagged as sample data, shown only with `?data=sample`.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.gis.geos import Point, Polygon
from django.db import transaction

from jasyl.domain.lez import rules
from jasyl.domain.lez.models import VerificationStatus, Zone
from jasyl.domain.lez.services import (
    PhaseSpec,
    RuleSpec,
    place_cameras,
    save_zone,
    write_detections,
)
from jasyl.domain.places.models import WGS84

CODE = "sample-centre"
# (west, south), (east, north): a rectangle in central Almaty.
BOX = ((76.90, 43.23), (76.97, 43.27))
LEGAL_ACT = "Sample for demonstration: no legal act of Almaty sets this rule."
CAMERAS = ("SAMPLE-CAM-1", "SAMPLE-CAM-2")
# Made-up places inside the rectangle (longitude, latitude).
CAMERA_PLACES = ((76.915, 43.245), (76.955, 43.255))
DAYS = 60
EXEMPT = (rules.Exemption.EMERGENCY, rules.Exemption.DISABLED, rules.Exemption.PUBLIC_TRANSPORT)


def _rule(code: str, effect: rules.Effect, **values: object) -> RuleSpec:
    return RuleSpec(
        code=code,
        effect=effect.value,
        legal_act=LEGAL_ACT,
        verification_status=VerificationStatus.SAMPLE,
        **values,  # type: ignore[arg-type]
    )


PHASES = (
    PhaseSpec(
        starts_on=datetime.date(2025, 7, 1),
        name={"kk": "1-кезең (үлгі)", "ru": "Этап 1 (образец)", "en": "Phase 1 (sample)"},
        rules=(
            _rule(
                "S1-DIESEL",
                rules.Effect.CHARGE,
                categories=("M1", "N1"),
                fuels=("diesel",),
                min_euro=4,
                hours="Mo-Fr 07:00-19:00",
                charge=Decimal(2000),
                exemptions=(*EXEMPT, rules.Exemption.RESIDENT),
            ),
        ),
    ),
    PhaseSpec(
        starts_on=datetime.date(2027, 1, 1),
        name={"kk": "2-кезең (үлгі)", "ru": "Этап 2 (образец)", "en": "Phase 2 (sample)"},
        rules=(
            _rule(
                "S2-DIESEL",
                rules.Effect.BAN,
                categories=("M1", "N1"),
                fuels=("diesel",),
                min_euro=5,
                exemptions=EXEMPT,
            ),
            _rule(
                "S2-PETROL",
                rules.Effect.CHARGE,
                categories=("M1", "N1"),
                fuels=("petrol", "lpg", "cng", "hybrid"),
                min_euro=4,
                hours="Mo-Fr 07:00-19:00",
                charge=Decimal(2000),
                exemptions=(*EXEMPT, rules.Exemption.RESIDENT),
            ),
            _rule(
                "S2-HEAVY",
                rules.Effect.BAN,
                categories=("N2", "N3", "M2", "M3"),
                min_euro=6,
                over_kg=3500,
                exemptions=EXEMPT,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Generated:
    removed: int
    already_there: bool
    detections: int


def generate(*, seed: int = 1, remove: bool = False) -> Generated:
    """Write the sample zone, its rules and counts (a no-op when it is there)."""
    removed = 0
    with transaction.atomic():
        if remove:
            removed, _kinds = Zone.objects.filter(sample=True).delete()
        if Zone.objects.filter(code=CODE).exists():
            return Generated(removed, True, 0)
        (west, south), (east, north) = BOX
        zone = save_zone(
            code=CODE,
            name={"kk": "Үлгі аймақ", "ru": "Образец зоны", "en": "Sample zone"},
            geometry=Polygon.from_bbox((west, south, east, north)),
            phases=PHASES,
            sample=True,
        )
        rows = list(_counts(zone, random.Random(seed)))
        write_detections(rows=rows, source="sample (jasyl sample-lez)")
        place_cameras(
            places={
                (zone, code): Point(*place, srid=WGS84)
                for code, place in zip(CAMERAS, CAMERA_PLACES, strict=True)
            }
        )
    return Generated(removed, False, len(rows))


def _counts(zone: Zone, rng: random.Random) -> list[dict[str, object]]:
    start = PHASES[0].starts_on - datetime.timedelta(days=DAYS // 2)
    rows: list[dict[str, object]] = []
    for offset in range(DAYS):
        day = start + datetime.timedelta(days=offset)
        # Fewer old diesels come once the charge starts.
        share = 0.18 if day < PHASES[0].starts_on else 0.09
        for camera in CAMERAS:
            per_class = []
            for category, typical in (("M1", 9000), ("N1", 1200), ("N2", 300), ("M2", 150)):
                detected = int(typical * rng.uniform(0.8, 1.2))
                exempt = int(detected * 0.02)
                non_compliant = int(detected * share * rng.uniform(0.8, 1.2))
                unread = int(detected * 0.01)
                compliant = detected - exempt - non_compliant - unread
                violations = int(non_compliant * 0.3) if day >= PHASES[0].starts_on else 0
                per_class.append((category, detected, compliant, non_compliant, exempt, violations))
            for category, *counts in per_class:
                rows.append(_row(zone, camera, day, category, counts))
            total = [sum(values) for values in zip(*(c[1:] for c in per_class), strict=True)]
            rows.append(_row(zone, camera, day, "", total))
    return rows


def _row(
    zone: Zone, camera: str, day: datetime.date, category: str, counts: list[int]
) -> dict[str, object]:
    detected, compliant, non_compliant, exempt, violations = counts
    return {
        "zone": zone,
        "camera": camera,
        "day": day,
        "vehicle_class": category,
        "detected": detected,
        "compliant": compliant,
        "non_compliant": non_compliant,
        "exempt": exempt,
        "violations": violations,
    }
