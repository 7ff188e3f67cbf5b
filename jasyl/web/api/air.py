"""The air-quality endpoints: the monitoring stations as GeoJSON, the stored measurements (JSON
pages, or CSV), each station's daily values and US AQI, its year (monthly means, days above
the limits, WHO exceedance days, episodes), the city's level by Kazhydromet's method (СИ, НП,
ИЗА5 by month and for the year) and the reference values in force with their sources.

Every figure comes from the same selectors as the overview and station pages
(`airquality.selectors.overview` and `station_detail`), so the API and the pages agree. Reads
are public: the real stations, or with `?data=sample` only the demonstration ones, never both.
A year's indices and a CSV download are costly: they count against the client's share of
costly requests (`throttles.CostlyRequests`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from jasyl.core.spreadsheets import csv_document
from jasyl.domain.airquality import indices, selectors, summaries
from jasyl.domain.airquality.interface import gas_temperature_c
from jasyl.domain.airquality.models import Measurement, Station
from jasyl.domain.airquality.reference import Reference, Sourced
from jasyl.domain.airquality.versions import current_reference
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.api import air_schema as a
from jasyl.web.api.greenfund import GeoPagination
from jasyl.web.api.serializers import Error
from jasyl.web.api.throttles import CostlyRequests
from jasyl.web.common.params import wants_sample

TAG = "air quality"
SAMPLE = OpenApiParameter(
    "data",
    OpenApiTypes.STR,
    enum=["sample"],
    description="`sample`: the demonstration stations only, instead of the real ones, as the "
    "pages' sample switch.",
)
YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    description="The year (Almaty time), from 1970 to 2100; the last year with measurements "
    "if left out. A year without measurements is 404.",
)
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv`: every measurement of the period as one CSV file (so does "
    "`Accept: text/csv`), counted as a costly request; `json` (the default): a page.",
)
CSV_COLUMNS = ["station", "parameter", "unit", "observed_at", "value", "suspicious"]
# The API's throttles (settings.REST_FRAMEWORK, read as classes by DRF) and the costly one.
THROTTLES: list[type[BaseThrottle]] = [
    *cast(list[type[BaseThrottle]], api_settings.DEFAULT_THROTTLE_CLASSES),
    CostlyRequests,
]
TOO_MANY = OpenApiResponse(Error, description="Too many costly requests; see `Retry-After`.")


def _sample(request: Request) -> bool:
    return wants_sample(request._request)


def _params(serializer: type[Serializer[Any]], request: Request) -> dict[str, Any]:
    found = serializer(data=request.query_params)
    found.is_valid(raise_exception=True)
    return dict(found.validated_data)


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


def _reference() -> tuple[Reference, float]:
    return current_reference(), gas_temperature_c()


class CostlyView(GenericAPIView[Any]):
    """A view whose requests count as costly ones (`costly` says which)."""

    throttle_classes = THROTTLES

    def costly(self, request: Request) -> bool:
        """Whether this request is costly: every one, unless a view says otherwise."""
        return True


# --- stations --------------------------------------------------------------------------------


def station_feature(station: Station) -> dict[str, Any]:
    geometry = None
    if station.latitude is not None and station.longitude is not None:
        geometry = {
            "type": "Point",
            "coordinates": [float(station.longitude), float(station.latitude)],
        }
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "code": station.code,
            "name": {"kk": station.name_kk, "ru": station.name_ru, "en": station.name_en},
            "operator": station.operator,
            "official": station.official,
            "kind": station.kind,
            "district": station.district.code if station.district else None,
            "parameters": list(station.parameters),
            "active_from": station.active_from,
            "active_to": station.active_to,
            "sample": station.sample,
        },
    }


class StationList(GenericAPIView[Any]):
    """The monitoring stations as a FeatureCollection (a station without a recorded place has a
    null geometry)."""

    pagination_class = GeoPagination

    @extend_schema(
        operation_id="programmes_air_stations_list",
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="The page, from 1."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Stations a page: 100, at most 1000."
            ),
            SAMPLE,
        ],
        responses={200: a.StationPage, 404: Error},
        tags=[TAG],
    )
    def get(self, request: Request, programme: str) -> Response:
        get_programme(programme)
        rows = (
            Station.objects.filter(sample=_sample(request))
            .select_related("district")
            .order_by("code")
        )
        page = self.paginate_queryset(rows)
        assert self.paginator is not None and page is not None
        return self.paginator.get_paginated_response(
            {"features": [station_feature(s) for s in page]}
        )


# --- measurements ----------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` and `Accept: text/csv` choose the CSV; the view writes it itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        raise NotImplementedError("MeasurementList answers its CSV itself")


def _wants_csv(request: Request) -> bool:
    return getattr(request.accepted_renderer, "format", None) == "csv"


def _measurement_rows(
    station: Station, codes: list[str], since: datetime.datetime, until: datetime.datetime
) -> Any:
    # Every code named, so that the unique index (station, parameter, observed_at) serves
    # the range on both databases.
    return (
        Measurement.objects.filter(
            station=station, parameter__in=codes, observed_at__gte=since, observed_at__lt=until
        )
        .order_by("observed_at", "parameter")
        .values_list("parameter", "observed_at", "value", "suspicious")
    )


class MeasurementList(CostlyView):
    """One station's stored measurements over a bounded period, oldest first: a page of JSON,
    or the whole period as CSV."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    def costly(self, request: Request) -> bool:
        return _wants_csv(request)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        asked = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE or "format")
        if asked is not None and asked not in ("json", "csv"):
            # Before DRF answers an unknown format with 404.
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                "application/json",
            )
            raise _invalid("format", _("Choose json or csv."))
        return super().perform_content_negotiation(request, force)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An error is always the JSON error shape, whatever format was asked for.
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                "application/json",
            )
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="programmes_air_measurements_list",
        parameters=[
            OpenApiParameter(
                "station", OpenApiTypes.STR, required=True, description="The station's code."
            ),
            OpenApiParameter(
                "parameter",
                OpenApiTypes.STR,
                enum=a.DOCUMENTED_PARAMETERS,
                description="One parameter (those of the reference data in force); all if "
                "left out.",
            ),
            OpenApiParameter(
                "date_from",
                OpenApiTypes.DATE,
                required=True,
                description="The first local (Almaty) day.",
            ),
            OpenApiParameter(
                "date_to",
                OpenApiTypes.DATE,
                required=True,
                description=f"The last local day, included; at most {a.MAX_DAYS} days in all.",
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description="Rows a page: 50, at most 500."
            ),
            OpenApiParameter("offset", OpenApiTypes.INT, description="Rows skipped."),
            FORMAT,
            SAMPLE,
        ],
        responses={
            (200, "application/json"): a.MeasurementPage,
            (200, "text/csv"): OpenApiTypes.STR,
            (400, "application/json"): Error,
            (404, "application/json"): Error,
            (429, "application/json"): TOO_MANY,
        },
        tags=[TAG],
    )
    def get(self, request: Request, programme: str) -> Response | HttpResponse:
        get_programme(programme)
        params = _params(a.MeasurementFilter, request)
        station = Station.objects.filter(code=params["station"], sample=_sample(request)).first()
        if station is None:
            raise _invalid("station", _("No station has this code."))
        reference = current_reference()
        codes = list(reference.parameters)
        if "parameter" in params:
            if params["parameter"] not in reference.parameters:
                raise _invalid(
                    "parameter",
                    _("Unknown parameter; the known ones: %(codes)s.")
                    % {"codes": ", ".join(codes)},
                )
            codes = [params["parameter"]]
        since = datetime.datetime.combine(params["date_from"], datetime.time(), selectors.ZONE)
        until = datetime.datetime.combine(
            params["date_to"] + datetime.timedelta(days=1), datetime.time(), selectors.ZONE
        )
        rows = _measurement_rows(station, codes, since, until)

        def shaped(row: tuple[str, datetime.datetime, float, bool]) -> dict[str, Any]:
            parameter, at, value, suspicious = row
            return {
                "station": station.code,
                "parameter": parameter,
                "unit": reference.parameters[parameter].unit,
                "observed_at": at.astimezone(selectors.ZONE).isoformat(),
                "value": value,
                "suspicious": suspicious,
            }

        if _wants_csv(request):
            response = HttpResponse(
                csv_document(CSV_COLUMNS, ([*shaped(r).values()] for r in rows)),
                content_type="text/csv; charset=utf-8",
            )
            name = f"{station.code}-{params['date_from']:%Y%m%d}-{params['date_to']:%Y%m%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        page = self.paginate_queryset(rows)
        assert page is not None
        return self.get_paginated_response([shaped(r) for r in page])


