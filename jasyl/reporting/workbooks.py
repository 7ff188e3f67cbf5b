"""Per-agency reporting templates in Excel: download one, fill it in offline, upload it.

The "Reports" sheet has one row per activity the agency executes in the period (the
lowest-level items due in the period, or already reported on). The plan's figures and the
identifying cells are locked (the sheet is protected); only the report's content is editable.
Row 2 is hidden and holds each column's key, so a file reads the same whatever the language of
its headers; a hidden column holds the revision each row was downloaded at, which the upload
uses for optimistic locking exactly like the web form's hidden field.

An upload is checked whole before anything is written; every error names the sheet, row and
column. Rows that did not change since the download are left alone; the others go through
`workflow.save_report`, all in one transaction, so a file is saved entirely or not at all.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jasyl.agencies.models import Agency
from jasyl.core.i18n import localized
from jasyl.people.access import Access
from jasyl.reporting import workflow
from jasyl.reporting.forms import FlexibleDecimalField, amount_field
from jasyl.reporting.models import ProgressReport, ReportingPeriod, ReportRevision
from jasyl.reporting.selectors import due_in, leaf_activities
from jasyl.roadmap.domain import LANGUAGES, Plan, plain
from jasyl.roadmap.models import Activity, KpiTarget, Measure, PlannedOutput, Quantity

HEADER_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3
REQUIRED_KEYS = ("code", "period", "status", "revision")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def _measures() -> Prefetch[Any]:
    return Prefetch(
        "quantities", queryset=Quantity.objects.select_related("measure__unit").order_by("position")
    )


def template_rows(period: ReportingPeriod, agency: Agency) -> list[TemplateRow]:
    """The activities `agency` executes that are due in `period` (or already have a report),
    with their reports, in the plan's order (a fixed number of queries)."""
    activities = (
        leaf_activities(period.programme)
        .filter(agency_links__agency=agency)
        .prefetch_related(
            Prefetch("outputs", queryset=PlannedOutput.objects.prefetch_related(_measures())),
            Prefetch("kpi_targets", queryset=KpiTarget.objects.prefetch_related(_measures())),
        )
    )
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(
            period=period, activity__agency_links__agency=agency
        ).prefetch_related("spending__source", "quantities__measure")
    }
    rows = []
    for activity in activities:
        if due_in(period, activity) or activity.pk in reports:
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
        header = sheet.cell(HEADER_ROW, index, column.header)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        header.alignment = _WRAP
        sheet.cell(KEY_ROW, index, column.key)
        sheet.column_dimensions[letter].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 60
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.column_dimensions[get_column_letter(len(cols))].hidden = True
    sheet.freeze_panes = f"C{FIRST_ROW}"

    for number, row in enumerate(rows, start=FIRST_ROW):
        values = _prefilled(row, plan, period, language)
        open_row = period.is_open and (row.report is None or row.report.editable)
        for index, column in enumerate(cols, start=1):
            cell = sheet.cell(number, index, _cell_value(values.get(column.key)))
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
        cell = guide.cell(number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(1, 1).font = Font(bold=True, size=13)
    guide.cell(len(lines), 1).font = Font(bold=True)
    guide.column_dimensions["A"].width = 100
    first = len(lines) + 1
    labels = status_labels(language)
    for offset, (_code, label) in enumerate(labels):
        guide.cell(first + offset, 1, label)
    title = guide.title.replace("'", "''")
    return f"'{title}'!$A${first}:$A${first + len(labels) - 1}"


# --- reading a filled template -------------------------------------------------------------


class TemplateError(Exception):
    """A refused upload: every problem found, each naming its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Uploaded:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Change:
    place: str
    activity: Activity
    content: workflow.Content
    based_on: int
    created: bool


def _status_codes() -> dict[str, str]:
    """Status labels in every language, and the codes themselves, to the codes."""
    found = {code: code for code in ProgressReport.Status.values}
    for language in LANGUAGES:
        found.update({label.casefold(): code for code, label in status_labels(language)})
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: Any, field_: FlexibleDecimalField) -> Decimal | None:
    """A cell as a number, checked as the web form checks it; `ValidationError` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    not_a_number = ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise not_a_number
    try:
        number: Decimal | None = field_.clean(value if isinstance(value, str) else str(value))
    except ValidationError as error:
        if getattr(error, "code", None) == "invalid":
            raise not_a_number from None
        raise
    return number


def _canonical(content: workflow.Content) -> dict[str, Any]:
    """What a row states, comparable with a revision's snapshot (`_from_snapshot`)."""

    def shown(value: Decimal | None) -> str | None:
        return None if value is None else str(plain(value))

    return {
        "status": content.status,
        "progress": shown(content.progress),
        "narrative": content.narrative.strip(),
        "spending": {
            code: (shown(c), shown(s))
            for code, (c, s) in content.spending.items()
            if c is not None or s is not None
        },
        "outputs": {k: shown(v) for k, v in content.outputs.items()},
        "kpis": {k: shown(v) for k, v in content.kpis.items()},
    }


def _from_snapshot(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    if snapshot is None:
        return _canonical(workflow.Content(status=""))

    def shown(value: str | None) -> str | None:
        return None if value is None else str(plain(Decimal(value)))

    return {
        "status": snapshot["status"],
        "progress": shown(snapshot["progress"]),
        "narrative": snapshot["narrative"].strip(),
        "spending": {
            code: (shown(v["committed"]), shown(v["spent"]))
            for code, v in snapshot["spending"].items()
        },
        "outputs": {k: shown(v) for k, v in snapshot["outputs"].items()},
        "kpis": {k: shown(v) for k, v in snapshot["kpis"].items()},
    }


def _sheet(content: bytes) -> tuple[Any, Worksheet]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise TemplateError([_("The file is not a readable Excel workbook (.xlsx).")]) from None
    return workbook, workbook.worksheets[0]


def import_template(
    *, actor: Any, access: Access, period: ReportingPeriod, content: bytes
) -> Uploaded:
    """Save the changed rows of a filled template as draft revisions through
    `workflow.save_report`: everything is checked first, then written in one transaction."""
    workbook, sheet = _sheet(content)
    try:
        changes, unchanged, errors = _read(sheet, access, period)
    finally:
        workbook.close()
    if errors:
        raise TemplateError(errors)
    result = Uploaded(unchanged=unchanged)
    # One transaction for the whole file: a save refused midway (someone saved a report
    # since the checks above) undoes the rows saved before it.
    with transaction.atomic():
        for change in changes:
            try:
                workflow.save_report(
                    actor=actor,
                    access=access,
                    activity=change.activity,
                    period=period,
                    content=change.content,
                    based_on=change.based_on,
                )
            except workflow.StaleEdit as stale:
                raise TemplateError([_place_message(change.place, _stale(stale.report))]) from None
            except (workflow.WorkflowError, PermissionDenied) as error:
                message = getattr(error, "message", None) or str(error)
                raise TemplateError([_place_message(change.place, message)]) from None
            (result.created if change.created else result.updated).append(change.activity.code)
    return result


def _stale(report: ProgressReport) -> str:
    author = report.updated_by
    return _(
        "Someone saved this report after the template was downloaded (%(who)s, revision "
        "%(revision)s). Download the template again and enter your figures there."
    ) % {
        "who": (author.get_full_name() or author.username) if author else "?",
        "revision": report.revision,
    }


def _place_message(place: str, message: Any) -> str:
    return _("%(place)s: %(message)s") % {"place": place, "message": message}


def _read(
    sheet: Worksheet, access: Access, period: ReportingPeriod
) -> tuple[list[_Change], int, list[str]]:
    title = sheet.title
    keys = {
        _text(sheet.cell(KEY_ROW, index).value): index
        for index in range(1, sheet.max_column + 1)
        if _text(sheet.cell(KEY_ROW, index).value)
    }
    if any(key not in keys for key in REQUIRED_KEYS):
        return (
            [],
            0,
            [
                _(
                    "Sheet “%(sheet)s” is not a reporting template: its hidden row 2 is missing "
                    "or was changed. Download the template again and fill that in."
                )
                % {"sheet": title}
            ],
        )
    activities = {
        a.code: a
        for a in period.programme.activities.prefetch_related(
            "agency_links__agency",
            Prefetch("outputs", queryset=PlannedOutput.objects.prefetch_related(_measures())),
            Prefetch("kpi_targets", queryset=KpiTarget.objects.prefetch_related(_measures())),
        )
    }
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(period=period).select_related("updated_by")
    }
    snapshots = {
        (r.report_id, r.number): r.snapshot
        for r in ReportRevision.objects.filter(report__period=period)
    }
    statuses = _status_codes()
    sources = list(period.programme.sources.values_list("code", flat=True))
    errors: list[str] = []
    changes: list[_Change] = []
    unchanged = 0
    seen: dict[str, int] = {}

    for number in range(FIRST_ROW, sheet.max_row + 1):
        cells = {key: sheet.cell(number, index).value for key, index in keys.items()}
        if not any(_text(v) for v in cells.values()):
            continue

        def place(key: str, number: int = number) -> str:
            return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s") % {
                "sheet": title,
                "row": number,
                "column": get_column_letter(keys[key]),
            }

        row_errors: list[str] = []

        def refuse(key: str, message: Any, row_errors: list[str] = row_errors) -> None:
            row_errors.append(_place_message(place(key), message))

        code = _text(cells["code"])
        activity = activities.get(code)
        if activity is None:
            refuse("code", _("“%(code)s” is not an activity of this programme.") % {"code": code})
            errors.extend(row_errors)
            continue
        if code in seen:
            refuse(
                "code",
                _("Activity %(code)s is already in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
            errors.extend(row_errors)
            continue
        seen[code] = number
        if _text(cells["period"]) != period.label:
            refuse(
                "period",
                _("This row is for the period “%(found)s”; this upload is for %(period)s.")
                % {"found": _text(cells["period"]), "period": period.label},
            )
        try:
            based_on = int(_text(cells["revision"]) or 0)
        except ValueError:
            based_on = -1
        if based_on < 0:
            refuse("revision", _("The hidden revision was changed; download the template again."))

        outputs, kpis = workflow.reportable_measures(activity)
        content = workflow.Content(status="")
        label = _text(cells["status"])
        if label:
            status = statuses.get(label.casefold())
            if status is None:
                refuse(
                    "status",
                    _("“%(status)s” is not a status; choose one of: %(choices)s.")
                    % {
                        "status": label,
                        "choices": ", ".join(str(c[1]) for c in ProgressReport.Status.choices),
                    },
                )
            else:
                content.status = status
        try:
            content.progress = _progress(cells.get("progress"))
        except ValidationError as error:
            refuse("progress", " ".join(error.messages))
        content.narrative = _text(cells.get("narrative"))
        for key, value in cells.items():
            kind, _sep, measure = key.partition(":")
            if kind not in ("output", "kpi", "committed", "spent"):
                continue
            try:
                amount = _number(value, amount_field(key))
            except ValidationError as error:
                refuse(key, " ".join(error.messages))
                continue
            if amount is None:
                continue
            if kind in ("output", "kpi"):
                allowed = outputs if kind == "output" else kpis
                if measure not in allowed:
                    refuse(
                        key,
                        _("“%(measure)s” is not a measure of this activity's plan.")
                        % {"measure": measure},
                    )
                    continue
                (content.outputs if kind == "output" else content.kpis)[measure] = amount
            elif measure in sources:
                committed, spent = content.spending.get(measure, (None, None))
                content.spending[measure] = (
                    (amount, spent) if kind == "committed" else (committed, amount)
                )
        if row_errors:
            errors.extend(row_errors)
            continue

        report = reports.get(activity.pk)
        before = snapshots.get((report.pk, based_on)) if report else None
        stated = _canonical(content)
        if stated == _from_snapshot(before if report else None):
            unchanged += 1
            continue
        if not content.status:
            refuse("status", _("Choose a status."))
        else:
            try:
                workflow.require_editable(access, report, activity, period)
            except PermissionDenied:
                refuse(
                    "code",
                    _("You may not edit the report of activity %(code)s.") % {"code": code},
                )
            except workflow.WorkflowError as error:
                refuse("code", error.message)
            else:
                if report is None and based_on != 0:
                    refuse("code", _("This report no longer exists."))
                elif report is not None and report.revision != based_on:
                    refuse("code", _stale(report))
        if row_errors:
            errors.extend(row_errors)
            continue
        changes.append(_Change(place("code"), activity, content, based_on, report is None))
    return changes, unchanged, errors


def _progress(value: Any) -> Decimal | None:
    progress = _number(
        value,
        FlexibleDecimalField(required=False, max_digits=5, decimal_places=2),
    )
    if progress is not None and not Decimal(0) <= progress <= Decimal(100):
        raise ValidationError(_("Physical progress must be between 0 and 100 %."))
    return progress
