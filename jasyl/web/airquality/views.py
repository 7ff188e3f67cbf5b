"""The public air-quality pages (the overview with the station map, each station's year) and
the programme office's upload page for measurement files with the log of each file."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import IO, Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from jasyl.core.i18n import current_language
from jasyl.core.jobs import RETRY_AFTER_SECONDS, state_of
from jasyl.core.uploads import UnreadableFile, check_size, shown_and_more
from jasyl.domain.airquality import selectors, summaries
from jasyl.domain.airquality.ingest import IngestError, ingest_file
from jasyl.domain.airquality.interface import (
    AQI_CATEGORIES,
    EPISODES,
    LEVELS,
    LIMITS,
    STATION_KINDS,
    STATUS_SHORT,
    UNITS,
    gas_temperature_c,
)
from jasyl.domain.airquality.models import Station
from jasyl.domain.airquality.reference import Reference, Sourced
from jasyl.domain.airquality.selectors import ingest_file_with_lines, recent_ingest_files
from jasyl.domain.airquality.tasks import UPLOADS, Summary, ingest_upload, progress_of
from jasyl.domain.airquality.versions import current_reference
from jasyl.domain.people.access import access_for
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.airquality.forms import IngestForm
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.air import daily_chart
from jasyl.web.common.maps import map_config, public_tiles_url
from jasyl.web.common.params import wants_sample

# Pages are rebuilt at once when measurements are stored (the key holds the latest ingested
# file); a station edited in the admin shows within this time.
PAGE_SECONDS = 300


def _office(request: HttpRequest, programme: str) -> Programme:
    record = get_programme(programme)
    # Measurements feed the public figures: the programme's administrators and reviewers load
    # them, as they approve what is published.
    if not access_for(request.user, record).is_reviewer:
        raise PermissionDenied
    return record


@login_required
def ingest(request: HttpRequest, programme: str) -> HttpResponse:
    """Upload a measurement file: stored at once (then its log), or checked only (a dry run)."""
    record = _office(request, programme)
    form = IngestForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"programme": record, "form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # After the permission (`_office`), before a byte of the file is read.
                check_size(upload.size, settings.JASYL_INGEST_MAX_BYTES)
                if upload.size > settings.JASYL_INGEST_INLINE_BYTES:
                    return _in_background(request, record, form)
                result = ingest_file(
                    handle=cast(IO[bytes], upload.file),
                    file_name=upload.name,
                    format=form.cleaned_data["format"] or None,
                    station=form.cleaned_data["station"] or None,
                    by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except (UnreadableFile, IngestError) as error:
                context["errors"] = [str(error)]
            else:
                if result.record is not None:
                    return redirect(
                        "airquality:ingest_file", programme=record.code, pk=result.record.pk
                    )
                context["result"] = result
                result.lines, context["more"] = shown_and_more(
                    result.lines, result.rejected + result.duplicates
                )
                status = 200
    context["files"] = recent_ingest_files()
    return render(request, "airquality/ingest.html", context, status=status)


def _in_background(request: HttpRequest, record: Programme, form: IngestForm) -> HttpResponse:
    """A large file: stored, then ingested by the background worker; its page follows the job."""
    upload = form.cleaned_data["file"]
    stored_as = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}", upload)
    job = ingest_upload.enqueue(
        programme=record.code,
        stored_as=stored_as,
        file_name=upload.name,
        format=form.cleaned_data["format"] or None,
        station=form.cleaned_data["station"] or None,
        by=request.user.pk,
        dry_run=form.cleaned_data["dry_run"],
        language=current_language(),
    )
    if job.is_finished:
        # Run at once (the immediate backend): no page to follow.
        return _job_done(request, record, job)
    return redirect("airquality:ingest_job", programme=record.code, job=job.id)


def _job_done(request: HttpRequest, record: Programme, job: TaskResult[Any]) -> HttpResponse:
    context: dict[str, object] = {"programme": record, "file_name": job.kwargs["file_name"]}
    if job.status == TaskResultStatus.FAILED:
        context["state"] = state_of(job)
        return render(request, "airquality/ingest_job.html", context)
    summary = Summary.from_json(job.return_value or {})
    if summary.record is not None:
        return redirect("airquality:ingest_file", programme=record.code, pk=summary.record)
    summary.lines, context["more"] = shown_and_more(
        summary.lines, summary.rejected + summary.duplicates
    )
    context["summary"] = summary
    return render(
        request, "airquality/ingest_job.html", context, status=400 if summary.error else 200
    )


@login_required
def ingest_job(request: HttpRequest, programme: str, job: uuid.UUID) -> HttpResponse:
    """A file being ingested by the background worker: its state and progress while it runs
    (the page reloads itself), then its log, or the outcome of a check-only run."""
    record = _office(request, programme)
    try:
        found = ingest_upload.get_result(str(job))
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError):
        raise Http404("No such ingest job") from None
    if found.kwargs.get("programme") != record.code:
        raise Http404("No such ingest job")
    if found.is_finished:
        return _job_done(request, record, found)
    response = render(
        request,
        "airquality/ingest_job.html",
        {
            "programme": record,
            "file_name": found.kwargs["file_name"],
            "state": state_of(found),
            "progress": progress_of(str(found.id)),
            "retry_after": RETRY_AFTER_SECONDS,
        },
        status=202,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@login_required
def ingest_file_detail(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """What became of one file: the counts and the lines not stored, each with its reason."""
    record = _office(request, programme)
    found, lines = ingest_file_with_lines(pk)
    shown, more = shown_and_more(lines, found.rejected + found.duplicates)
    return render(
        request,
        "airquality/ingest_file.html",
        {"programme": record, "file": found, "lines": shown, "more": more},
    )


# ------------------------------------------------------------------------------ public pages

# A cold page is built by one request at a time: the others wait for it (`cached_page`).
cached_per_data = cached_page(
    params=("data", "year"), stamp=selectors.data_stamp, seconds=PAGE_SECONDS, single=True
)


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year")
    if text is None:
        return None
    if not text.isdigit() or len(text) != 4:
        raise Http404("The year must be written with four digits")
    return int(text)


def _figure(value: float, places: int = 1) -> str:
    return number_format(round(value, places), places)


def _limit(value: float) -> str:
    """A limit as written in its source: up to three decimals, no trailing zeros."""
    exact = Decimal(f"{value:.3f}").normalize()
    return number_format(exact, max(0, -int(exact.as_tuple().exponent)))


def _unit(reference: Reference, code: str) -> str:
    return str(UNITS[reference.parameters[code].unit])


def _sample_switch(sample: bool) -> dict[str, bool]:
    """What `airquality/_sample_switch.html` needs: sample data shown, or offered."""
    return {"sample": sample, "has_sample": sample or selectors.has_sample_stations()}


def _status(value: Sourced) -> str:
    return str(STATUS_SHORT[value.status])


def _reference_rows(reference: Reference, codes: list[str]) -> list[dict[str, object]]:
    """The limits used for each parameter shown, with their verification status."""
    rows: list[dict[str, object]] = []
    for code in codes:
        substance = reference.substances[code]
        unit = reference.parameters[code].unit
        who = reference.who.guidelines.get((code, "24h"))
        rows.append(
            {
                "name": substance.name,
                "unit": _unit(reference, code),
                "max_single": None
                if substance.max_single is None
                else (
                    _limit(summaries.in_unit(substance.max_single.value, "mg/m3", unit)),
                    _status(substance.max_single),
                ),
                "daily_mean": None
                if substance.daily_mean is None
                else (
                    _limit(summaries.in_unit(substance.daily_mean.value, "mg/m3", unit)),
                    _status(substance.daily_mean),
                ),
                "who": None
                if who is None
                else (_limit(summaries.in_unit(who.value, "ug/m3", unit)), _status(who)),
            }
        )
    return rows


def _station_url(programme: str, station: Station, sample: bool, year: int | None) -> str:
    query = "&".join(
        part for part in ("data=sample" if sample else "", f"year={year}" if year else "") if part
    )
    url = reverse("airquality:station", args=[programme, station.code])
    return f"{url}?{query}" if query else url


def _latest(row: selectors.StationRow, year: int | None) -> str:
    """The popup's line on PM2.5: the latest complete day and its US AQI category."""
    latest = row.year.latest_pm25
    if latest is None:
        return gettext("No complete day of PM2.5 in %(year)s.") % {"year": year or "—"}
    category = row.year.latest_pm25_category
    return gettext("PM2.5 on %(date)s: %(value)s %(unit)s, US AQI: %(category)s") % {
        "date": date_format(latest.day, "SHORT_DATE_FORMAT"),
        "value": _figure(latest.mean),
        "unit": UNITS["ug/m3"],
        "category": AQI_CATEGORIES[category] if category else "—",
    }