# --- daily values and indices ----------------------------------------------------------------


def aqi_shape(aqi: indices.Aqi) -> dict[str, Any]:
    return {
        "index": aqi.index,
        "category": aqi.category,
        "table": aqi.table,
        "dominant": list(aqi.dominant),
        "sub_indices": {
            pollutant: {
                "row": sub.pollutant,
                "concentration": float(sub.concentration),
                "index": sub.index,
                "beyond": sub.beyond,
            }
            for pollutant, sub in aqi.sub_indices.items()
        },
        "not_computed": dict(aqi.not_computed),
    }


def days_of(year: summaries.StationYear) -> list[dict[str, Any]]:
    """Each day with a complete day of a parameter or a US AQI, in date order."""
    found: dict[datetime.date, dict[str, Any]] = {}

    def day(on: datetime.date) -> dict[str, Any]:
        return found.setdefault(on, {"date": on, "values": {}, "aqi": None})

    for code, series in year.days.items():
        for d in series:
            day(d.day)["values"][code] = {
                "mean": d.mean,
                "highest_hour": d.highest_hour,
                "hours": d.hours,
            }
    for daily in year.aqi:
        day(daily.day)["aqi"] = aqi_shape(daily.aqi)
    return [found[on] for on in sorted(found)]


def _station_detail(request: Request, programme: str, code: str) -> selectors.StationDetail:
    get_programme(programme)
    params = _params(a.YearFilter, request)
    reference, temperature = _reference()
    return selectors.station_detail(
        code,
        sample=_sample(request),
        year=params.get("year"),
        reference=reference,
        temperature_c=temperature,
    )


