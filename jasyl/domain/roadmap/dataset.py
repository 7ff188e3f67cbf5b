"""Read a programme's YAML folder (docs/data-format.md) into a validated `Plan`.

Every problem found is collected with the file and the path inside it, and reported together,
so a reviewer fixes a data file in one pass. Nothing here touches the database.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jasyl.core import yamlfiles
from jasyl.core.i18n import LANGUAGES, Text
from jasyl.domain.roadmap.domain import (
    KPI_BASES,
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

DATA_ROOT = Path(__file__).resolve().parent / "data"


class DatasetError(Exception):
    """The data files are not valid; `errors` lists each problem with its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def programme_folder(code: str) -> Path:
    return DATA_ROOT / code


class _Reader:
    """Validating accessors that remember the current file for error messages."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.file = ""

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{self.file}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(where, "expected a mapping")
            return {}
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, "expected a list")
            return []
        return value

    def string(self, data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{where}.{key}", "missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(f"{where}.{key}", "expected text")
            return ""
        # The extraction breaks cells across lines: one space joins the pieces.
        return " ".join(str(value).split())

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = True) -> Text:
        raw = data.get(key)
        if raw is None and not required:
            return Text("")
        value = self.mapping(raw, f"{where}.{key}")
        kk = self.string(value, "kk", f"{where}.{key}", required=required)
        unknown = set(value) - {"kk", "ru", "en", "quantities"}
        if unknown:
            self.error(f"{where}.{key}", f"unknown keys {sorted(unknown)}")
        return Text(
            kk,
            self.string(value, "ru", f"{where}.{key}", required=False),
            self.string(value, "en", f"{where}.{key}", required=False),
        )

    def all_languages(self, data: dict[str, Any], key: str, where: str) -> Text:
        """An optional text written by this project, so given in every language: a mapping of
        `kk`, `ru` and `en`, each kept as written (a quoted double space stays)."""
        raw = data.get(key)
        if raw is None:
            return Text("")
        if not isinstance(raw, dict):
            self.error(f"{where}.{key}", "expected a mapping of kk, ru and en")
            return Text("")
        unknown = set(raw) - set(LANGUAGES)
        if unknown:
            self.error(f"{where}.{key}", f"unknown keys {sorted(map(str, unknown))}")
        values = []
        for language in LANGUAGES:
            value = raw.get(language)
            if not isinstance(value, str) or not value.strip():
                self.error(f"{where}.{key}.{language}", "missing: give the text in kk, ru and en")
                value = ""
            values.append(value.strip())
        return Text(*values)

    def number(self, value: Any, where: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.error(where, f"expected a number, found {value!r}")
            return None
        try:
            number = Decimal(str(value).replace(" ", "").replace(",", "."))
        except InvalidOperation:
            self.error(where, f"expected a number, found {value!r}")
            return None
        if not number.is_finite():
            self.error(where, f"expected a number, found {value!r}")
            return None
        if number < 0:
            self.error(where, f"a published amount cannot be negative ({value})")
        return number

    def amounts(self, value: Any, allowed: set[str], where: str) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for key, raw in self.mapping(value, where).items():
            if str(key) not in allowed:
                self.error(f"{where}.{key}", f"unknown key; expected one of {sorted(allowed)}")
                continue
            if raw is None:
                self.error(f"{where}.{key}", "leave a blank cell out instead of writing null")
                continue
            number = self.number(raw, f"{where}.{key}")
            if number is not None:
                found[str(key)] = number
        return found


def load_plan(folder: Path) -> Plan:
    """Read and validate a programme folder; raise `DatasetError` listing every problem."""
    reader = _Reader()
    reader.file = "programme.yaml"
    programme = reader.mapping(_read_yaml(folder / "programme.yaml", reader), "programme")
    if reader.errors:
        raise DatasetError(reader.errors)

    periods = [
        _period(reader, p, f"periods[{i}]") for i, p in enumerate(programme.get("periods", []))
    ]
    period_codes = {p.code for p in periods}
    if len(period_codes) != len(periods):
        reader.error("periods", "period codes must be unique")
    sources = [
        FundingSource(
            reader.string(s, "code", f"funding_sources[{i}]"),
            reader.text(s, "abbreviation", f"funding_sources[{i}]"),
            reader.text(s, "name", f"funding_sources[{i}]"),
        )
        for i, s in enumerate(reader.listing(programme.get("funding_sources"), "funding_sources"))
    ]
    source_codes = {s.code for s in sources}
    units = [
        Unit(
            reader.string(u, "code", f"units[{i}]"),
            reader.string(u, "dimension", f"units[{i}]"),
            reader.text(u, "name", f"units[{i}]"),
        )
        for i, u in enumerate(reader.listing(programme.get("units"), "units"))
    ]
    unit_codes = {u.code for u in units}
    agencies = [
        Agency(
            reader.string(a, "code", f"agencies[{i}]"),
            reader.string(a, "kind", f"agencies[{i}]"),
            reader.text(a, "name", f"agencies[{i}]"),
            bool(a.get("verified", True)),
        )
        for i, a in enumerate(reader.listing(programme.get("agencies"), "agencies"))
    ]
    agency_codes = {a.code for a in agencies}
    if len(agency_codes) != len(agencies):
        reader.error("agencies", "agency codes must be unique")
    target_years = [int(y) for y in reader.listing(programme.get("target_years"), "target_years")]
    amount_unit = reader.mapping(programme.get("amount_unit"), "amount_unit")
    grand = reader.mapping(programme.get("grand_total"), "grand_total")
    grand_figures = _figures(reader, grand, period_codes, source_codes, "grand_total")
    grand_label = reader.text(grand, "label", "grand_total")

    sections: list[Section] = []
    activities: list[Activity] = []
    measures: list[Measure] = []
    section_meta = reader.listing(programme.get("sections"), "sections")
    for i, meta in enumerate(section_meta):
        where = f"sections[{i}]"
        reader.file = "programme.yaml"
        section = Section(
            code=reader.string(meta, "code", where),
            name=reader.text(meta, "name", where),
            subtotal_label=reader.text(meta, "subtotal_label", where),
            figures=_figures(reader, meta, period_codes, source_codes, where),
        )
        sections.append(section)
        file_name = reader.string(meta, "file", where)
        reader.file = file_name
        content = reader.mapping(_read_yaml(folder / file_name, reader), "file")
        if content.get("section") != section.code:
            reader.error("section", f"expected {section.code!r}, found {content.get('section')!r}")
        for j, m in enumerate(reader.listing(content.get("measures"), "measures")):
            measure = Measure(
                reader.string(m, "code", f"measures[{j}]"),
                reader.string(m, "unit", f"measures[{j}]"),
                reader.text(m, "name", f"measures[{j}]"),
            )
            if measure.unit not in unit_codes:
                reader.error(f"measures[{j}].unit", f"unknown unit {measure.unit!r}")
            if any(known.code == measure.code for known in measures):
                reader.error(f"measures[{j}].code", f"measure {measure.code!r} is declared twice")
            measures.append(measure)
        for j, raw in enumerate(reader.listing(content.get("activities"), "activities")):
            activity = _activity(
                reader,
                reader.mapping(raw, f"activities[{j}]"),
                section.code,
                period_codes,
                source_codes,
                agency_codes,
                target_years,
                f"activities[{j}]",
            )
            section.activities.append(activity.code)
            activities.append(activity)

    reader.file = "(all files)"
    measure_units = {m.code: m.unit for m in measures}
    _check_tree(reader, activities)
    _check_quantities(reader, activities, measure_units)

    reader.file = "programme.yaml"
    plan = Plan(
        code=reader.string(programme, "code", "programme"),
        name=reader.text(programme, "name", "programme"),
        source_document=reader.text(programme, "source_document", "programme"),
        approval_act=str(programme.get("approval_act") or ""),
        parent_programme=reader.text(programme, "parent_programme", "programme", required=False),
        currency=reader.string(programme, "currency", "programme"),
        amount_unit=reader.string(amount_unit, "code", "amount_unit"),
        amount_scale=int(amount_unit.get("scale", 1)),
        amount_unit_name=reader.text(amount_unit, "name", "amount_unit"),
        footnote=reader.text(programme, "footnote", "programme", required=False),
        grand_total_label=grand_label,
        periods=periods,
        target_years=target_years,
        sources=sources,
        units=units,
        measures=measures,
        agencies=agencies,
        sections=sections,
        activities=activities,
        grand_total=grand_figures,
    )
    if reader.errors:
        raise DatasetError(reader.errors)
    return plan


def _read_yaml(path: Path, reader: _Reader) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yamlfiles.safe_load(handle)
    except FileNotFoundError:
        reader.error("file", "not found")
    except yaml.YAMLError as exc:
        reader.error("file", f"not valid YAML: {exc}")
    return None


def _period(reader: _Reader, raw: Any, where: str) -> Period:
    data = reader.mapping(raw, where)
    code = reader.string(data, "code", where)
    try:
        start, end = int(data["start"]), int(data["end"])
    except (KeyError, TypeError, ValueError):
        reader.error(where, "a period needs whole-number start and end years")
        return Period(code, 0, 0)
    if start > end:
        reader.error(where, "a period cannot end before it starts")
    return Period(code, start, end)


def _figures(
    reader: _Reader, data: dict[str, Any], periods: set[str], sources: set[str], where: str
) -> Figures:
    total = data.get("total")
    return Figures(
        funding=reader.amounts(data.get("funding"), periods, f"{where}.funding"),
        total=None if total is None else reader.number(total, f"{where}.total"),
        sources=reader.amounts(data.get("sources"), sources, f"{where}.sources"),
    )


def _quantities(reader: _Reader, raw: Any, where: str, kpi: bool) -> list[Quantity]:
    found: list[Quantity] = []
    for i, q in enumerate(reader.listing(raw, where)):
        data = reader.mapping(q, f"{where}[{i}]")
        basis = data.get("basis")
        if kpi and basis not in KPI_BASES:
            reader.error(
                f"{where}[{i}].basis", f"expected one of {list(KPI_BASES)}, found {basis!r}"
            )
        if not kpi and basis is not None:
            reader.error(f"{where}[{i}].basis", "an output quantity has no basis")
        value = reader.number(data.get("value"), f"{where}[{i}].value")
        year = data.get("year")
        found.append(
            Quantity(
                measure=reader.string(data, "measure", f"{where}[{i}]"),
                value=value if value is not None else Decimal(0),
                unit=reader.string(data, "unit", f"{where}[{i}]"),
                basis=basis,
                year=int(year) if year is not None else None,
            )
        )
    return found


def _statement(reader: _Reader, raw: Any, where: str, kpi: bool) -> Statement:
    data = reader.mapping(raw, where)
    return Statement(
        text=Text(
            reader.string(data, "kk", where),
            reader.string(data, "ru", where, required=False),
            reader.string(data, "en", where, required=False),
        ),
        quantities=_quantities(reader, data.get("quantities"), f"{where}.quantities", kpi),
    )


ACTIVITY_KEYS = {
    "code", "name", "responsible", "agencies", "period", "outputs", "funding", "total", "sources",
    "kpi", "baselines", "description", "references", "funded_elsewhere", "notes",
}  # fmt: skip


def _activity(
    reader: _Reader,
    data: dict[str, Any],
    section: str,
    periods: set[str],
    sources: set[str],
    agencies: set[str],
    target_years: list[int],
    where: str,
) -> Activity:
    code = reader.string(data, "code", where)
    where = f"{where} ({code})"
    unknown = set(data) - ACTIVITY_KEYS
    if unknown:
        reader.error(where, f"unknown keys {sorted(unknown)}")
    period_text = reader.string(data, "period", where)
    try:
        ranges = parse_ranges(period_text)
    except ValueError as exc:
        reader.error(f"{where}.period", f"cannot read {period_text!r}: {exc}")
        ranges = []
    agency_list = [str(a) for a in reader.listing(data.get("agencies"), f"{where}.agencies")]
    for agency in agency_list:
        if agency not in agencies:
            reader.error(f"{where}.agencies", f"unknown agency {agency!r}")
    outputs: dict[str, Statement] = {}
    for key, raw in reader.mapping(data.get("outputs"), f"{where}.outputs").items():
        if str(key) not in periods:
            reader.error(
                f"{where}.outputs.{key}", f"unknown period; expected one of {sorted(periods)}"
            )
            continue
        outputs[str(key)] = _statement(reader, raw, f"{where}.outputs.{key}", kpi=False)
    kpi: dict[int, Statement] = {}
    for key, raw in reader.mapping(data.get("kpi"), f"{where}.kpi").items():
        if not str(key).isdigit() or int(key) not in target_years:
            reader.error(
                f"{where}.kpi.{key}", f"unknown target year; expected one of {target_years}"
            )
            continue
        kpi[int(key)] = _statement(reader, raw, f"{where}.kpi.{key}", kpi=True)
    baselines = _quantities(reader, data.get("baselines"), f"{where}.baselines", kpi=False)
    for i, baseline in enumerate(baselines):
        if baseline.year is None:
            reader.error(f"{where}.baselines[{i}]", "a baseline needs its year")
    references = [
        Text(
            reader.string(r, "kk", f"{where}.references[{i}]"),
            reader.string(r, "ru", f"{where}.references[{i}]", required=False),
            reader.string(r, "en", f"{where}.references[{i}]", required=False),
        )
        for i, r in enumerate(reader.listing(data.get("references"), f"{where}.references"))
    ]
    return Activity(
        code=code,
        section=section,
        name=reader.text(data, "name", where),
        responsible=reader.string(data, "responsible", where),
        agencies=agency_list,
        period=period_text,
        ranges=ranges,
        figures=_figures(reader, data, periods, sources, where),
        outputs=outputs,
        kpi=kpi,
        baselines=baselines,
        description=reader.text(data, "description", where, required=False),
        references=references,
        funded_elsewhere=bool(data.get("funded_elsewhere", False)),
        notes=reader.all_languages(data, "notes", where),
    )


def _check_tree(reader: _Reader, activities: list[Activity]) -> None:
    seen: dict[str, Activity] = {}
    for activity in activities:
        if not activity.code:
            continue
        if activity.code in seen:
            reader.error(f"activity {activity.code}", "the code is used twice")
        parent = activity.parent
        if parent is not None:
            if parent not in seen:
                reader.error(
                    f"activity {activity.code}", f"its parent {parent} must come before it"
                )
            elif seen[parent].section != activity.section:
                reader.error(
                    f"activity {activity.code}", "it is in another section than its parent"
                )
        seen[activity.code] = activity


def _check_quantities(
    reader: _Reader, activities: list[Activity], measure_units: dict[str, str]
) -> None:
    for activity in activities:
        statements = [(f"outputs.{p}", s) for p, s in activity.outputs.items()]
        statements += [(f"kpi.{y}", s) for y, s in activity.kpi.items()]
        quantities = [(where, q) for where, s in statements for q in s.quantities]
        quantities += [("baselines", q) for q in activity.baselines]
        for where, quantity in quantities:
            place = f"activity {activity.code}: {where}"
            if quantity.measure not in measure_units:
                reader.error(place, f"unknown measure {quantity.measure!r}")
            elif quantity.unit != measure_units[quantity.measure]:
                reader.error(
                    place,
                    f"wrong unit {quantity.unit!r} for {quantity.measure!r}; "
                    f"its unit is {measure_units[quantity.measure]!r}",
                )
