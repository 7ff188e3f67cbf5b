"""The roadmap as an Excel workbook in the layout of the official document (docs/excel.md).

Pure over the plain `Plan`: the visible sheet is the document's table in one language; two
hidden columns and the hidden `data` sheet carry what the table cannot show (stable codes, the
other languages, quantities, notes), so that `workbook_import.read_workbook` gives the same
`Plan` back.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jasyl.core.i18n import Text
from jasyl.core.numbers import plain
from jasyl.core.spreadsheets import protect, put
from jasyl.domain.roadmap.domain import Figures, Plan, Quantity, Statement

DATA_SHEET = "data"
FORMAT_VERSION = 1
# Rows 1-3: the title and the two header rows; the table starts below them.
TITLE_ROW, HEADER_ROW, SUBHEADER_ROW = 1, 2, 3
FIRST_ROW = 4
# Keys of the hidden columns, written in the sub-header row.
ROW_KEY, AGENCIES_KEY = "jasyl:row", "jasyl:agencies"


@dataclass(frozen=True)
class Column:
    """One column of the table: `key` is stable across languages, the headers are not."""

    key: str
    header: str
    subheader: str = ""
    width: float = 14
    money: bool = False


def columns(plan: Plan, language: str) -> list[Column]:
    """The document's columns, in its order, with headers in `language`."""
    with translation.override(language):
        unit = plan.amount_unit_name.get(language)
        found = [
            Column("code", _("No."), width=7),
            Column("name", _("Name of the activity"), width=40),
            Column("responsible", _("Responsible executors"), width=22),
            Column("period", _("Implementation period"), width=13),
        ]
        for period in plan.periods:
            top = _("%(period)s") % {"period": period.code}
            found += [
                Column(f"output:{period.code}", top, _("Planned output"), width=24),
                Column(
                    f"funding:{period.code}",
                    top,
                    _("Amount, %(unit)s") % {"unit": unit},
                    width=12,
                    money=True,
                ),
            ]
        found.append(
            Column("total", _("Total funding*, %(unit)s") % {"unit": unit}, width=14, money=True)
        )
        for source in plan.sources:
            found.append(
                Column(
                    f"source:{source.code}",
                    _("Funding sources"),
                    f"{source.abbreviation.get(language)}, {unit}",
                    width=12,
                    money=True,
                )
            )
        for year in plan.target_years:
            found.append(
                Column(
                    f"kpi:{year}",
                    _("Target achievement (KPI)"),
                    _("%(period)s") % {"period": year},
                    width=24,
                )
            )
        found.append(
            Column(
                "description",
                _(
                    "Project description / notes (a short description of the project's most "
                    "important parameters)"
                ),
                width=60,
            )
        )
    # Machine-readable, hidden: what the row is and which agencies execute it.
    found += [Column(ROW_KEY, "", ROW_KEY, width=12), Column(AGENCIES_KEY, "", AGENCIES_KEY)]
    return found


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, not empty, at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text).strip().strip("'") or "roadmap"
    cleaned = cleaned[:31].strip()
    return "roadmap" if cleaned.lower() == DATA_SHEET else cleaned


def number_format(value: Decimal) -> str:
    """Whole millions print as `1 003`, fractions keep their published digits (`50.8`)."""
    return "#,##0" if value == value.to_integral_value() else "#,##0.0##"


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEADER_FILL = PatternFill("solid", fgColor="D9E2D0")
_TOTAL_FILL = PatternFill("solid", fgColor="EFEFEF")