def _year_schema(operation: str, response: Any, paged: bool = False) -> Callable[[Any], Any]:
    page = [
        OpenApiParameter("limit", OpenApiTypes.INT, description="Days a page: 50, at most 500."),
        OpenApiParameter("offset", OpenApiTypes.INT, description="Days skipped."),
    ]
    return extend_schema(
        operation_id=operation,
        parameters=[YEAR, *(page if paged else []), SAMPLE],
        responses={200: response, 400: Error, 404: Error, 429: TOO_MANY},
        tags=[TAG],
    )


class StationDays(CostlyView):
    """A station's days of a year: each complete day's mean and highest hourly mean per
    parameter, and the day's US AQI, as the station page draws them."""

    @_year_schema("programmes_air_station_days_list", a.Day(many=True), paged=True)
    def get(self, request: Request, programme: str, code: str) -> Response:
        found = _station_detail(request, programme, code)
        rows = days_of(found.summary) if found.summary else []
        page = self.paginate_queryset(cast(Any, rows))
        assert page is not None
        return self.get_paginated_response(page)


def station_year_shape(found: selectors.StationDetail) -> dict[str, Any]:
    summary = found.summary
    return {
        "station": found.station.code,
        "years": found.years,
        "year": found.year,
        "aqi_days": len(summary.aqi) if summary else 0,
        "categories": dict(summary.categories) if summary else {},
        "who_days": dict(summary.who) if summary else {},
        "parameters": [
            {
                "code": p.code,
                "unit": p.unit,
                "complete_days": len(p.days),
                "months": {str(m.month): m.value for m in p.months},
                "above_mpc": p.above_mpc,
                "above_who": p.above_who,
                "limits": [
                    {
                        "kind": limit.kind,
                        "value": limit.value,
                        "source": limit.source,
                        "status": limit.status.value,
                    }
                    for limit in p.limits
                ],
            }
            for p in found.parameters
        ],
        "episodes": [
            {
                "at": e.sample.at.astimezone(selectors.ZONE).isoformat(),
                "parameter": e.sample.substance,
                "value_mg_m3": e.sample.value,
                "multiple": e.multiple,
                "extreme": e.extreme,
            }
            for e in found.episodes
        ],
    }


class StationYearView(CostlyView):
    """A station's year: per parameter its monthly means and the complete days above the
    ПДК с.с. and the WHO guideline (with the limits' sources and statuses), days per US AQI
    category, and the episodes of high (ВЗ) and extremely high (ЭВЗ) pollution."""

    @_year_schema("programmes_air_station_year_retrieve", a.StationYear)
    def get(self, request: Request, programme: str, code: str) -> Response:
        return Response(station_year_shape(_station_detail(request, programme, code)))


def level_shape(month: int | None, assessment: indices.Assessment) -> dict[str, Any]:
    iza = assessment.iza5
    return {
        "month": month,
        "si": {"substance": assessment.si.substance, "value": assessment.si.si}
        if assessment.si
        else None,
        "si_level": assessment.si_level,
        "np": {"substance": assessment.np.substance, "value": assessment.np.np}
        if assessment.np
        else None,
        "np_level": assessment.np_level,
        "iza5": {
            "value": iza.value,
            "level": iza.level,
            "substances": [t.substance for t in iza.terms],
        }
        if iza
        else None,
        "level": assessment.level,
    }


