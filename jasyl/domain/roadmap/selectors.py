"""Reads of the plan. `plan_from_db` rebuilds the plain `Plan` in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, Prefetch
from django.http import Http404

from jasyl.core.i18n import as_text
from jasyl.core.numbers import plain
from jasyl.domain.roadmap import domain
from jasyl.domain.roadmap.models import (
    KpiTarget,
    PlannedAmount,
    PlannedOutput,
    Programme,
    Quantity,
)


def get_programme(code: str | None = None) -> Programme:
    """The programme by code (the configured default when none is given), or 404.

    It carries `edition`, the number of its latest loaded version.
    """
    try:
        return Programme.objects.annotate(edition=Max("versions__number")).get(
            code=code or settings.JASYL_DEFAULT_PROGRAMME
        )
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def year_span(programme: Programme) -> tuple[int, int] | None:
    """The first and last year of the programme's budget periods; None before a plan is loaded."""
    span = programme.periods.aggregate(first=Min("start_year"), last=Max("end_year"))
    return None if span["first"] is None else (span["first"], span["last"])


def edition_of(programme: Programme) -> int:
    """The latest edition number `get_programme` annotated (0 when not annotated)."""
    return int(getattr(programme, "edition", 0) or 0)


def current_plan(programme: Programme) -> domain.Plan:
    """The programme's plan, cached per edition: loading a new version changes the key."""
    edition = edition_of(programme)
    if not edition:
        return plan_from_db(programme)
    key = f"jasyl:plan:{programme.pk}:{edition}"
    plan: domain.Plan | None = cache.get(key)
    if plan is None:
        plan = plan_from_db(programme)
        cache.set(key, plan, timeout=None)
    return plan


def _quantity(q: Quantity) -> domain.Quantity:
    return domain.Quantity(
        measure=q.measure.code,
        value=plain(q.value),
        unit=q.measure.unit.code,
        basis=q.basis or None,
        year=q.year,
    )


def plan_from_db(programme: Programme) -> domain.Plan:
    """The programme as a plain `Plan`, equal to the one its dataset was loaded from."""
    periods = list(programme.periods.all())
    sources = list(programme.sources.all())
    quantities = Prefetch(
        "quantities", queryset=Quantity.objects.select_related("measure__unit").order_by("position")
    )
    activities = list(
        programme.activities.select_related("section", "parent")
        .prefetch_related(
            "agency_links__agency",
            "ranges",
            "references",
            Prefetch(
                "outputs",
                queryset=PlannedOutput.objects.select_related("period").prefetch_related(
                    quantities
                ),
            ),
            Prefetch("kpi_targets", queryset=KpiTarget.objects.prefetch_related(quantities)),
            Prefetch(
                "baselines",
                queryset=Quantity.objects.select_related("measure__unit").order_by("position"),
            ),
        )
        .order_by("position")
    )
    figures: dict[tuple[str, int | None], domain.Figures] = defaultdict(domain.Figures)
    amounts = PlannedAmount.objects.filter(programme=programme).select_related("period", "source")
    for cell in amounts:
        key = (
            ("activity", cell.activity_id)
            if cell.activity_id
            else (("section", cell.section_id) if cell.section_id else ("grand", None))
        )
        row = figures[key]
        value = plain(cell.amount)
        if cell.period is not None:
            row.funding[cell.period.code] = value
        elif cell.source is not None:
            row.sources[cell.source.code] = value
        else:
            row.total = value
    order = {p.code: i for i, p in enumerate(periods)}
    source_order = {s.code: i for i, s in enumerate(sources)}

    def ordered(row: domain.Figures) -> domain.Figures:
        return domain.Figures(
            funding=dict(sorted(row.funding.items(), key=lambda kv: order[kv[0]])),
            total=row.total,
            sources=dict(sorted(row.sources.items(), key=lambda kv: source_order[kv[0]])),
        )

    sections = [
        domain.Section(
            code=s.code,
            name=as_text(s, "name"),
            subtotal_label=as_text(s, "subtotal_label"),
            figures=ordered(figures[("section", s.pk)]),
            activities=[a.code for a in activities if a.section_id == s.pk],
        )
        for s in programme.sections.all()
    ]
    plan_activities = [
        domain.Activity(
            code=a.code,
            section=a.section.code,
            name=as_text(a, "name"),
            responsible=a.responsible_text,
            agencies=[link.agency.code for link in a.agency_links.all()],
            period=a.period_text,
            ranges=[(r.start_year, r.end_year) for r in a.ranges.all()],
            figures=ordered(figures[("activity", a.pk)]),
            outputs={
                o.period.code: domain.Statement(
                    as_text(o, "text"), [_quantity(q) for q in o.quantities.all()]
                )
                for o in a.outputs.all()
            },
            kpi={
                k.year: domain.Statement(
                    as_text(k, "text"), [_quantity(q) for q in k.quantities.all()]
                )
                for k in a.kpi_targets.all()
            },
            baselines=[_quantity(q) for q in a.baselines.all()],
            description=as_text(a, "description"),
            references=[as_text(r, "text") for r in a.references.all()],
            funded_elsewhere=a.funded_elsewhere,
            notes=as_text(a, "notes"),
        )
        for a in activities
    ]
    return domain.Plan(
        code=programme.code,
        name=as_text(programme, "name"),
        source_document=as_text(programme, "source_document"),
        approval_act=programme.approval_act,
        parent_programme=as_text(programme, "parent_programme"),
        currency=programme.currency,
        amount_unit=programme.amount_unit,
        amount_scale=programme.amount_scale,
        amount_unit_name=as_text(programme, "amount_unit_name"),
        footnote=as_text(programme, "footnote"),
        grand_total_label=as_text(programme, "grand_total_label"),
        periods=[domain.Period(p.code, p.start_year, p.end_year) for p in periods],
        target_years=list(programme.target_years),
        sources=[
            domain.FundingSource(s.code, as_text(s, "abbreviation"), as_text(s, "name"))
            for s in sources
        ],
        units=[
            domain.Unit(u.code, u.dimension, as_text(u, "name"))
            for u in programme.units.order_by("pk")
        ],
        measures=[
            domain.Measure(m.code, m.unit.code, as_text(m, "name"))
            for m in programme.measures.select_related("unit").order_by("pk")
        ],
        agencies=[
            domain.Agency(
                link.agency.code,
                link.agency.kind,
                as_text(link.agency, "name"),
                link.agency.verified,
            )
            for link in programme.agency_links.select_related("agency")
        ],
        sections=sections,
        activities=plan_activities,
        grand_total=ordered(figures[("grand", None)]),
    )