def build_workbook(plan: Plan, language: str) -> Workbook:
    """The plan as a workbook: the official table in `language` and the hidden data sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(plan.name.get(language))
    cols = columns(plan, language)
    index = {c.key: i + 1 for i, c in enumerate(cols)}
    last_visible = len(cols) - 2

    put(sheet, TITLE_ROW, 1, plan.source_document.get(language)).font = Font(bold=True, size=12)
    sheet.cell(TITLE_ROW, 1).alignment = _CENTRE
    sheet.merge_cells(
        start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_visible
    )
    sheet.row_dimensions[TITLE_ROW].height = 48
    _write_headers(sheet, cols)

    row = FIRST_ROW
    # The document prints the parent programme in capitals above the direction's own title.
    if plan.parent_programme.kk:
        title = plan.parent_programme.get(language).upper()
        _heading(sheet, row, title, "heading:programme", last_visible, index)
        row += 1
    _heading(sheet, row, plan.name.get(language), "heading:plan", last_visible, index)
    row += 1
    for section in plan.sections:
        _heading(
            sheet, row, section.name.get(language), f"section:{section.code}", last_visible, index
        )
        row += 1
        for code in section.activities:
            activity = plan.activity(code)
            values: dict[str, Any] = {
                "code": activity.code,
                "name": activity.name.get(language),
                "responsible": activity.responsible,
                "period": activity.period,
                "description": activity.description.get(language),
                ROW_KEY: "activity",
                AGENCIES_KEY: ", ".join(activity.agencies),
            }
            for period, statement in activity.outputs.items():
                values[f"output:{period}"] = statement.text.get(language)
            for year, statement in activity.kpi.items():
                values[f"kpi:{year}"] = statement.text.get(language)
            _write_row(sheet, row, cols, values, activity.figures, bold=activity.parent is None)
            row += 1
        values = {"name": section.subtotal_label.get(language), ROW_KEY: f"subtotal:{section.code}"}
        _write_row(sheet, row, cols, values, section.figures, bold=True, fill=_TOTAL_FILL)
        row += 1
    values = {"name": plan.grand_total_label.get(language), ROW_KEY: "grand"}
    _write_row(sheet, row, cols, values, plan.grand_total, bold=True, fill=_TOTAL_FILL)
    row += 2
    footnote = plan.footnote.get(language)
    if footnote:
        put(sheet, row, 1, footnote).font = Font(italic=True)
        sheet.cell(row, index[ROW_KEY], "footnote")

    for i, column in enumerate(cols, start=1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        dimension.width = column.width
        dimension.hidden = column.key in (ROW_KEY, AGENCIES_KEY)
    sheet.freeze_panes = f"{get_column_letter(index['responsible'])}{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{SUBHEADER_ROW}"

    data = book.create_sheet(DATA_SHEET)
    data.sheet_state = "hidden"
    for record in data_records(plan, language):
        data.append(record)
        for cell in data[data.max_row]:
            protect(cell)
    return book


def workbook_bytes(plan: Plan, language: str) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    build_workbook(plan, language).save(buffer)
    return buffer.getvalue()


def _write_headers(sheet: Worksheet, cols: list[Column]) -> None:
    """Two header rows; a group header (a budget period, the sources, the KPI) spans its
    sub-columns, a single column's header spans both rows, as in the document."""
    i = 0
    while i < len(cols):
        column = cols[i]
        start = i + 1
        if not column.subheader:
            put(sheet, HEADER_ROW, start, column.header)
            sheet.merge_cells(
                start_row=HEADER_ROW, start_column=start, end_row=SUBHEADER_ROW, end_column=start
            )
            i += 1
            continue
        end = i
        while (
            end + 1 < len(cols)
            and cols[end + 1].header == column.header
            and cols[end + 1].subheader
        ):
            end += 1
        if column.header:
            put(sheet, HEADER_ROW, start, column.header)
            if end > i:
                sheet.merge_cells(
                    start_row=HEADER_ROW, start_column=start, end_row=HEADER_ROW, end_column=end + 1
                )
        for j in range(i, end + 1):
            put(sheet, SUBHEADER_ROW, j + 1, cols[j].subheader)
        i = end + 1
    for header_row in (HEADER_ROW, SUBHEADER_ROW):
        sheet.row_dimensions[header_row].height = 45
        for j in range(1, len(cols) + 1):
            cell = sheet.cell(header_row, j)
            cell.font = Font(bold=True)
            cell.alignment = _CENTRE
            cell.fill = _HEADER_FILL
            cell.border = _BORDER


def _heading(
    sheet: Worksheet, row: int, text: str, key: str, last: int, index: dict[str, int]
) -> None:
    cell = put(sheet, row, 1, text)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    sheet.cell(row, index[ROW_KEY], key)


