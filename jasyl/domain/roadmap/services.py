"""Writes to the plan. `load_plan` is the one way a plan enters the database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError

from jasyl.core.i18n import text_values
from jasyl.domain.agencies.models import Agency
from jasyl.domain.roadmap import domain
from jasyl.domain.roadmap.diff import diff_plans
from jasyl.domain.roadmap.export import plan_as_dict
from jasyl.domain.roadmap.models import (
    Activity,
    ActivityAgency,
    ActivityReference,
    BudgetPeriod,
    FundingSource,
    ImplementationRange,
    KpiTarget,
    Measure,
    PlanImport,
    PlannedAmount,
    PlannedOutput,
    Programme,
    ProgrammeAgency,
    ProgrammeVersion,
    Quantity,
    Section,
    Unit,
)
from jasyl.domain.roadmap.revisions import plan_loaded
from jasyl.domain.roadmap.selectors import plan_from_db


class AmendmentRequired(Exception):
    """The data differ from the loaded version; an amendment needs its reason."""


class AmendmentRefused(Exception):
    """The amendment would remove rows that progress reports refer to."""


@dataclass(frozen=True)
class LoadResult:
    programme: Programme
    version: ProgrammeVersion
    changed: bool


def content_hash(plan: domain.Plan) -> str:
    canonical = json.dumps(plan_as_dict(plan), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_plan(*, plan: domain.Plan, reason: str = "", act: str = "") -> LoadResult:
    """Load a validated plan: a new programme, nothing when unchanged, or a recorded amendment."""
    digest = content_hash(plan)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().filter(code=plan.code).first()
        latest = programme.versions.order_by("-number").first() if programme else None
        if latest is not None and latest.content_hash == digest:
            return LoadResult(programme=latest.programme, version=latest, changed=False)
        if latest is not None and not reason.strip():
            raise AmendmentRequired(
                f"The data of {plan.code!r} differ from version {latest.number}; "
                "loading them is an amendment and needs a reason (--reason)."
            )
        try:
            programme = _write_programme(plan)
        except ProtectedError as exc:
            kinds = sorted({str(type(o)._meta.verbose_name) for o in exc.protected_objects})
            refs = sorted({_reference(o) for o in exc.protected_objects})
            raise AmendmentRefused(
                f"This amendment of {plan.code!r} removes items that progress reports refer to "
                f"({', '.join(refs[:10])}{', ...' if len(refs) > 10 else ''}: {', '.join(kinds)}). "
                "Keep them in the plan, or mark the activity cancelled in its reports instead; "
                "nothing was changed."
            ) from None
        version = ProgrammeVersion.objects.create(
            programme=programme,
            number=(latest.number + 1) if latest else 1,
            kind=ProgrammeVersion.Kind.AMENDMENT if latest else ProgrammeVersion.Kind.PUBLISHED,
            reason=reason.strip(),
            act=act.strip(),
            content_hash=digest,
            snapshot=plan_as_dict(plan),
        )
    # Pages are cached per edition: let this process see the new one at once.
    plan_loaded(plan.code)
    return LoadResult(programme=programme, version=version, changed=True)


def import_workbook(
    *,
    plan: domain.Plan,
    language: str,
    content: bytes,
    file_name: str,
    reason: str,
    by: Any = None,
) -> PlanImport:
    """Apply a plan read from a workbook through `load_plan`, and log the import with its file.

    One transaction: a refused amendment leaves neither the plan nor the log changed.
    """
    with transaction.atomic():
        current = Programme.objects.filter(code=plan.code).first()
        diff = diff_plans(plan_from_db(current) if current else None, plan)
        result = load_plan(plan=plan, reason=reason)
        record = PlanImport(
            programme=result.programme,
            imported_by=by,
            file_name=file_name,
            language=language,
            reason=reason.strip(),
            version=result.version,
            changed=result.changed,
            diff=diff.summary(),
        )
        record.file.save(file_name, ContentFile(content), save=False)
        record.save()
    return record


def _reference(obj: object) -> str:
    """What a protecting row is about: the report's activity, or the row itself."""
    activity = getattr(obj, "activity", None)
    return f"activity {activity.code}" if activity is not None else str(obj)


