"""Per-agency reporting templates in Excel: download one, fill it in offline, upload it.

The "Reports" sheet has one row per activity the agency executes in the period (the
lowest-level items due in the period, or already reported on). The plan's figures and the
identifying cells are locked (the sheet is protected); only the report's content is editable.
Row 2 is hidden and holds each column's key, so a file reads the same whatever the language of
its headers; a hidden column holds the revision each row was downloaded at, which the upload
uses for optimistic locking exactly like the web form's hidden field.

Uploads are read by `workbook_upload.py`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jasyl.core.i18n import localized
from jasyl.core.numbers import plain
from jasyl.core.spreadsheets import put
from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.access import Access
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod
from jasyl.domain.reporting.selectors import due_activities
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Activity, KpiTarget, Measure, PlannedOutput, Quantity

HEADER_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3
REQUIRED_KEYS = ("code", "period", "status", "revision")

_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """One column of the Reports sheet; `key` is the same in every language."""

    key: str
    header: str
    width: float = 14
    editable: bool = False


@dataclass
class TemplateRow:
    """One activity of the template with what the plan and its report say."""

    activity: Activity
    report: ProgressReport | None
    outputs: dict[str, Measure]
    kpis: dict[str, Measure]


# --- reading what goes into a template ----------------------------------------------------


def planned_measures() -> list[Prefetch[Any]]:
    """What `workflow.reportable_measures` reads: the quantities of the planned outputs and of
    the KPI targets, with their measures and units."""
    quantities = Prefetch(
        "quantities", queryset=Quantity.objects.select_related("measure__unit").order_by("position")
    )
    return [
        Prefetch("outputs", queryset=PlannedOutput.objects.prefetch_related(quantities)),
        Prefetch("kpi_targets", queryset=KpiTarget.objects.prefetch_related(quantities)),
    ]


def template_rows(period: ReportingPeriod, agency: Agency) -> list[TemplateRow]:
    """The activities `agency` executes that are due in `period` (or already have a report),
    with their reports, in the plan's order (a fixed number of queries)."""
    activities = (
        due_activities(period)
        .filter(agency_links__agency=agency)
        .prefetch_related(*planned_measures())
    )
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(
            period=period, activity__agency_links__agency=agency
        ).prefetch_related("spending__source", "quantities__measure")
    }
    rows = []
    for activity in activities:
        if activity.due or activity.pk in reports:
            outputs, kpis = workflow.reportable_measures(activity)
            rows.append(TemplateRow(activity, reports.get(activity.pk), outputs, kpis))
    return rows


def template_agencies(programme_agencies: Iterable[Agency], access: Access) -> list[Agency]:
    """The agencies whose template this person may download: any for those who read
    everything, their own for agency members."""
    return [a for a in programme_agencies if access.can_read_unpublished([a.code])]


# --- the workbook ---------------------------------------------------------------------------


def _union(rows: list[TemplateRow], kind: str) -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for row in rows:
        found.update(row.outputs if kind == "output" else row.kpis)
    return found


def _measure_name(measure: Measure, language: str) -> str:
    return f"{localized(measure, 'name', language)}, {localized(measure.unit, 'name', language)}"