def station_geojson(
    programme: str, rows: list[selectors.StationRow], sample: bool, year: int | None
) -> dict[str, object]:
    """The stations with coordinates as GeoJSON points; each carries its popup's text lines."""
    features = []
    for row in rows:
        s = row.station
        if s.latitude is None or s.longitude is None:
            continue
        official = gettext("official data") if s.official else gettext("not official data")
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(s.longitude), float(s.latitude)],
                },
                "properties": {
                    "code": s.code,
                    "name": s.name,
                    "url": _station_url(programme, s, sample, year),
                    "lines": [
                        gettext("Operator: %(operator)s")
                        % {"operator": gettext("Sample data") if s.sample else s.operator},
                        f"{official}, {STATION_KINDS.get(s.kind, s.kind)}",
                        _latest(row, year),
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _level(assessment: Any) -> dict[str, object]:
    """What a row of the city's level table shows."""
    iza = assessment.iza5
    return {
        "si": assessment.si,
        "np": assessment.np,
        "si_text": _figure(assessment.si.si)
        if assessment.si and assessment.si.si is not None
        else "—",
        "np_text": _figure(assessment.np.np)
        if assessment.np and assessment.np.np is not None
        else "—",
        "iza5": _figure(iza.value) if iza else "—",
        "iza5_level": LEVELS[iza.level] if iza else None,
        "level": LEVELS[assessment.level] if assessment.level else None,
        "level_code": assessment.level or "",
    }


@cached_per_data
def overview(request: HttpRequest, programme: str) -> HttpResponse:
    """Measured air quality: the station map and table, the city's level by Kazhydromet's
    method (official stations only), US AQI days and WHO guideline exceedance days."""
    record = get_programme(programme)
    sample = wants_sample(request)
    reference = current_reference()
    found = selectors.overview(
        sample=sample, year=_year(request), reference=reference, temperature_c=gas_temperature_c()
    )
    categories = [c.code for c in reference.us_aqi.categories]
    k = reference.kazhydromet
    who_codes = [p for p in found.parameters if (p, "24h") in reference.who.guidelines]
    rows = [
        {
            "station": row.station,
            "url": _station_url(record.code, row.station, sample, found.year),
            "kind": STATION_KINDS.get(row.station.kind, row.station.kind),
            "latest": _latest(row, found.year),
            "categories": [row.year.categories.get(c, 0) for c in categories],
            "aqi_days": row.year.aqi_days,
            "who": [row.year.who.get(p) for p in who_codes],
        }
        for row in found.rows
    ]
    return render(
        request,
        "airquality/overview.html",
        {
            "plan": current_plan(record),
            "air": _sample_switch(sample),
            "found": found,
            "rows": rows,
            "geojson": station_geojson(record.code, found.rows, sample, found.year),
            "station_map": {**map_config(), "districts": public_tiles_url("districts")},
            "categories": [(c, AQI_CATEGORIES[c]) for c in categories],
            "who_codes": [(p, reference.substances[p].name) for p in who_codes],
            "city_months": [
                {
                    "month": datetime.date(found.year or 2000, c.month or 1, 1),
                    **_level(c.assessment),
                }
                for c in found.city_months
            ],
            "city_year": _level(found.city_year.assessment) if found.city_year else None,
            "gradings": {
                "si": _status(Sourced(None, k.si.source, k.si.status)),
                "np": _status(Sourced(None, k.np.source, k.np.status)),
                "iza5": _status(Sourced(None, k.iza5.source, k.iza5.status)),
                "pm_class": _status(k.pm_hazard_class),
                "aqi": _status(
                    Sourced(
                        None, reference.us_aqi.categories_source, reference.us_aqi.categories_status
                    )
                ),
            },
            "references": _reference_rows(reference, found.parameters),
            "substance_names": {c: s.name for c, s in reference.substances.items()},
        },
    )


@cached_per_data
def station(request: HttpRequest, programme: str, station: str) -> HttpResponse:
    """One station's year: daily means per pollutant against the ПДК с.с. and the WHO
    guideline, monthly means, days above the limits, US AQI days and ВЗ/ЭВЗ episodes."""
    record = get_programme(programme)
    sample = wants_sample(request)
    reference = current_reference()
    found = selectors.station_detail(
        station,
        sample=sample,
        year=_year(request),
        reference=reference,
        temperature_c=gas_temperature_c(),
    )
    parameters = []
    for p in found.parameters:
        unit = str(UNITS[p.unit])
        limits = [
            (
                limit.kind,
                limit.value,
                pgettext("chart limit label", "%(limit)s: %(value)s %(unit)s (%(status)s)")
                % {
                    "limit": LIMITS[limit.kind],
                    "value": _limit(limit.value),
                    "unit": unit,
                    "status": STATUS_SHORT[limit.status],
                },
            )
            for limit in p.limits
        ]
        parameters.append(
            {
                "code": p.code,
                "name": reference.substances[p.code].name,
                "unit": unit,
                "item": p,
                "limits": limits,
                "chart": daily_chart(
                    found.year or 2000,
                    [(d.day, d.mean) for d in p.days],
                    limits,
                    lambda v: number_format(v),
                ),
                "months": {m.month: _figure(m.value) for m in p.months},
            }
        )
    categories = [c.code for c in reference.us_aqi.categories]
    summary = found.summary
    return render(
        request,
        "airquality/station.html",
        {
            "plan": current_plan(record),
            "air": _sample_switch(sample),
            "found": found,
            "station": found.station,
            "kind": STATION_KINDS.get(found.station.kind, found.station.kind),
            "parameters": parameters,
            "months": [datetime.date(found.year or 2000, m, 1) for m in range(1, 13)],
            "categories": [
                (AQI_CATEGORIES[c], summary.categories.get(c, 0) if summary else 0)
                for c in categories
            ],
            "aqi_days": len(summary.aqi) if summary else 0,
            "episodes": [
                {
                    "at": e.sample.at,
                    "name": reference.substances[e.sample.substance].name,
                    "multiple": _figure(e.multiple),
                    "label": EPISODES[e.extreme],
                    "extreme": e.extreme,
                }
                for e in found.episodes
            ],
            "high_multiple": _limit(float(reference.kazhydromet.high_multiple.value)),
            "overview_url": reverse("airquality:overview", args=[record.code])
            + ("?data=sample" if sample else ""),
        },
    )