def _write_programme(plan: domain.Plan) -> Programme:
    """Upsert the rows other data refer to by natural key; replace the published details."""
    programme, _ = Programme.objects.update_or_create(
        code=plan.code,
        defaults={
            **text_values("name", plan.name),
            **text_values("source_document", plan.source_document),
            **text_values("parent_programme", plan.parent_programme),
            **text_values("amount_unit_name", plan.amount_unit_name),
            **text_values("footnote", plan.footnote),
            **text_values("grand_total_label", plan.grand_total_label),
            "approval_act": plan.approval_act,
            "currency": plan.currency,
            "amount_unit": plan.amount_unit,
            "amount_scale": plan.amount_scale,
            "target_years": plan.target_years,
        },
    )
    agencies = {}
    for position, agency in enumerate(plan.agencies):
        agencies[agency.code], _ = Agency.objects.update_or_create(
            code=agency.code,
            defaults={
                **text_values("name", agency.name),
                "kind": agency.kind,
                "verified": agency.verified,
                "position": position,
            },
        )
    ProgrammeAgency.objects.filter(programme=programme).delete()
    ProgrammeAgency.objects.bulk_create(
        ProgrammeAgency(programme=programme, agency=agencies[a.code], position=i)
        for i, a in enumerate(plan.agencies)
    )
    periods = {
        p.code: BudgetPeriod.objects.update_or_create(
            programme=programme,
            code=p.code,
            defaults={"start_year": p.start, "end_year": p.end, "position": i},
        )[0]
        for i, p in enumerate(plan.periods)
    }
    sources = {
        s.code: FundingSource.objects.update_or_create(
            programme=programme,
            code=s.code,
            defaults={
                **text_values("abbreviation", s.abbreviation),
                **text_values("name", s.name),
                "position": i,
            },
        )[0]
        for i, s in enumerate(plan.sources)
    }
    units = {
        u.code: Unit.objects.update_or_create(
            programme=programme,
            code=u.code,
            defaults={**text_values("name", u.name), "dimension": u.dimension},
        )[0]
        for u in plan.units
    }
    measures = {
        m.code: Measure.objects.update_or_create(
            programme=programme,
            code=m.code,
            defaults={**text_values("name", m.name), "unit": units[m.unit]},
        )[0]
        for m in plan.measures
    }
    sections = {
        s.code: Section.objects.update_or_create(
            programme=programme,
            code=s.code,
            defaults={
                **text_values("name", s.name),
                **text_values("subtotal_label", s.subtotal_label),
                "position": i,
            },
        )[0]
        for i, s in enumerate(plan.sections)
    }
    activities: dict[str, Activity] = {}
    for position, a in enumerate(plan.activities):
        activities[a.code], _ = Activity.objects.update_or_create(
            programme=programme,
            code=a.code,
            defaults={
                **text_values("name", a.name),
                **text_values("description", a.description),
                "section": sections[a.section],
                "parent": activities[a.parent] if a.parent else None,
                "position": position,
                "responsible_text": a.responsible,
                "period_text": a.period,
                "funded_elsewhere": a.funded_elsewhere,
                **text_values("notes", a.notes),
            },
        )
    # Rows the new edition no longer has go, children first.
    stale = programme.activities.exclude(code__in=activities)
    for row in sorted(stale, key=lambda r: -r.code.count(".")):
        row.delete()
    programme.sections.exclude(code__in=sections).delete()

    for model in (ActivityAgency, ImplementationRange, ActivityReference, PlannedOutput, KpiTarget):
        model.objects.filter(activity__programme=programme).delete()
    Quantity.objects.filter(baseline_of__programme=programme).delete()
    PlannedAmount.objects.filter(programme=programme).delete()
    programme.measures.exclude(code__in=measures).delete()
    programme.units.exclude(code__in=units).delete()
    programme.periods.exclude(code__in=periods).delete()
    programme.sources.exclude(code__in=sources).delete()

    amounts: list[PlannedAmount] = []
    quantities: list[Quantity] = []

    def add_figures(figures: domain.Figures, **row: object) -> None:
        for code, amount in figures.funding.items():
            amounts.append(
                PlannedAmount(programme=programme, period=periods[code], amount=amount, **row)
            )
        for code, amount in figures.sources.items():
            amounts.append(
                PlannedAmount(programme=programme, source=sources[code], amount=amount, **row)
            )
        if figures.total is not None:
            amounts.append(PlannedAmount(programme=programme, amount=figures.total, **row))

    def add_quantities(items: list[domain.Quantity], **owner: object) -> None:
        quantities.extend(
            Quantity(
                measure=measures[q.measure],
                value=q.value,
                basis=q.basis or "",
                year=q.year,
                position=i,
                **owner,
            )
            for i, q in enumerate(items)
        )

    links, ranges, references = [], [], []
    for a in plan.activities:
        row = activities[a.code]
        links += [
            ActivityAgency(activity=row, agency=agencies[code], position=i)
            for i, code in enumerate(a.agencies)
        ]
        ranges += [
            ImplementationRange(activity=row, start_year=start, end_year=end, position=i)
            for i, (start, end) in enumerate(a.ranges)
        ]
        references += [
            ActivityReference(activity=row, position=i, **text_values("text", r))
            for i, r in enumerate(a.references)
        ]
        for code, statement in a.outputs.items():
            output = PlannedOutput.objects.create(
                activity=row, period=periods[code], **text_values("text", statement.text)
            )
            add_quantities(statement.quantities, output=output)
        for year, statement in a.kpi.items():
            target = KpiTarget.objects.create(
                activity=row, year=year, **text_values("text", statement.text)
            )
            add_quantities(statement.quantities, kpi=target)
        add_quantities(a.baselines, baseline_of=row)
        add_figures(a.figures, activity=row)
    for s in plan.sections:
        add_figures(s.figures, section=sections[s.code])
    add_figures(plan.grand_total)
    ActivityAgency.objects.bulk_create(links)
    ImplementationRange.objects.bulk_create(ranges)
    ActivityReference.objects.bulk_create(references)
    Quantity.objects.bulk_create(quantities)
    PlannedAmount.objects.bulk_create(amounts)
    return programme
