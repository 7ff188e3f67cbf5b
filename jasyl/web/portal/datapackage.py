"""The programme's open data as a Frictionless Data Package: the plan, its audit findings,
budgets, the approved reports, and the indicators with their targets and values, as CSV and
JSON files described by one `datapackage.json` (a schema per table, the licence, the last
update). Served at stable URLs without a language prefix: `/opendata/<programme>/...`.

Only published data: the plan as loaded, and the approved reports and values of official
periods (sample data never). Tables the portal shows are included as the portal builds them,
with English headers; the plan as one flat table and as JSON is the shape of `roadmap export`.
The files are the same bytes for the same data: the ZIP's entries carry the last update as
their date, so a mirror can compare checksums. A background job (`tasks.py`) builds the package
once per plan edition and published revision and publishes its files; the views serve them.
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
from django.db.models import Max
from django.utils import timezone, translation

from jasyl.core.i18n import localized
from jasyl.core.jobs import publish_built
from jasyl.core.spreadsheets import csv_document
from jasyl.domain.indicators.models import Indicator, IndicatorTarget, Observation
from jasyl.domain.indicators.selectors import registry
from jasyl.domain.reporting.models import ProgressReport, ReportQuantity, ReportSpending
from jasyl.domain.reporting.progress import progress_of
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.export import plan_as_csv, plan_as_dict
from jasyl.domain.roadmap.models import Programme, ProgrammeVersion
from jasyl.domain.roadmap.selectors import current_plan, edition_of
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

Cell = str | int | Decimal | datetime.date | bool | None


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    path: str
    content: bytes
    # (name, type) of each column for a table; empty for the JSON file.
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "title": self.title, "path": self.path}
        if self.fields:
            described |= {
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": n, "type": t} for n, t in self.fields]},
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
    name: str, title: str, fields: list[tuple[str, str]], rows: Iterable[Iterable[Cell]]
) -> Resource:
    return Resource(name, title, f"{name}.csv", _csv((n for n, _ in fields), rows), tuple(fields))


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


def last_update(programme: Programme) -> datetime.datetime:
    """The latest of: the plan's edition loaded, a report saved, a value entered."""
    moments = [
        ProgrammeVersion.objects.filter(programme=programme).aggregate(m=Max("loaded_at"))["m"],
        ProgressReport.objects.filter(
            period__programme=programme, period__sample=False, state="approved"
        ).aggregate(m=Max("updated_at"))["m"],
        Observation.objects.filter(indicator__programme=programme, sample=False).aggregate(
            m=Max("entered_at")
        )["m"],
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else timezone.now()


def folder_of(programme: Programme) -> str:
    """Where the package of the programme's current edition is published (`core.jobs`)."""
    _, edition = current_edition(programme.code)
    return f"opendata/{programme.code}/{edition}"


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
