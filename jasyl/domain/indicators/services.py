"""Writes to the indicator registry: syncing it with the plan, amending a target, recording
and importing observations. Each runs in one transaction; bad input raises `IndicatorError`
naming the place, and nothing is half-written."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import ImportContext, refusal_lines, run_import
from jasyl.core.text import number_text
from jasyl.core.uploads import Problems
from jasyl.domain.agencies.models import Agency
from jasyl.domain.indicators.models import Indicator, IndicatorTarget, Observation, TargetAmendment
from jasyl.domain.indicators.registry import indicator_specs
from jasyl.domain.people.access import Access
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.revisions import published_data_changed
from jasyl.domain.roadmap.selectors import current_plan, get_programme


class IndicatorError(Exception):
    """Refused input, with a message for the person who gave it."""


class ReadingError(IndicatorError):
    """One field of a reading refused: the column (of an import file) and why."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    removed: int
    kept: list[str]


def sync_indicators(programme: Programme) -> SyncResult:
    """Make the registry match the plan's KPI targets. Running it again changes nothing; an
    amended target keeps its amended value; an indicator the plan no longer has is removed
    unless it has observations (then it is kept and listed in `kept`)."""
    plan = current_plan(get_programme(programme.code))
    specs = indicator_specs(plan)
    activities = {a.code: a for a in programme.activities.all()}
    measures = {m.code: m for m in programme.measures.all()}
    agencies = {a.code: a for a in Agency.objects.filter(code__in={s.agency for s in specs})}
    created = updated = 0
    with transaction.atomic():
        for position, spec in enumerate(specs):
            fields = {
                "activity": activities[spec.activity],
                "measure": measures[spec.measure],
                "kind": spec.kind,
                "direction": spec.direction,
                "direction_reason": spec.direction_reason,
                "baseline_value": spec.baseline.value if spec.baseline else None,
                "baseline_year": spec.baseline.year if spec.baseline else None,
                "baseline_source": _("the published plan") if spec.baseline else "",
                "agency": agencies.get(spec.agency or ""),
                "position": position,
            }
            indicator, made = Indicator.objects.get_or_create(
                programme=programme, code=spec.code, defaults=fields
            )
            changed = made or _update(indicator, fields)
            changed = _sync_targets(indicator, spec.targets) or changed
            created += made
            updated += changed and not made
        stale = Indicator.objects.filter(programme=programme).exclude(
            code__in=[s.code for s in specs]
        )
        kept = sorted(stale.filter(observations__isnull=False).values_list("code", flat=True))
        removed = stale.filter(observations__isnull=True).count()
        stale.filter(observations__isnull=True).delete()
    return SyncResult(created, updated, removed, kept)


def _update(obj: Any, fields: dict[str, Any]) -> bool:
    changed = {k: v for k, v in fields.items() if getattr(obj, k) != v}
    for key, value in changed.items():
        setattr(obj, key, value)
    if changed:
        obj.save(update_fields=list(changed))
    return bool(changed)


def _sync_targets(indicator: Indicator, targets: list[Any]) -> bool:
    existing = {t.year: t for t in indicator.targets.all()}
    changed = False
    for spec in targets:
        target = existing.pop(spec.year, None)
        if target is None:
            IndicatorTarget.objects.create(
                indicator=indicator,
                year=spec.year,
                value=spec.value,
                published_value=spec.published_value,
                basis=spec.basis,
            )
            changed = True
            continue
        fields: dict[str, Any] = {"published_value": spec.published_value, "basis": spec.basis}
        if not target.amended:
            fields["value"] = spec.value
        changed = _update(target, fields) or changed
    for target in existing.values():
        if not target.amended:
            target.delete()
            changed = True
    return changed


def amend_target(
    *, actor: Any, access: Access, target: IndicatorTarget, value: Decimal, reason: str, act: str
) -> IndicatorTarget:
    """Change a target after publication; the previous value, the reason and the act are kept."""
    if not access.is_administrator:
        raise PermissionDenied(_("Only the programme administrator amends targets."))
    if not reason.strip():
        raise IndicatorError(_("Say why the target changes: a reason is required."))
    with transaction.atomic():
        locked = IndicatorTarget.objects.select_for_update().get(pk=target.pk)
        if locked.value == value:
            raise IndicatorError(_("The target already has this value."))
        TargetAmendment.objects.create(
            target=locked,
            previous_value=locked.value,
            new_value=value,
            reason=reason.strip(),
            act=act.strip(),
            changed_by=actor,
        )
        locked.value = value
        locked.amended = True
        locked.save(update_fields=["value", "amended"])
        published_data_changed(locked.indicator.programme_id)
    return locked


def can_observe(access: Access, indicator: Indicator) -> bool:
    """The programme office, and the editors and heads of the activity's executing agencies."""
    agencies = [link.agency.code for link in indicator.activity.agency_links.all()]
    return access.is_reviewer or access.can_edit(agencies)


