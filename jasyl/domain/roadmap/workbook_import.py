"""Read a roadmap workbook (`workbook.build_workbook`'s layout, docs/excel.md) back into a `Plan`.

The visible table is read for everything it shows: item numbers, the texts in the workbook's
language, executors, periods and every figure. The hidden `data` sheet gives what the table
cannot show: codes, the other two languages, quantities, notes. Every problem is collected with
its sheet, row and column and raised together in one `WorkbookError` (at most
`JASYL_IMPORT_MAX_ERRORS` of them, then how many more).

The file is opened read-only after its ZIP directory is checked (`core.uploads.open_workbook`),
and each sheet is read once, row by row, up to `JASYL_IMPORT_MAX_ROWS` rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from jasyl.core.i18n import LANGUAGES, Text
from jasyl.core.numbers import plain
from jasyl.core.uploads import (
    WORKBOOK_ERRORS,
    Problems,
    UnreadableFile,
    capped_rows,
    open_workbook,
    sheet_rows,
)
from jasyl.domain.roadmap.domain import (
    Activity,
    Agency,
    Figures,
    FundingSource,
    Measure,
    Period,
    Plan,
    Quantity,
    Section,
    Statement,
    Unit,
    parse_ranges,
)
from jasyl.domain.roadmap.workbook import (
    AGENCIES_KEY,
    DATA_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    ROW_KEY,
    SUBHEADER_ROW,
    Column,
    columns,
)

CODE = re.compile(r"^\d+(\.\d+)*$")


class WorkbookError(Exception):
    """The workbook cannot be read; `errors` lists every problem with its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ReadResult:
    plan: Plan
    language: str


def read_workbook(content: bytes) -> ReadResult:
    """The plan a workbook holds; raise `WorkbookError` listing every problem found."""
    try:
        # Not data_only: an amount typed as a formula is refused, so formulas must be seen.
        book = open_workbook(content, data_only=False)
    except UnreadableFile as error:
        raise WorkbookError([str(error)]) from None
    try:
        return _read_book(book)
    except UnreadableFile as error:
        raise WorkbookError([str(error)]) from None
    except WORKBOOK_ERRORS:
        raise WorkbookError([_("The file is not an Excel workbook (.xlsx).")]) from None
    finally:
        book.close()


def _read_book(book: Any) -> ReadResult:
    if DATA_SHEET not in book.sheetnames:
        raise WorkbookError(
            [
                _(
                    "The workbook has no “%(sheet)s” sheet: export the roadmap again and edit "
                    "that file."
                )
                % {"sheet": DATA_SHEET}
            ]
        )
    reader = _Reader()
    records = reader.records(book[DATA_SHEET])
    if reader.errors:
        raise WorkbookError(reader.errors.lines())
    if book.worksheets[0].title == DATA_SHEET:
        raise WorkbookError([_("The roadmap table must be the workbook's first sheet.")])
    plan = reader.plan(_Grid(book.worksheets[0]), records)
    if reader.errors:
        raise WorkbookError(reader.errors.lines())
    return ReadResult(plan=plan, language=records.language)


class _Grid:
    """The table sheet of a read-only workbook, read once: its values by place and its merged
    ranges, which the headers need and a read-only sheet does not keep. openpyxl's own sheet
    parser reads both in one pass over the sheet's XML."""

    def __init__(self, sheet: Any) -> None:
        self.title: str = sheet.title
        self.values: dict[tuple[int, int], Any] = {}
        self.max_row = self.max_column = 0
        with sheet._get_source() as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=False)
            for _index, cells in capped_rows(parser.parse()):
                for cell in cells:
                    row, column = cell["row"], cell["column"]
                    self.max_row, self.max_column = (
                        max(self.max_row, row),
                        max(self.max_column, column),
                    )
                    if cell["value"] is not None:
                        self.values[(row, column)] = cell["value"]
        merged = parser.merged_cells
        self.merged = [CellRange(m.ref) for m in merged.mergeCell] if merged else []

    def value(self, row: int, column: int) -> Any:
        return self.values.get((row, column))


def _text(raw: Any) -> Text:
    raw = raw if isinstance(raw, dict) else {}
    return Text(*(str(raw.get(language) or "") for language in LANGUAGES))


def _quantities(raw: Any) -> list[Quantity]:
    return [
        Quantity(
            measure=q["measure"],
            value=plain(Decimal(q["value"])),
            unit=q["unit"],
            basis=q.get("basis"),
            year=q.get("year"),
        )
        for q in raw or []
    ]


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement(_text(raw.get("text")), _quantities(raw.get("quantities")))


