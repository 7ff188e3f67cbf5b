"""Indicator pages: every KPI with its status and projections, one indicator's chart and
values, and, for those allowed, recording values, importing a CSV and amending a target."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jasyl.core.caching import cached_per_edition, published_data_changed
from jasyl.core.templatetags.jasyl import amount
from jasyl.core.text import number_text
from jasyl.core.uploads import XLSX_CONTENT_TYPE
from jasyl.indicators import projections
from jasyl.indicators.charts import bar_chart, line_chart
from jasyl.indicators.districts import Breakdown, breakdown
from jasyl.indicators.exports import values_template
from jasyl.indicators.models import Indicator, Observation
from jasyl.indicators.selectors import Assessed, assessed
from jasyl.indicators.services import (
    IndicatorError,
    Reading,
    amend_target,
    can_observe,
    import_observations,
    record_observations,
)
from jasyl.people.access import access_for
from jasyl.reporting.progress import wants_sample
from jasyl.roadmap.models import Programme
from jasyl.roadmap.selectors import current_plan, get_programme

STATUS_LABELS = {
    projections.Status.MET: gettext_lazy("Target met"),
    projections.Status.ON_TRACK: gettext_lazy("On track"),
    projections.Status.AT_RISK: gettext_lazy("At risk"),
    projections.Status.OFF_TRACK: gettext_lazy("Off track"),
    projections.Status.MISSED: gettext_lazy("Missed"),
    projections.Status.NO_DATA: gettext_lazy("No data"),
}
METHOD_LABELS = {
    projections.Method.LINEAR_TREND: gettext_lazy("linear trend"),
    projections.Method.COMPOUND_RATE: gettext_lazy("compound yearly rate"),
}


def _sample_switch(record: Programme, sample: bool) -> dict[str, bool]:
    """What `reporting/_sample_switch.html` needs: sample data shown, or offered."""
    return {
        "sample": sample,
        "has_sample": sample
        or Observation.objects.filter(indicator__programme=record, sample=True).exists(),
    }


@cached_per_edition
def indicator_list(request: HttpRequest, programme: str) -> HttpResponse:
    """Every indicator: latest value, targets with their status, the projection and its method."""
    record = get_programme(programme)
    sample = wants_sample(request)
    items = assessed(record, sample=sample)
    counted = Counter(item.outlook.status for item in items)
    return render(
        request,
        "indicators/list.html",
        {
            "plan": current_plan(record),
            "items": items,
            "years": sorted({t for item in items for t in item.series.targets}),
            "counts": [(s, STATUS_LABELS[s], counted[s]) for s in STATUS_LABELS],
            "labels": STATUS_LABELS,
            "progress": _sample_switch(record, sample),
        },
    )


def _find(record: Programme, code: str, sample: bool) -> Assessed:
    item = next((i for i in assessed(record, sample=sample) if i.indicator.code == code), None)
    if item is None:
        raise Http404("No such indicator")
    return item


def _chart(item: Assessed) -> Any:
    outlook = item.outlook
    ahead = next((t for t in outlook.targets if t.deadline >= outlook.as_of), None)
    points = [(p.on, p.value) for p in outlook.points]
    first = min([p.on.year for p in outlook.points] or [2021])
    required = projections.required_path(ahead) if ahead and ahead.required else ()
    projection = projections.projection_path(ahead.linear) if ahead and ahead.linear else ()
    return line_chart(
        points,
        item.series.targets,
        {t.year for t in outlook.targets if t.status == projections.Status.MET},
        [(p.on, p.value) for p in required],
        [(p.on, p.value) for p in projection],
        first,
        amount,
    )


def _districts(item: Assessed) -> tuple[Breakdown | None, Any]:
    """The district breakdown and its bar chart; (None, None) without district values."""
    found = breakdown(item.series.districts, item.series.city)
    if found is None:
        return None, None
    return found, bar_chart([(d.name, d.value) for d in found.latest], amount)


@cached_per_edition
def indicator_detail(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    record = get_programme(programme)
    sample = wants_sample(request)
    item = _find(record, code, sample)
    access = access_for(request.user, record)
    districts, district_chart = _districts(item)
    return render(
        request,
        "indicators/detail.html",
        {
            "plan": current_plan(record),
            "item": item,
            "indicator": item.indicator,
            "chart": _chart(item),
            "districts": districts,
            "district_chart": district_chart,
            "labels": STATUS_LABELS,
            "methods": METHOD_LABELS,
            "amendments": [
                a
                for t in item.indicator.targets.all()
                for a in t.amendments.select_related("changed_by")
            ],
            "can_observe": can_observe(access, item.indicator),
            "can_amend": access.is_administrator,
            "progress": _sample_switch(record, sample),
        },
    )


@login_required
@require_POST
def record_value(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """One value entered in the form on the indicator's page."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    reading = Reading(
        indicator=code,
        observed_on=request.POST.get("observed_on", ""),
        value=request.POST.get("value", ""),
        source=request.POST.get("source", ""),
        district=request.POST.get("district", ""),
        evidence_url=request.POST.get("evidence_url", ""),
    )
    try:
        record_observations(
            actor=request.user,
            access=access,
            programme=record,
            readings=[reading],
            where=[_("The value")],
        )
        published_data_changed(record.pk)
        messages.success(request, _("The value was recorded."))
    except IndicatorError as error:
        messages.error(request, str(error))
    return redirect("indicators:detail", programme=record.code, code=code)


@login_required
def import_values(request: HttpRequest, programme: str) -> HttpResponse:
    """Upload a CSV of values: checked row by row; all are written, or none."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    if not (access.is_reviewer or access.works_for_agency):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV or Excel file to upload.")]
        else:
            try:
                rows = import_observations(
                    actor=request.user, access=access, programme=record, content=upload.read()
                )
                published_data_changed(record.pk)
                messages.success(request, _("%(count)s values imported.") % {"count": len(rows)})
                return redirect("indicators:list", programme=record.code)
            except IndicatorError as error:
                errors = str(error).splitlines()
    return render(
        request,
        "indicators/import.html",
        {"plan": current_plan(record), "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def import_template(request: HttpRequest, programme: str) -> HttpResponse:
    """The workbook to fill in for an import, with the programme's indicators to choose from."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    if not (access.is_reviewer or access.works_for_agency):
        raise PermissionDenied
    response = HttpResponse(values_template(record), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{record.code}-indicator-values.xlsx"'
    return response


@login_required
@require_POST
def amend(request: HttpRequest, programme: str, code: str, year: int) -> HttpResponse:
    """The administrator changes a target, with the reason and the act."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    target = Indicator.objects.filter(programme=record).filter(code=code).first()
    found = target.targets.filter(year=year).first() if target else None
    if found is None:
        raise Http404("No such target")
    try:
        value = Decimal(number_text(request.POST.get("value", "")))
        amend_target(
            actor=request.user,
            access=access,
            target=found,
            value=value,
            reason=request.POST.get("reason", ""),
            act=request.POST.get("act", ""),
        )
        published_data_changed(record.pk)
        messages.success(request, _("The target was amended."))
    except (IndicatorError, ArithmeticError) as error:
        messages.error(
            request, str(error) if isinstance(error, IndicatorError) else _("Not a number.")
        )
    return redirect("indicators:detail", programme=record.code, code=code)
