"""The programme's open data as a Frictionless Data Package: the plan, its audit findings,
budgets, the approved reports, the indicators with their targets and values, the measured air
quality (stations, daily values, the daily US AQI, the city's level by Kazhydromet's method, the
reference values) and the roadside exhaust checks, as CSV and JSON files described by one
`datapackage.json` (a schema per table, the licence, the last update). Served at stable URLs
without a language prefix: `/opendata/<programme>/...`.

Only published data: the plan as loaded, and the approved reports and values of official
periods (sample data never: the demonstration stations are left out). Tables the portal
shows are included as the portal builds them, with English headers; the plan as one flat table
and as JSON is the shape of `roadmap export`. The files are the same bytes for the same data:
the ZIP's entries carry the last update as their date, so a mirror can compare checksums. A
background job (`tasks.py`) builds the package once per plan edition and published revision,
and again when measurements, checks or reference data change (`folder_of`); it publishes its
files and the views serve them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone, translation

from jasyl.core.i18n import localized
from jasyl.core.jobs import publish_built
from jasyl.core.spreadsheets import csv_document
from jasyl.domain.airquality import selectors as air
from jasyl.domain.airquality.interface import gas_temperature_c
from jasyl.domain.airquality.models import IngestFile, ReferenceVersion, Station
from jasyl.domain.airquality.reference import Reference
from jasyl.domain.airquality.versions import current_reference
from jasyl.domain.charging import selectors as charging
from jasyl.domain.exhaust import assess
from jasyl.domain.exhaust.models import EcoPost, ExhaustCheck, ExhaustImport
from jasyl.domain.exhaust.reference import Limits
from jasyl.domain.exhaust.selectors import current_limits
from jasyl.domain.indicators.models import Indicator, IndicatorTarget, Observation
from jasyl.domain.indicators.selectors import registry
from jasyl.domain.registries.lifecycle import DATE_FIELDS
from jasyl.domain.registries.models import Edit
from jasyl.domain.reporting.models import ProgressReport, ReportQuantity, ReportSpending
from jasyl.domain.reporting.progress import progress_of
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.export import plan_as_csv, plan_as_dict
from jasyl.domain.roadmap.models import Programme, ProgrammeVersion
from jasyl.domain.roadmap.selectors import current_plan, edition_of
from jasyl.domain.waste import selectors as waste
from jasyl.domain.waste.models import TonnageRecord
from jasyl.domain.water import selectors as water
from jasyl.domain.water.selectors import Filters as WaterFilters
from jasyl.web.common.caching import current_edition
from jasyl.web.common.tables import PROGRESS_TABLES, TABLES, Table

# The portal's tables that need no parameter: the whole programme at once.
PORTAL_TABLES = [
    "funding-by-period",
    "funding-by-source",
    "funding-by-section",
    "funding-by-agency",
    "targets",
    "audit-findings",
    "activities",
    "budget-execution",
    "earned-value",
]

Cell = str | int | float | Decimal | datetime.date | bool | None
Field = tuple[str, str] | tuple[str, str, str]
"""A column: (name, Table Schema type) or (name, type, description)."""


def _field(name: str, kind: str, description: str = "") -> dict[str, str]:
    return {"name": name, "type": kind, **({"description": description} if description else {})}


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    path: str
    content: bytes
    # The columns of a table; empty for the JSON file.
    fields: tuple[Field, ...] = ()
    description: str = ""

    @property
    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "title": self.title, "path": self.path}
        if self.description:
            described["description"] = self.description
        if self.fields:
            described |= {
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field(*f) for f in self.fields]},
            }
        else:
            described |= {"format": "json", "mediatype": "application/json"}
        return described


@dataclass(frozen=True)
class Package:
    descriptor: dict[str, Any]
    resources: list[Resource]
    updated: datetime.datetime

    def descriptor_bytes(self) -> bytes:
        return (json.dumps(self.descriptor, ensure_ascii=False, indent=2) + "\n").encode()

    def resource(self, path: str) -> Resource | None:
        return next((r for r in self.resources if r.path == path), None)

    def as_zip(self) -> bytes:
        stamp = timezone.localtime(self.updated, datetime.UTC).timetuple()[:6]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in [
                ("datapackage.json", self.descriptor_bytes()),
                *((r.path, r.content) for r in self.resources),
            ]:
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                # Readable by everyone once unpacked.
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, content)
        return buffer.getvalue()


def _csv(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> bytes:
    # A text a spreadsheet would run as a formula is quoted in front (core.spreadsheets).
    return csv_document(header, rows).encode()


def _table(
    name: str,
    title: str,
    fields: list[Field],
    rows: Iterable[Iterable[Cell]],
    description: str = "",
) -> Resource:
    return Resource(
        name, title, f"{name}.csv", _csv((f[0] for f in fields), rows), tuple(fields), description
    )


def _portal_table(table: Table) -> Resource:
    fields = [
        (column, "number" if index in table.numeric else "string")
        for index, column in enumerate(table.columns)
    ]
    return Resource(
        table.slug, table.title, f"{table.slug}.csv", table.as_csv().encode(), tuple(fields)
    )


def _plan_table(plan: Plan) -> Resource:
    content = plan_as_csv(plan)
    header = next(csv.reader(io.StringIO(content)))
    numeric = ("funding_", "source_", "total")
    fields = [(n, "number" if n.startswith(numeric) else "string") for n in header]
    return Resource(
        "plan-table",
        "The plan in the layout of the published document",
        "plan.csv",
        content.encode(),
        tuple(fields),
    )


def _reports(programme: Programme) -> list[Resource]:
    official = {"period__programme": programme, "period__sample": False, "state": "approved"}
    reports = (
        ProgressReport.objects.filter(**official)
        .select_related("period", "activity")
        .order_by("period__ends_on", "period__kind", "activity__position")
    )
    spending = (
        ReportSpending.objects.filter(**{f"report__{k}": v for k, v in official.items()})
        .select_related("report__period", "report__activity", "source")
        .order_by("report__period__ends_on", "report__activity__position", "source__position")
    )
    quantities = (
        ReportQuantity.objects.filter(**{f"report__{k}": v for k, v in official.items()})
        .select_related("report__period", "report__activity", "measure")
        .order_by("report__period__ends_on", "report__activity__position", "kind", "measure__code")
    )
    return [
        _table(
            "reports",
            "Approved progress reports",
            [
                ("period", "string"),
                ("period_start", "date"),
                ("period_end", "date"),
                ("activity", "string"),
                ("status", "string"),
                ("progress_percent", "number"),
                ("narrative", "string"),
            ],
            (
                [
                    r.period.slug,
                    r.period.starts_on,
                    r.period.ends_on,
                    r.activity.code,
                    r.status,
                    r.progress,
                    r.narrative,
                ]
                for r in reports
            ),
        ),
        _table(
            "report-spending",
            "Spending in approved reports, by funding source",
            [
                ("period", "string"),
                ("activity", "string"),
                ("source", "string"),
                ("committed", "number"),
                ("spent", "number"),
            ],
            (
                [
                    s.report.period.slug,
                    s.report.activity.code,
                    s.source.code,
                    s.committed,
                    s.spent,
                ]
                for s in spending
            ),
        ),
        _table(
            "report-quantities",
            "Outputs achieved and KPI values in approved reports",
            [
                ("period", "string"),
                ("activity", "string"),
                ("kind", "string"),
                ("measure", "string"),
                ("value", "number"),
            ],
            (
                [q.report.period.slug, q.report.activity.code, q.kind, q.measure.code, q.value]
                for q in quantities
            ),
        ),
    ]


def _indicators(programme: Programme) -> list[Resource]:
    indicators = (
        Indicator.objects.filter(programme=programme)
        .select_related("activity", "measure__unit", "agency")
        .order_by("position")
    )
    targets = (
        IndicatorTarget.objects.filter(indicator__programme=programme)
        .select_related("indicator")
        .order_by("indicator__position", "year")
    )
    values = [
        (series.indicator.code, v)
        for series in registry(programme)
        for v in sorted(series.values, key=lambda v: (v.on, v.district or ""))
    ]
    return [
        _table(
            "indicators",
            "Indicators: the plan's KPIs",
            [
                ("code", "string"),
                ("activity", "string"),
                ("measure", "string"),
                ("name_kk", "string"),
                ("name_ru", "string"),
                ("name_en", "string"),
                ("unit", "string"),
                ("kind", "string"),
                ("direction", "string"),
                ("baseline_value", "number"),
                ("baseline_year", "integer"),
                ("agency", "string"),
            ],
            (
                [
                    i.code,
                    i.activity.code,
                    i.measure.code,
                    *(localized(i.measure, "name", lang) for lang in ("kk", "ru", "en")),
                    i.measure.unit.code,
                    i.kind,
                    i.direction,
                    i.baseline_value,
                    i.baseline_year,
                    i.agency.code if i.agency else None,
                ]
                for i in indicators
            ),
        ),
        _table(
            "indicator-targets",
            "Indicator targets, as published and as amended",
            [
                ("indicator", "string"),
                ("year", "integer"),
                ("value", "number"),
                ("published_value", "number"),
                ("basis", "string"),
                ("amended", "boolean"),
            ],
            (
                [t.indicator.code, t.year, t.value, t.published_value, t.basis, t.amended]
                for t in targets
            ),
        ),
        _table(
            "indicator-values",
            "Indicator values, entered, imported or from approved reports",
            [
                ("indicator", "string"),
                ("date", "date"),
                ("value", "number"),
                ("district", "string"),
                ("source", "string"),
                ("report_period", "string"),
            ],
            ([code, v.on, v.value, v.district, v.source, v.report_period] for code, v in values),
        ),
    ]


# --- air quality and exhaust checks ------------------------------------------------------------


def _stations() -> Resource:
    stations = Station.objects.filter(sample=False).select_related("district").order_by("code")
    return _table(
        "air-stations",
        "Air-quality monitoring stations",
        [
            ("code", "string"),
            ("name_kk", "string"),
            ("name_ru", "string"),
            ("name_en", "string"),
            ("operator", "string"),
            ("official", "boolean", "Kazhydromet's data: the official figures."),
            ("kind", "string", "reference (a reference monitor) or low_cost (a sensor)."),
            ("latitude", "number", "Degrees, WGS 84."),
            ("longitude", "number", "Degrees, WGS 84."),
            ("district", "string", "The district akimat's code."),
            ("parameters", "string", "What it measures, separated by spaces; empty: not stated."),
            ("active_from", "date"),
            ("active_to", "date"),
        ],
        (
            [
                s.code,
                s.name_kk,
                s.name_ru,
                s.name_en,
                s.operator,
                s.official,
                s.kind,
                s.latitude,
                s.longitude,
                s.district.code if s.district else None,
                " ".join(s.parameters),
                s.active_from,
                s.active_to,
            ]
            for s in stations
        ),
        "The demonstration stations are left out.",
    )


def _level_row(year: int, month: int | None, assessment: Any) -> list[Cell]:
    si, np, iza = assessment.si, assessment.np, assessment.iza5
    return [
        year,
        month,
        si.si if si else None,
        si.substance if si else None,
        assessment.si_level,
        np.np if np else None,
        np.substance if np else None,
        assessment.np_level,
        iza.value if iza else None,
        iza.level if iza else None,
        assessment.level,
    ]


def _air_days(reference: Reference, temperature_c: float) -> list[Resource]:
    """Each station's complete days and their US AQI, and the city's level, year by year as
    the overview and station pages compute them (`airquality.selectors`)."""
    stations = {s.pk: s.code for s in Station.objects.filter(sample=False)}
    ids = sorted(stations)
    values: list[list[Cell]] = []
    aqi: list[list[Cell]] = []
    levels: list[list[Cell]] = []
    for year in air.measured_years(ids):
        years = air.station_years(ids, year, reference, temperature_c)
        for pk in sorted(years, key=stations.__getitem__):
            found = years[pk]
            for code in reference.parameters:
                unit = reference.parameters[code].unit
                values += [
                    [stations[pk], code, unit, d.day, d.mean, d.highest_hour, d.hours]
                    for d in found.days.get(code, [])
                ]
            aqi += [
                [
                    stations[pk],
                    d.day,
                    d.aqi.index,
                    d.aqi.category,
                    " ".join(d.aqi.dominant),
                    d.aqi.table,
                ]
                for d in found.aqi
            ]
        overview = air.overview(
            sample=False, year=year, reference=reference, temperature_c=temperature_c
        )
        levels += [_level_row(year, c.month, c.assessment) for c in overview.city_months]
        if overview.city_year is not None:
            levels.append(_level_row(year, None, overview.city_year.assessment))
    level = "low, elevated, high or very_high"
    return [
        _table(
            "air-daily-values",
            "Air quality: each station's complete days",
            [
                ("station", "string"),
                ("parameter", "string"),
                ("unit", "string", "The parameter's one unit: ug/m3, CO mg/m3."),
                ("date", "date", "The local (Almaty) day."),
                ("mean", "number", "The mean of the day's hourly means."),
                ("highest_hour", "number", "The highest hourly mean."),
                ("hours", "integer", "Hours with a mean."),
            ],
            values,
        ),
        _table(
            "air-daily-aqi",
            "Air quality: the US AQI of each day",
            [
                ("station", "string"),
                ("date", "date", "The local (Almaty) day."),
                ("aqi", "integer"),
                ("category", "string"),
                ("dominant", "string", "The pollutants whose sub-index is the AQI."),
                ("table", "string", "The breakpoint table in force that day."),
            ],
            aqi,
        ),
        _table(
            "air-city-levels",
            "Air quality: the city's level by Kazhydromet's method (official stations)",
            [
                ("year", "integer"),
                ("month", "integer", "1-12; empty: the whole year."),
                ("si", "number", "The highest СИ (highest single value / ПДК м.р.)."),
                ("si_substance", "string"),
                ("si_level", "string", level),
                ("np", "number", "The highest НП, % of single values above the ПДК м.р."),
                ("np_substance", "string"),
                ("np_level", "string", level),
                ("iza5", "number"),
                ("iza5_level", "string", level),
                ("level", "string", "The higher of the СИ and НП levels."),
            ],
            levels,
        ),
    ]


def _reference_values(reference: Reference) -> Resource:
    def shown(value: Any) -> Cell:
        return value if isinstance(value, int | float | datetime.date) else None

    return _table(
        "air-reference-values",
        "Air quality: the reference values in force, with their sources",
        [
            ("key", "string", "Its place in the reference files: mpc.pm25.daily_mean ..."),
            ("value", "any", "ПДК in mg/m3, WHO guidelines in ug/m3; a date for a table."),
            ("source", "string"),
            ("status", "string", "verified, secondary, unverified or kz_not_found."),
            ("note", "string"),
        ],
        (
            [key, shown(found.value), found.source, found.status.value, found.note]
            for key, found in reference.sourced_values()
        ),
    )


def _exhaust(programme: Programme, limits: Limits) -> list[Resource]:
    posts = EcoPost.objects.filter(programme=programme).select_related("district")
    checks = (
        ExhaustCheck.objects.filter(post__programme=programme)
        .select_related("post")
        .order_by("checked_at", "pk")
    )
    readings = [reading.value for reading in assess.Reading]

    def check_row(check: ExhaustCheck) -> list[Cell]:
        judged = assess.judge(limits, check.as_check(), check.local_day)
        return [
            check.post.code,
            timezone.localtime(check.checked_at).isoformat(),
            check.vehicle_category,
            check.fuel,
            check.eco_class,
            check.aspiration or None,
            *(getattr(check, name) for name in readings),
            check.idle_rpm,
            judged.outcome.value,
            judged.table.code,
        ]

    return [
        _table(
            "exhaust-posts",
            "Eco-posts where exhaust is checked at the roadside",
            [
                ("code", "string"),
                ("name_kk", "string"),
                ("name_ru", "string"),
                ("name_en", "string"),
                ("kind", "string", "stationary or mobile."),
                ("district", "string", "The district akimat's code."),
                ("latitude", "number"),
                ("longitude", "number"),
            ],
            (
                [
                    p.code,
                    p.name_kk,
                    p.name_ru,
                    p.name_en,
                    p.kind,
                    p.district.code if p.district else None,
                    p.latitude,
                    p.longitude,
                ]
                for p in posts
            ),
        ),
        _table(
            "exhaust-checks",
            "Roadside exhaust checks, judged against the limits in force on their day",
            [
                ("post", "string"),
                ("checked_at", "datetime", "Almaty time."),
                ("vehicle_category", "string"),
                ("fuel", "string"),
                ("eco_class", "integer"),
                ("aspiration", "string"),
                ("co_min_idle", "number", "CO at minimum idle, %."),
                ("co_raised_idle", "number", "CO at raised idle, %."),
                ("ch_min_idle", "number", "CH at minimum idle, ppm."),
                ("ch_raised_idle", "number", "CH at raised idle, ppm."),
                ("smoke_k", "number", "Smoke, light absorption k, m-1."),
                ("idle_rpm", "integer"),
                ("outcome", "string", "pass, fail or not_assessed."),
                ("limits_table", "string", "The limits table in force that day."),
            ],
            (check_row(c) for c in checks.iterator(chunk_size=2000)),
            "No plate numbers and no names: a check records what was measured.",
        ),
        _table(
            "exhaust-limits",
            "Roadside exhaust limits, with their legal basis",
            [
                ("table", "string"),
                ("effective_from", "date", "Empty: in force before all the others."),
                ("fuel", "string"),
                ("classes", "string", "Ecological classes, lowest-highest; empty: any."),
                ("idle", "string"),
                ("aspiration", "string"),
                ("pollutant", "string"),
                ("unit", "string"),
                ("value", "number"),
                ("source", "string"),
                ("status", "string"),
            ],
            (
                [
                    table.code,
                    table.effective_from,
                    limit.fuel.value,
                    f"{limit.classes[0]}-{limit.classes[1]}" if limit.classes else None,
                    limit.idle.value if limit.idle else None,
                    limit.aspiration.value if limit.aspiration else None,
                    limit.pollutant.value,
                    limit.unit,
                    limit.value,
                    str(limit.source),
                    limit.status.value,
                ]
                for table in limits.tables
                for limit in table.limits
            ),
        ),
    ]


# --- registries of built objects ----------------------------------------------------------------

LIFECYCLE_FIELDS: list[Field] = [
    ("status", "string", "planned, designed, under_construction, in_service or decommissioned."),
    ("planned_on", "date"),
    ("designed_on", "date"),
    ("construction_started_on", "date"),
    ("in_service_on", "date"),
    ("decommissioned_on", "date"),
    ("budget_period", "string", "The code of the plan's period whose money delivers it."),
]
"""The shared lifecycle of a built object (`registries.lifecycle`): its stage and the date it
reached each stage."""


def _lifecycle(row: Any) -> list[Cell]:
    return [
        row.status,
        *(getattr(row, name) for name in DATE_FIELDS.values()),
        row.budget_period.code if row.budget_period else None,
    ]


# --- municipal waste ---------------------------------------------------------------------------


def _built_fields(*own: Field) -> list[Field]:
    """The columns of a registry of built objects: code and names, the kind's own leading
    columns, the lifecycle, then where it stands, who holds it and the source."""
    return [
        ("code", "string"),
        ("name_kk", "string"),
        ("name_ru", "string"),
        ("name_en", "string"),
        *own,
        *LIFECYCLE_FIELDS,
        ("district", "string", "The district's code, by where it stands."),
        ("activity", "string", "The roadmap activity that delivers it."),
        ("holder", "string"),
        ("latitude", "number", "Degrees, WGS 84."),
        ("longitude", "number", "Degrees, WGS 84."),
        ("source", "string"),
    ]


def _built_row(row: Any, *own: Cell) -> list[Cell]:
    return [
        row.code,
        row.name_kk,
        row.name_ru,
        row.name_en,
        *own,
        *_lifecycle(row),
        row.district.code if row.district else None,
        row.activity.code if row.activity else None,
        row.holder_text or None,
        round(row.geometry.y, 7),
        round(row.geometry.x, 7),
        row.source,
    ]


WASTE_FIELDS = _built_fields(("kind", "string"))


def _waste_row(row: Any) -> list[Cell]:
    return _built_row(row, row.kind)


def _waste() -> list[Resource]:
    """The waste registries and the tonnage records, official rows only."""
    sites = waste.container_sites(sample=False).order_by("code")
    containers: list[list[Cell]] = [
        [site.code, c.fraction, c.count, c.volume_m3]
        for site in sites
        for c in site.containers.all()
    ]
    return [
        _table(
            "waste-container-sites",
            "Municipal waste: container sites",
            [*WASTE_FIELDS],
            (_waste_row(r) for r in sites),
            "Courtyard and underground container sites; their containers are in waste-containers.",
        ),
        _table(
            "waste-containers",
            "Municipal waste: the containers of each site, per fraction",
            [
                ("site", "string", "The container site's code."),
                ("fraction", "string", "dry, wet, glass, plastic, paper, metal or bulky."),
                ("count", "integer"),
                ("volume_m3", "number", "The volume of each container."),
            ],
            containers,
        ),
        _table(
            "waste-sites",
            "Municipal waste: eco-stations, mesh containers, bulky- and construction-waste sites",
            [*WASTE_FIELDS, ("area_m2", "number")],
            ([*_waste_row(r), r.area_m2] for r in waste.waste_sites(sample=False).order_by("code")),
        ),
        _table(
            "waste-plants",
            "Municipal waste: treatment plants",
            [*WASTE_FIELDS, ("capacity_t_per_year", "number")],
            (
                [*_waste_row(r), r.capacity_t_per_year]
                for r in waste.plants(sample=False).order_by("code")
            ),
        ),
        _table(
            "waste-tonnage",
            "Municipal waste: tonnes collected per site or operator, fraction and month",
            [
                ("month", "string", "YYYY-MM."),
                ("site", "string", "A site's or plant's code."),
                ("operator", "string", "An agency's code, or the operator as named."),
                ("fraction", "string"),
                ("destination", "string", "recycling, energy_recovery, disposal or not_stated."),
                ("tonnes", "number"),
                ("source", "string"),
            ],
            (
                [
                    f"{r.month:%Y-%m}",
                    r.site_code or None,
                    r.operator.code if r.operator else r.operator_name or None,
                    r.fraction,
                    r.destination,
                    r.tonnes,
                    r.source,
                ]
                for r in waste.tonnage(sample=False).order_by("month", "site_code", "fraction")
            ),
            "Only tonnes whose destination is recycling count towards the recyclables KPI "
            "(Directive 2008/98/EC, art. 3(17): energy recovery is not recycling).",
        ),
    ]


# --- water objects ---------------------------------------------------------------------------


def _water() -> list[Resource]:
    """The water objects and the works done on them, official rows only."""
    objects = water.objects(WaterFilters(), sample=False)
    return [
        _table(
            "water-objects",
            "Water objects: rivers, canals, aryks, intakes, structures, water bodies, "
            "flood-protection sites",
            [
                ("code", "string"),
                ("name_kk", "string"),
                ("name_ru", "string"),
                ("name_en", "string"),
                ("kind", "string"),
                ("usage", "string", "A canal's or aryk's use (OpenStreetMap usage=*)."),
                ("status", "string", "Empty for a river: it is natural, not built."),
                ("in_service_on", "date"),
                ("length_km", "number", "Lines, measured in UTM 43N."),
                ("area_ha", "number", "Polygons, measured in UTM 43N."),
                ("district", "string", "The district's code, by where it lies."),
                ("activity", "string", "The roadmap activity that delivers it."),
                ("holder", "string"),
                ("wkt", "string", "The shape in WKT, WGS 84 longitude and latitude."),
                ("source", "string"),
            ],
            (
                [
                    r.code,
                    r.name_kk,
                    r.name_ru,
                    r.name_en,
                    r.kind,
                    r.usage or None,
                    None if r.natural else r.status,
                    r.in_service_on,
                    r.length_km,
                    r.area_ha,
                    r.district.code if r.district else None,
                    r.activity.code if r.activity else None,
                    r.holder_text or None,
                    r.geometry.wkt,
                    r.source,
                ]
                for r in objects
            ),
            "Their works are in water-works.",
        ),
        _table(
            "water-works",
            "Water objects: the works done on each",
            [
                ("object", "string", "The water object's code."),
                (
                    "kind",
                    "string",
                    "cleaning, landscaping, construction, reconstruction, "
                    "design_documentation or flood_protection.",
                ),
                ("done_on", "date"),
                ("km_done", "number", "Works on a channel: the kilometres done."),
                ("activity", "string", "The roadmap activity that paid for it."),
                ("budget_period", "string"),
                ("source", "string"),
            ],
            (
                [
                    w.water_object.code,
                    w.kind,
                    w.done_on,
                    w.km_done,
                    w.activity.code if w.activity else None,
                    w.budget_period.code if w.budget_period else None,
                    w.source,
                ]
                for w in water.works(sample=False)
            ),
            "Design documentation is design, never the object built: the outputs of items 5-8 "
            "count each kind of work apart.",
        ),
    ]


# --- EV charging and air purification ----------------------------------------------------------


def _charging() -> list[Resource]:
    """The EV charging locations with their connectors (OCPI 2.2.1), and the air-purification
    blocks, official rows only."""
    everything = charging.Filters()
    locations = list(charging.locations(everything, sample=False).order_by("code"))
    blocks = charging.blocks(everything, sample=False).order_by("code")
    return [
        _table(
            "ev-charging-locations",
            "EV charging locations (OCPI 2.2.1 Location)",
            [*_built_fields(), ("address", "string")],
            ([*_built_row(r), r.address or None] for r in locations),
            "Item 1.4; their charging points and connectors are in ev-charging-connectors.",
        ),
        _table(
            "ev-charging-connectors",
            "EV charging: the connectors of each location's charging points (OCPI 2.2.1 EVSE "
            "and Connector)",
            [
                ("location", "string", "The charging location's code."),
                ("evse_uid", "string", "The EVSE's uid, unique within its location."),
                ("evse_id", "string", "The eMI3 EVSE ID, where the operator has one."),
                ("connector_id", "string", "Unique within its EVSE."),
                ("standard", "string", "OCPI 2.2.1 ConnectorType (8.4.5)."),
                ("format", "string", "OCPI 2.2.1 ConnectorFormat (8.4.4): SOCKET or CABLE."),
                ("power_type", "string", "OCPI 2.2.1 PowerType (8.4.19)."),
                ("max_power_kw", "number", "The connector's maximum power, kW."),
            ],
            (
                [
                    r.code,
                    e.uid,
                    e.evse_id or None,
                    c.connector_id,
                    c.standard,
                    c.format or None,
                    c.power_type,
                    c.max_power_kw,
                ]
                for r in locations
                for e in r.evses.all()
                for c in e.connectors.all()
            ),
        ),
        _table(
            "air-purifier-blocks",
            "Air-purification blocks (item 1.8)",
            [*_built_fields(), ("modules", "integer"), ("equipment", "string")],
            ([*_built_row(r), r.modules, r.equipment or None] for r in blocks),
        ),
    ]


def _measured(programme: Programme) -> list[Resource]:
    reference = current_reference()
    return [
        _stations(),
        *_air_days(reference, gas_temperature_c()),
        _reference_values(reference),
        *_exhaust(programme, current_limits()),
    ]


def data_stamp(programme: Programme) -> str:
    """Changes when measurements are stored, exhaust checks added or reference data uploaded
    (three queries, then kept as long as the edition is)."""
    key = f"jasyl:opendata:stamp:{programme.pk}"
    found: str | None = cache.get(key)
    if found is None:
        checks = ExhaustCheck.objects.filter(post__programme=programme).aggregate(
            last=Max("pk"), count=Count("pk")
        )
        uploaded = ReferenceVersion.objects.aggregate(last=Max("pk"))["last"] or 0
        # The waste, water and charging registries and tonnage: every write records an edit.
        edited = Edit.objects.filter(
            content_type__app_label__in=("waste", "water", "charging")
        ).aggregate(last=Max("pk"))
        found = (
            f"{air.data_stamp()}-{checks['last'] or 0}.{checks['count']}-{uploaded}"
            f"-{edited['last'] or 0}"
        )
        cache.set(key, found, settings.JASYL_EDITION_SECONDS)
    return found


def last_update(programme: Programme) -> datetime.datetime:
    """The latest of: the plan's edition loaded, a report saved, a value entered, a
    measurement file ingested, checks imported."""
    moments = [
        ProgrammeVersion.objects.filter(programme=programme).aggregate(m=Max("loaded_at"))["m"],
        ProgressReport.objects.filter(
            period__programme=programme, period__sample=False, state="approved"
        ).aggregate(m=Max("updated_at"))["m"],
        Observation.objects.filter(indicator__programme=programme, sample=False).aggregate(
            m=Max("entered_at")
        )["m"],
        IngestFile.objects.filter(status=IngestFile.Status.DONE).aggregate(m=Max("finished_at"))[
            "m"
        ],
        ExhaustImport.objects.filter(programme=programme).aggregate(m=Max("imported_at"))["m"],
        TonnageRecord.objects.filter(is_sample=False).aggregate(m=Max("updated_at"))["m"],
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else timezone.now()


def folder_of(programme: Programme) -> str:
    """Where the package of the programme's current edition and data is published
    (`core.jobs`)."""
    _, edition = current_edition(programme.code)
    return f"opendata/{programme.code}/{edition}-{data_stamp(programme)}"


def publish(package: Package, folder: str) -> None:
    """Publish the package's files, its ZIP, then its descriptor: once the descriptor is there,
    the rest is."""
    for resource in package.resources:
        publish_built(f"{folder}/files/{resource.path}", resource.content)
    publish_built(f"{folder}/datapackage.zip", package.as_zip())
    publish_built(f"{folder}/datapackage.json", package.descriptor_bytes())


def build_package(programme: Programme) -> Package:
    """The data package of the programme's published data."""
    plan = current_plan(programme)
    updated = last_update(programme)
    with translation.override("en"):
        progress = progress_of(programme, plan)
        portal = []
        for slug in PORTAL_TABLES:
            builder = PROGRESS_TABLES.get(slug)
            table = builder(plan, {}, progress) if builder else TABLES[slug](plan, {})
            portal.append(_portal_table(table))
        name = plan.name.en or plan.name.kk
    plan_json = (json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2) + "\n").encode()
    resources = [
        Resource("plan", "The plan as published, with every figure", "plan.json", plan_json),
        _plan_table(plan),
        *portal,
        *_reports(programme),
        *_indicators(programme),
        *_measured(programme),
        *_waste(),
        *_water(),
        *_charging(),
    ]
    descriptor = {
        "profile": "data-package",
        "name": programme.code,
        "title": name,
        "description": plan.source_document.en or plan.source_document.kk,
        # The plan's edition, then the published reports' revision: a new edition or an
        # approval changes it.
        "version": f"{edition_of(programme)}.{programme.published_revision}.0",
        "created": updated.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "licenses": [settings.JASYL_OPEN_DATA_LICENSE],
        "sources": [{"title": plan.source_document.kk}],
        "resources": [r.descriptor for r in resources],
    }
    return Package(descriptor, resources, updated)