def columns(
    plan: Plan, period: ReportingPeriod, rows: list[TemplateRow], language: str
) -> list[Column]:
    """The Reports sheet's columns, with headers in `language`."""
    unit = plan.amount_unit_name.get(language)
    budget = budget_period(plan, period.year)
    span = budget.code if budget else str(period.year)
    outputs, kpis = _union(rows, "output"), _union(rows, "kpi")
    with translation.override(language):
        found = [
            Column("code", _("Activity code"), 9),
            Column("name", _("Activity"), 48),
            Column("period", _("Reporting period"), 10),
            Column("agencies", _("Executing agencies"), 20),
            Column("planned_output", _("Planned output, %(years)s") % {"years": span}, 36),
            Column(
                "planned_amount",
                _("Planned amount, %(years)s, %(unit)s") % {"years": span, "unit": unit},
                14,
            ),
        ]
        for source in plan.sources:
            found.append(
                Column(
                    f"planned_source:{source.code}",
                    _("Planned from %(source)s, all years, %(unit)s")
                    % {"source": source.abbreviation.get(language), "unit": unit},
                    14,
                )
            )
        found += [
            Column("state", _("Report state"), 12),
            Column("status", _("Status"), 16, editable=True),
            Column("progress", _("Physical progress of the whole activity, %"), 14, True),
        ]
        for code, measure in outputs.items():
            name = _measure_name(measure, language)
            found += [
                Column(
                    f"planned:{code}",
                    _("Planned, %(years)s: %(measure)s") % {"years": span, "measure": name},
                    16,
                ),
                Column(
                    f"output:{code}",
                    _("Achieved in the period: %(measure)s") % {"measure": name},
                    16,
                    True,
                ),
            ]
        for source in plan.sources:
            name = source.abbreviation.get(language)
            found += [
                Column(
                    f"committed:{source.code}",
                    _("%(source)s: committed, %(unit)s") % {"source": name, "unit": unit},
                    14,
                    True,
                ),
                Column(
                    f"spent:{source.code}",
                    _("%(source)s: spent, %(unit)s") % {"source": name, "unit": unit},
                    14,
                    True,
                ),
            ]
        for code, measure in kpis.items():
            found.append(
                Column(
                    f"kpi:{code}",
                    _("KPI value at the end of the period: %(measure)s")
                    % {"measure": _measure_name(measure, language)},
                    16,
                    True,
                )
            )
        found += [
            Column("narrative", _("Narrative"), 60, editable=True),
            Column("revision", "revision", 8),
        ]
    return found


def budget_period(plan: Plan, year: int) -> Any:
    """The plan's budget period that holds `year`, or None."""
    return next((p for p in plan.periods if p.start <= year <= p.end), None)


def status_labels(language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(code, str(label)) for code, label in ProgressReport.Status.choices]


def _prefilled(
    row: TemplateRow, plan: Plan, period: ReportingPeriod, language: str
) -> dict[str, Any]:
    """The row's cells by column key: the plan's figures and the report's current content."""
    activity = row.activity
    planned = plan.activity(activity.code)
    budget = budget_period(plan, period.year)
    statement = planned.outputs.get(budget.code) if budget else None
    values: dict[str, Any] = {
        "code": activity.code,
        "name": localized(activity, "name", language),
        "period": period.label,
        "agencies": ", ".join(workflow.agencies_of(activity)),
        "planned_output": statement.text.get(language) if statement else None,
        "planned_amount": planned.figures.funding.get(budget.code) if budget else None,
        "revision": row.report.revision if row.report else 0,
    }
    for code, amount in planned.figures.sources.items():
        values[f"planned_source:{code}"] = amount
    for quantity in statement.quantities if statement else []:
        key = f"planned:{quantity.measure}"
        values[key] = values.get(key, Decimal(0)) + quantity.value
    report = row.report
    with translation.override(language):
        values["state"] = report.get_state_display() if report else _("not started yet")
    if report is None:
        return values
    values["status"] = dict(status_labels(language))[report.status]
    values["progress"] = report.progress
    values["narrative"] = report.narrative
    for s in report.spending.all():
        values[f"committed:{s.source.code}"] = s.committed
        values[f"spent:{s.source.code}"] = s.spent
    for q in report.quantities.all():
        values[f"{q.kind}:{q.measure.code}"] = q.value
    return values


def _applies(column: Column, row: TemplateRow) -> bool:
    """Whether the editable column can be filled in for this row's activity."""
    kind, _sep, code = column.key.partition(":")
    if kind == "output":
        return code in row.outputs
    if kind == "kpi":
        return code in row.kpis
    return True