@dataclass(frozen=True)
class Reading:
    """One observation as entered or imported, before it is checked."""

    indicator: str
    observed_on: str
    value: str
    source: str
    district: str = ""
    evidence_url: str = ""


def record_observations(
    *, actor: Any, access: Access, programme: Programme, readings: list[Reading], where: list[str]
) -> list[Observation]:
    """Check every reading and write them all, or none. `where[i]` names the place of
    `readings[i]` in error messages ("row 3", "the form")."""
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(programme=programme)
        .select_related("activity", "measure__unit")
        .prefetch_related("activity__agency_links__agency")
    }
    districts = {a.code: a for a in Agency.objects.filter(kind=Agency.Kind.DISTRICT_AKIMAT)}
    errors = Problems()
    rows: list[Observation] = []
    seen: set[tuple[str, datetime.date, str]] = set()
    for reading, place in zip(readings, where, strict=True):
        try:
            rows.append(observation_of(reading, indicators, districts, access, actor))
        except IndicatorError as error:
            errors.append(f"{place}: {error}")
            continue
        key = (reading.indicator, rows[-1].observed_on, reading.district)
        if key in seen:
            errors.append(f"{place}: " + _("the same indicator, date and district twice."))
        seen.add(key)
    if errors:
        raise IndicatorError("\n".join(errors.lines()))
    with transaction.atomic():
        for place, row in zip(where, rows, strict=True):
            duplicate = Observation.objects.filter(
                indicator=row.indicator,
                observed_on=row.observed_on,
                district=row.district,
                sample=False,
            ).exists()
            if duplicate:
                raise IndicatorError(
                    f"{place}: "
                    + _("%(indicator)s already has a value for %(date)s.")
                    % {"indicator": row.indicator.code, "date": row.observed_on.isoformat()}
                )
            row.save()
        published_data_changed(programme.pk)
    return rows


def observation_of(
    reading: Reading,
    indicators: dict[str, Indicator],
    districts: dict[str, Agency],
    access: Access,
    actor: Any,
) -> Observation:
    indicator = indicators.get(reading.indicator.strip())
    if indicator is None:
        raise ReadingError(
            "indicator", _("unknown indicator “%(code)s”.") % {"code": reading.indicator.strip()}
        )
    if not can_observe(access, indicator):
        raise PermissionDenied(
            _("You may not record values of %(code)s.") % {"code": indicator.code}
        )
    try:
        observed_on = datetime.date.fromisoformat(reading.observed_on.strip())
    except ValueError:
        raise ReadingError(
            "date",
            _("date “%(value)s” is not a date (write YYYY-MM-DD).")
            % {"value": reading.observed_on},
        ) from None
    try:
        value = Decimal(number_text(reading.value))
    except InvalidOperation:
        raise ReadingError(
            "value", _("value “%(value)s” is not a number.") % {"value": reading.value}
        ) from None
    if not value.is_finite() or value < 0:
        raise ReadingError(
            "value", _("value %(value)s cannot be negative.") % {"value": reading.value}
        )
    unit = indicator.measure.unit
    if unit.code == "percent" and value > 100:
        raise ReadingError("value", _("value %(value)s is over 100 %%.") % {"value": reading.value})
    district = None
    if reading.district.strip():
        district = districts.get(reading.district.strip())
        if district is None:
            raise ReadingError(
                "district", _("unknown district “%(code)s”.") % {"code": reading.district.strip()}
            )
    if not reading.source.strip():
        raise ReadingError("source", _("say where the value comes from (source)."))
    return Observation(
        indicator=indicator,
        observed_on=observed_on,
        value=value,
        source=reading.source.strip()[:500],
        evidence_url=reading.evidence_url.strip()[:500],
        district=district,
        entered_by=actor,
    )


COLUMNS = ["indicator", "date", "value", "source", "district", "evidence_url"]
# district and evidence_url may be left out.
REQUIRED_COLUMNS = COLUMNS[:4]


def import_observations(
    *, actor: Any, access: Access, programme: Programme, content: bytes
) -> list[Observation]:
    """Import observations from a CSV (UTF-8) or an Excel workbook (.xlsx, its first sheet)
    through the import pipeline (`jasyl.domain.indicators.imports.IndicatorValues`). The first
    row names the columns (`COLUMNS`). Every row is checked first; an error names its place,
    and then nothing is written."""
    before = set(
        Observation.objects.filter(indicator__programme=programme).values_list("pk", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "values"
        path.write_bytes(content)
        result = run_import(
            "indicator-values", path, context=ImportContext(actor=actor, scope=programme.code)
        )
    if not result.ok:
        raise IndicatorError("\n".join(refusal_lines(result)))
    return list(
        Observation.objects.filter(indicator__programme=programme)
        .exclude(pk__in=before)
        .order_by("pk")
    )


def write_observations(*, programme: Programme, rows: list[Observation]) -> None:
    """Write checked observations at once (an import's new rows)."""
    with transaction.atomic():
        Observation.objects.bulk_create(rows, batch_size=500)
        published_data_changed(programme.pk)