def city_shape(found: selectors.Overview) -> dict[str, Any]:
    def latest(row: selectors.StationRow) -> dict[str, Any] | None:
        day = row.year.latest_pm25
        if day is None:
            return None
        return {"date": day.day, "mean": day.mean, "category": row.year.latest_pm25_category}

    return {
        "years": found.years,
        "year": found.year,
        "official_stations": [s.code for s in found.official],
        "months": [level_shape(c.month, c.assessment) for c in found.city_months],
        "whole_year": level_shape(None, found.city_year.assessment) if found.city_year else None,
        "stations": [
            {
                "code": row.station.code,
                "official": row.station.official,
                "aqi_days": row.year.aqi_days,
                "categories": dict(row.year.categories),
                "who_days": dict(row.year.who),
                "latest_pm25": latest(row),
            }
            for row in found.rows
        ],
    }


class CityView(CostlyView):
    """The city's year as the overview shows it: Kazhydromet's СИ, НП and ИЗА5 and the level
    of pollution for each month and the year, from the official stations only; and each
    station's days per US AQI category and WHO exceedance days."""

    @_year_schema("programmes_air_city_retrieve", a.City)
    def get(self, request: Request, programme: str) -> Response:
        get_programme(programme)
        params = _params(a.YearFilter, request)
        reference, temperature = _reference()
        found = selectors.overview(
            sample=_sample(request),
            year=params.get("year"),
            reference=reference,
            temperature_c=temperature,
        )
        return Response(city_shape(found))


# --- reference values ------------------------------------------------------------------------


def _unit_of(key: str, reference: Reference) -> str:
    """The unit of a reference value named by `Reference.sourced_values`, as `reference`
    returns it."""
    family, *rest = key.split(".")
    if family == "mpc" and rest[-1] in ("max_single", "daily_mean"):
        return "mg/m3"
    if family == "who":
        return "ug/m3"
    if family == "measurements":
        return reference.parameters[rest[0]].unit
    if key == "gases.temperature_c":
        return "°C"
    if key == "gases.molar_volume_l":
        return "L/mol"
    if family == "gases":
        return "ug/m3 per ppb"
    return ""


def _value(found: Sourced) -> Any:
    value = found.value
    return value.isoformat() if isinstance(value, datetime.date) else value


def reference_shape(reference: Reference, temperature_c: float) -> dict[str, Any]:
    def grading(g: Any) -> dict[str, Any]:
        return {
            "bands": [{"level": b.level, "printed": b.printed, "upper": b.upper} for b in g.bands],
            "source": g.source,
            "status": g.status,
            "note": g.note,
        }

    k = reference.kazhydromet
    return {
        "versions": dict(reference.versions),
        "gas_temperature_c": temperature_c,
        "values": [
            {
                "key": key,
                "value": _value(found),
                "unit": _unit_of(key, reference),
                "source": found.source,
                "status": found.status,
                "note": found.note,
            }
            for key, found in reference.sourced_values()
        ],
        "aqi_tables": [
            {
                "code": table.code,
                "effective_from": table.effective_from.value if table.effective_from else None,
                "rows": [
                    {
                        "row": row.code,
                        "averaging": row.averaging,
                        "unit": row.unit,
                        "decimals": row.decimals,
                        "bands": [
                            {
                                "c_lo": float(b.c_lo),
                                "c_hi": float(b.c_hi),
                                "i_lo": b.i_lo,
                                "i_hi": b.i_hi,
                            }
                            for b in row.bands
                        ],
                        "source": row.source,
                        "status": row.status,
                    }
                    for row in table.pollutants.values()
                ],
            }
            for table in reference.us_aqi.tables
        ],
        "aqi_categories": [{"code": c.code, "upper": c.upper} for c in reference.us_aqi.categories],
        "gradings": {"si": grading(k.si), "np": grading(k.np), "iza5": grading(k.iza5)},
    }


class ReferenceView(GenericAPIView[Any]):
    """The reference values in force, each with its source and verification status: ПДК and
    hazard classes, Kazhydromet's gradings, the US AQI tables, the WHO 2021 guidelines, the gas
    conversion factors and the ingest's screening bounds."""

    @extend_schema(
        operation_id="programmes_air_reference_retrieve",
        responses={200: a.Reference, 404: Error},
        tags=[TAG],
    )
    def get(self, request: Request, programme: str) -> Response:
        get_programme(programme)
        return Response(reference_shape(*_reference()))