def _cell_value(value: Any) -> Any:
    # Figures go in as numbers (so Excel can add them up), without storage's trailing zeros.
    if isinstance(value, Decimal):
        number = plain(value)
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def template_workbook(
    *, plan: Plan, period: ReportingPeriod, agency: Agency, rows: list[TemplateRow], language: str
) -> bytes:
    """The .xlsx to fill in: the Reports sheet, protected except the report's own cells, and
    the instructions sheet, which also holds the list the status drop-down offers."""
    cols = columns(plan, period, rows, language)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    with translation.override(language):
        sheet.title = _("Reports")[:31]
        guide = workbook.create_sheet(_("Instructions")[:31])
    statuses = _write_instructions(guide, plan, period, agency, language)

    for index, column in enumerate(cols, start=1):
        letter = get_column_letter(index)
        header = put(sheet, HEADER_ROW, index, column.header)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        header.alignment = _WRAP
        put(sheet, KEY_ROW, index, column.key)
        sheet.column_dimensions[letter].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 60
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.column_dimensions[get_column_letter(len(cols))].hidden = True
    sheet.freeze_panes = f"C{FIRST_ROW}"

    for number, row in enumerate(rows, start=FIRST_ROW):
        values = _prefilled(row, plan, period, language)
        open_row = period.is_open and (row.report is None or row.report.editable)
        for index, column in enumerate(cols, start=1):
            # A narrative starting with "=" is text: written as a string with the quote prefix,
            # never as a formula (core.spreadsheets), and read back as it was.
            cell = put(sheet, number, index, _cell_value(values.get(column.key)))
            cell.alignment = _WRAP
            if column.editable and open_row and _applies(column, row):
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _LOCKED_FILL

    last = FIRST_ROW + max(len(rows), 1) - 1
    with translation.override(language):
        status_list = DataValidation(
            type="list",
            formula1=statuses,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Unknown status"),
            error=_("Choose a status from the list."),
        )
        progress = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            error=_("Physical progress must be between 0 and 100 %."),
        )
        not_negative = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            error=_("Enter a number, 0 or more."),
        )
    for validation in (status_list, progress, not_negative):
        sheet.add_data_validation(validation)
    for index, column in enumerate(cols, start=1):
        letter = get_column_letter(index)
        if column.key == "status":
            status_list.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        elif column.key == "progress":
            progress.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        elif column.editable and column.key != "narrative":
            not_negative.add(f"{letter}{FIRST_ROW}:{letter}{last}")

    # Protection guides people to the cells they fill in; the upload checks every cell anyway.
    sheet.protection.sheet = True
    guide.protection.sheet = True
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _write_instructions(
    guide: Worksheet, plan: Plan, period: ReportingPeriod, agency: Agency, language: str
) -> str:
    """Fill the instructions sheet; returns the range of the status list, for the drop-down."""
    with translation.override(language):
        lines = [
            _("Progress reports for %(period)s: %(agency)s")
            % {"period": period.label, "agency": localized(agency, "name", language)},
            plan.name.get(language),
            "",
            _(
                "One row per activity your agency executes in this period. Grey cells come "
                "from the plan and from the saved reports and are locked; fill in the white "
                "cells."
            ),
            _(
                "Status: choose from the list. Progress: the physical progress of the whole "
                "activity at the end of the period, from 0 to 100."
            ),
            _(
                "Outputs: what was achieved in the period, in the measure's unit. KPI: the "
                "value at the end of the period. Money: committed and spent in the period, "
                "per funding source, in %(unit)s."
            )
            % {"unit": plan.amount_unit_name.get(language)},
            _(
                "Upload the filled file on the reporting period's page. Only the rows you "
                "changed are saved, each as a new draft revision, as if saved in the form."
            ),
            _(
                "Every row is checked first; if any is wrong, nothing is saved and each error "
                "names its row and column. A row whose report someone saved after you "
                "downloaded this file is refused: download the template again."
            ),
            _("Submitted and approved reports cannot be changed here; their rows are locked."),
            "",
            _("Statuses"),
        ]
    for number, line in enumerate(lines, start=1):
        cell = put(guide, number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(1, 1).font = Font(bold=True, size=13)
    guide.cell(len(lines), 1).font = Font(bold=True)
    guide.column_dimensions["A"].width = 100
    first = len(lines) + 1
    labels = status_labels(language)
    for offset, (_code, label) in enumerate(labels):
        put(guide, first + offset, 1, label)
    title = guide.title.replace("'", "''")
    return f"'{title}'!$A${first}:$A${first + len(labels) - 1}"