@dataclass
class _Records:
    """The data sheet, decoded: one JSON object per record kind and code."""

    language: str
    by_kind: dict[str, dict[str, dict[str, Any]]]

    def of(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.by_kind.get(kind, {})


def _shown(base: Text | None, shown: str, language: str) -> Text:
    """The stored text with what the sheet shows in `language`.

    Unchanged cells keep the stored text as it is, so a translation that was missing (and shown
    in Kazakh as the fallback) stays missing. Text for something new also becomes its Kazakh
    text when written in Russian or English: Kazakh is the one text every item must have.
    """
    if base is not None and shown == base.get(language):
        return base
    if base is None or not base.kk:
        base = Text(shown)
    return replace(base, **{language: shown})


class _Reader:
    def __init__(self) -> None:
        self.errors = Problems()

    def error(self, sheet: Any, row: int, column: int, problem: str) -> None:
        self.errors.append(
            _("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(problem)s")
            % {
                "sheet": sheet.title,
                "row": row,
                "column": get_column_letter(column),
                "problem": problem,
            }
        )

    # --- the data sheet --------------------------------------------------------------------

    def records(self, sheet: Any) -> _Records:
        by_kind: dict[str, dict[str, dict[str, Any]]] = {}
        for row, values in enumerate(capped_rows(sheet_rows(sheet, min_row=2)), start=2):
            kind, code, raw = [*values, None, None, None][:3]
            if kind is None and code is None and raw is None:
                continue
            try:
                value = json.loads(str(raw))
                if not isinstance(value, dict):
                    raise ValueError
            except ValueError:
                self.error(sheet, row, 3, _("this is not a record the export wrote."))
                continue
            by_kind.setdefault(str(kind), {})[str(code)] = value
        workbook = next(iter(by_kind.get("workbook", {}).values()), {})
        language = str(workbook.get("language", "kk"))
        if "plan" not in by_kind:
            self.error(sheet, 2, 1, _("the record of the plan is missing."))
        return _Records(language if language in LANGUAGES else "kk", by_kind)

    # --- the table -------------------------------------------------------------------------

    def plan(self, sheet: _Grid, records: _Records) -> Plan:
        language = records.language
        code, meta = next(iter(records.of("plan").items()))
        plan = Plan(
            code=code,
            name=_text(meta.get("name")),
            source_document=_text(meta.get("source_document")),
            approval_act=str(meta.get("approval_act") or ""),
            parent_programme=_text(meta.get("parent_programme")),
            currency=str(meta.get("currency", "")),
            amount_unit=str(meta.get("amount_unit", "")),
            amount_scale=int(meta.get("amount_scale", 1)),
            amount_unit_name=_text(meta.get("amount_unit_name")),
            footnote=_text(meta.get("footnote")),
            grand_total_label=_text(meta.get("grand_total_label")),
            periods=[
                Period(c, int(p["start"]), int(p["end"])) for c, p in records.of("period").items()
            ],
            target_years=[int(y) for y in meta.get("target_years", [])],
            sources=[
                FundingSource(c, _text(s.get("abbreviation")), _text(s.get("name")))
                for c, s in records.of("source").items()
            ],
            units=[
                Unit(c, str(u.get("dimension", "")), _text(u.get("name")))
                for c, u in records.of("unit").items()
            ],
            measures=[
                Measure(c, str(m.get("unit", "")), _text(m.get("name")))
                for c, m in records.of("measure").items()
            ],
            agencies=[
                Agency(
                    c, str(a.get("kind", "")), _text(a.get("name")), bool(a.get("verified", True))
                )
                for c, a in records.of("agency").items()
            ],
            sections=[],
            activities=[],
            grand_total=Figures(),
        )
        where = self.locate(sheet, columns(plan, language))
        if where is None:
            return plan
        table = _Table(self, sheet, where, plan, records)
        table.read()
        return plan

    def locate(self, sheet: _Grid, expected: list[Column]) -> dict[str, int] | None:
        """Each column's place, found by its headers, so a moved column is still read."""
        anchors: dict[tuple[int, int], Any] = {}
        for merged in sheet.merged:
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    anchors[(row, col)] = (merged.min_row, merged.min_col)
        found: dict[tuple[str, str], int] = {}
        for col in range(1, sheet.max_column + 1):
            top_at = anchors.get((HEADER_ROW, col), (HEADER_ROW, col))
            sub_at = anchors.get((SUBHEADER_ROW, col), (SUBHEADER_ROW, col))
            top = _words(sheet.value(*top_at))
            # A header merged down over both rows has no sub-header of its own.
            sub = "" if sub_at[0] == HEADER_ROW else _words(sheet.value(*sub_at))
            found.setdefault((top, sub), col)
        places: dict[str, int] = {}
        for column in expected:
            place = found.get((_words(column.header), _words(column.subheader)))
            if place is None:
                name = " / ".join(t for t in (column.header, column.subheader) if t)
                self.errors.append(
                    _(
                        "Sheet “%(sheet)s”, header rows %(rows)s: the column “%(column)s” is "
                        "missing."
                    )
                    % {
                        "sheet": sheet.title,
                        "rows": f"{HEADER_ROW}-{SUBHEADER_ROW}",
                        "column": name,
                    }
                )
            else:
                places[column.key] = place
        return None if len(places) < len(expected) else places


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


class _Table:
    """One pass over the table's rows, in order: headings, activities, subtotals, the total."""

    def __init__(
        self,
        reader: _Reader,
        sheet: _Grid,
        places: dict[str, int],
        plan: Plan,
        records: _Records,
    ) -> None:
        self.reader, self.sheet, self.places, self.plan = reader, sheet, places, plan
        self.records, self.language = records, records.language
        self.section: Section | None = None
        self.section_row = 0
        self.subtotal_seen = True
        self.grand_seen = False
        self.codes: dict[str, int] = {}

    def value(self, row: int, key: str) -> Any:
        return self.sheet.value(row, self.places[key])

    def text(self, row: int, key: str) -> str:
        value = self.value(row, key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def error(self, row: int, key: str, problem: str) -> None:
        self.reader.error(self.sheet, row, self.places[key], problem)

    def read(self) -> None:
        for row in range(FIRST_ROW, self.sheet.max_row + 1):
            kind, _sep, code = self.text(row, ROW_KEY).partition(":")
            if kind == "heading" and code == "programme":
                self.plan.parent_programme = self.heading(
                    row, self.plan.parent_programme, upper=True
                )
            elif kind == "heading":
                self.plan.name = self.heading(row, self.plan.name)
            elif kind == "section":
                self.start_section(row, code)
            elif kind == "subtotal":
                self.subtotal(row, code)
            elif kind == "grand":
                self.grand(row)
            elif kind == "footnote":
                self.plan.footnote = _shown(
                    self.plan.footnote, self.text(row, "code"), self.language
                )
            elif kind == "activity" or self.text(row, "code"):
                self.activity(row)
            elif any(self.text(row, key) for key in self.places):
                self.error(row, "code", _("the row has no item number."))
        self.close_section()
        if not self.grand_seen:
            self.reader.errors.append(
                _("Sheet “%(sheet)s”: the grand total row is missing.")
                % {"sheet": self.sheet.title}
            )

    def heading(self, row: int, base: Text, *, upper: bool = False) -> Text:
        shown = self.text(row, "code")
        printed = base.get(self.language)
        return (
            base
            if shown == (printed.upper() if upper else printed)
            else _shown(base, shown, self.language)
        )

    def start_section(self, row: int, code: str) -> None:
        self.close_section()
        meta = self.records.of("section").get(code)
        if meta is None:
            self.error(row, ROW_KEY, _("unknown section “%(code)s”.") % {"code": code})
            self.section = None
            return
        self.section = Section(
            code=code,
            name=_shown(_text(meta.get("name")), self.text(row, "code"), self.language),
            subtotal_label=_text(meta.get("subtotal_label")),
            figures=Figures(),
        )
        self.plan.sections.append(self.section)
        self.section_row, self.subtotal_seen = row, False

    def close_section(self) -> None:
        if self.section is not None and not self.subtotal_seen:
            self.error(
                self.section_row,
                "name",
                _("the section “%(section)s” has no subtotal row.")
                % {"section": self.section.name.get(self.language)},
            )
        self.section = None

    def subtotal(self, row: int, code: str) -> None:
        if self.section is None or self.section.code != code:
            self.error(row, ROW_KEY, _("a subtotal row outside its section."))
            return
        self.section.subtotal_label = _shown(
            self.section.subtotal_label, self.text(row, "name"), self.language
        )
        self.section.figures = self.figures(row, total_row=True)
        self.subtotal_seen = True

    def grand(self, row: int) -> None:
        self.close_section()
        self.plan.grand_total_label = _shown(
            self.plan.grand_total_label, self.text(row, "name"), self.language
        )
        self.plan.grand_total = self.figures(row, total_row=True)
        self.grand_seen = True

    def activity(self, row: int) -> None:
        code = self.text(row, "code")
        if not CODE.match(code):
            self.error(
                row,
                "code",
                _("“%(code)s” is not an item number such as 2 or 2.1.") % {"code": code},
            )
            return
        if code in self.codes:
            self.error(
                row,
                "code",
                _("item %(code)s is listed twice (also on row %(row)s).")
                % {"code": code, "row": self.codes[code]},
            )
            return
        self.codes[code] = row
        if self.section is None:
            self.error(
                row, "code", _("item %(code)s is not under a section heading.") % {"code": code}
            )
            return
        base = self.records.of("activity").get(code, {})
        name = self.text(row, "name")
        if not name:
            self.error(row, "name", _("the activity has no name."))
        period = self.text(row, "period")
        try:
            ranges = parse_ranges(period)
        except ValueError:
            ranges = []
            self.error(
                row,
                "period",
                _("“%(value)s” is not an implementation period such as 2022-2025.")
                % {"value": period},
            )
        activity = Activity(
            code=code,
            section=self.section.code,
            name=_shown(_text(base["name"]) if base else None, name, self.language),
            responsible=self.text(row, "responsible"),
            agencies=self.agencies(row),
            period=period,
            ranges=ranges,
            figures=self.figures(row, total_row=False),
            outputs=self.statements(
                row, "output", [p.code for p in self.plan.periods], base.get("outputs", {})
            ),
            kpi={
                int(year): statement
                for year, statement in self.statements(
                    row, "kpi", [str(y) for y in self.plan.target_years], base.get("kpi", {})
                ).items()
            },
            baselines=_quantities(base.get("baselines")),
            description=_shown(
                _text(base["description"]) if base else None,
                self.text(row, "description"),
                self.language,
            ),
            references=[_text(r) for r in base.get("references", [])],
            funded_elsewhere=bool(base.get("funded_elsewhere", False)),
            notes=_text(base.get("notes")),
        )
        parent = activity.parent
        if parent is not None and parent not in self.section.activities:
            self.error(
                row,
                "code",
                _("item %(code)s must follow its parent item %(parent)s in the same section.")
                % {"code": code, "parent": parent},
            )
        self.section.activities.append(code)
        self.plan.activities.append(activity)

    def agencies(self, row: int) -> list[str]:
        """The executors' codes: the hidden column, else the responsible cell split at commas."""
        key = AGENCIES_KEY if self.text(row, AGENCIES_KEY) else "responsible"
        codes = [c.strip() for c in self.text(row, key).split(",") if c.strip()]
        known = {a.code for a in self.plan.agencies}
        for code in codes:
            if code not in known:
                self.error(row, key, _("unknown agency “%(agency)s”.") % {"agency": code})
        return codes

    def statements(
        self, row: int, kind: str, keys: list[str], stored: dict[str, Any]
    ) -> dict[str, Statement]:
        found: dict[str, Statement] = {}
        for key in keys:
            shown = self.text(row, f"{kind}:{key}")
            if not shown:
                continue
            base = _statement(stored[key]) if key in stored else None
            text = _shown(base.text if base else None, shown, self.language)
            found[key] = Statement(text, base.quantities if base else [])
        return found

    def figures(self, row: int, *, total_row: bool) -> Figures:
        figures = Figures()
        for period in self.plan.periods:
            value = self.number(row, f"funding:{period.code}", total_row)
            if value is not None:
                figures.funding[period.code] = value
        figures.total = self.number(row, "total", total_row)
        for source in self.plan.sources:
            value = self.number(row, f"source:{source.code}", total_row)
            if value is not None:
                figures.sources[source.code] = value
        return figures

    def number(self, row: int, key: str, total_row: bool) -> Decimal | None:
        """A published amount: a number, or nothing where the document leaves the cell blank."""
        value = self.value(row, key)
        formula = isinstance(value, (ArrayFormula, DataTableFormula)) or (
            isinstance(value, str) and value.startswith("=")
        )
        if formula:
            self.error(
                row,
                key,
                _("a subtotal must be the published figure, not a formula.")
                if total_row
                else _("an amount must be the published figure, not a formula."),
            )
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.error(
                row,
                key,
                _("“%(value)s” is text; this cell takes an amount in %(unit)s.")
                % {"value": value, "unit": self.plan.amount_unit_name.get(self.language)},
            )
            return None
        if value < 0:
            self.error(row, key, _("an amount cannot be negative."))
            return None
        try:
            # repr gives the shortest decimal that reads back as the same float: 50.8, not
            # 50.7999...; published amounts have far fewer digits than a float keeps.
            return plain(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
        except InvalidOperation:
            self.error(row, key, _("“%(value)s” is not a number.") % {"value": value})
            return None