def _write_row(
    sheet: Worksheet,
    row: int,
    cols: list[Column],
    values: dict[str, Any],
    figures: Figures,
    *,
    bold: bool,
    fill: PatternFill | None = None,
) -> None:
    for j, column in enumerate(cols, start=1):
        kind, _sep, code = column.key.partition(":")
        value: Any = values.get(column.key)
        if kind == "funding":
            value = figures.funding.get(code)
        elif kind == "source":
            value = figures.sources.get(code)
        elif kind == "total":
            value = figures.total
        cell = sheet.cell(row, j)
        if isinstance(value, Decimal):
            number = plain(value)
            # Whole numbers go in as int so the file holds `1003`, not `1003.0`.
            cell.value = int(number) if number == number.to_integral_value() else number
            cell.number_format = number_format(number)
        elif value not in (None, ""):
            cell.value = value
            protect(cell)
        if column.key in (ROW_KEY, AGENCIES_KEY):
            continue
        cell.alignment = _WRAP
        cell.border = _BORDER
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill


# --- the data sheet ------------------------------------------------------------------------


def _text(text: Text) -> dict[str, str]:
    return text.as_dict()


def _quantity(q: Quantity) -> dict[str, Any]:
    return {
        "measure": q.measure,
        "value": str(q.value),
        "unit": q.unit,
        "basis": q.basis,
        "year": q.year,
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "text": _text(statement.text),
        "quantities": [_quantity(q) for q in statement.quantities],
    }


def data_records(plan: Plan, language: str) -> list[list[str]]:
    """The hidden sheet's rows: a header, then one record per thing, keyed by its stable code.

    Figures are not here: the visible table is the one place they are read from, so an edited
    amount cannot disagree with a stale copy.
    """
    rows: list[list[str]] = [
        ["record", "code", "json"],
        [
            "workbook",
            plan.code,
            _dumps({"format": FORMAT_VERSION, "language": language}),
        ],
        [
            "plan",
            plan.code,
            _dumps(
                {
                    "name": _text(plan.name),
                    "source_document": _text(plan.source_document),
                    "approval_act": plan.approval_act,
                    "parent_programme": _text(plan.parent_programme),
                    "currency": plan.currency,
                    "amount_unit": plan.amount_unit,
                    "amount_scale": plan.amount_scale,
                    "amount_unit_name": _text(plan.amount_unit_name),
                    "footnote": _text(plan.footnote),
                    "grand_total_label": _text(plan.grand_total_label),
                    "target_years": plan.target_years,
                }
            ),
        ],
    ]
    rows += [["period", p.code, _dumps({"start": p.start, "end": p.end})] for p in plan.periods]
    rows += [
        ["source", s.code, _dumps({"abbreviation": _text(s.abbreviation), "name": _text(s.name)})]
        for s in plan.sources
    ]
    rows += [
        ["unit", u.code, _dumps({"dimension": u.dimension, "name": _text(u.name)})]
        for u in plan.units
    ]
    rows += [
        ["measure", m.code, _dumps({"unit": m.unit, "name": _text(m.name)})] for m in plan.measures
    ]
    rows += [
        [
            "agency",
            a.code,
            _dumps({"kind": a.kind, "name": _text(a.name), "verified": a.verified}),
        ]
        for a in plan.agencies
    ]
    rows += [
        [
            "section",
            s.code,
            _dumps({"name": _text(s.name), "subtotal_label": _text(s.subtotal_label)}),
        ]
        for s in plan.sections
    ]
    rows += [
        [
            "activity",
            a.code,
            _dumps(
                {
                    "name": _text(a.name),
                    "outputs": {p: _statement(s) for p, s in a.outputs.items()},
                    "kpi": {str(y): _statement(s) for y, s in a.kpi.items()},
                    "baselines": [_quantity(q) for q in a.baselines],
                    "description": _text(a.description),
                    "references": [_text(r) for r in a.references],
                    "funded_elsewhere": a.funded_elsewhere,
                    "notes": _text(a.notes),
                }
            ),
        ]
        for a in plan.activities
    ]
    return rows


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
