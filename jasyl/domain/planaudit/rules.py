"""The plan audit: rules that find arithmetic and consistency errors in a published plan.

Pure Python over `jasyl.domain.roadmap.domain.Plan`; no database. Each rule yields `Finding`s with a
sentence in kk, ru and en. A difference no larger than the rounding of the published figures
(half a unit of the last digit per added figure, at least one unit) is reported as `info`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jasyl.core import yamlfiles
from jasyl.core.i18n import Text
from jasyl.core.numbers import json_number
from jasyl.domain.planaudit.figures import MONEY, NOUN, Mismatch, compare_description
from jasyl.domain.roadmap.domain import Activity, Figures, Plan, Quantity

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    activities: tuple[str, ...]
    period: str | None
    published: Decimal | None
    computed: Decimal | None
    message: Text
    section: str | None = None
    source: str | None = None
    target_year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "activities": list(self.activities),
            "period": self.period,
            "published": json_number(self.published),
            "computed": json_number(self.computed),
            "message": self.message.as_dict(),
            "section": self.section,
            "source": self.source,
            "target_year": self.target_year,
        }


def format_number(value: Decimal, language: str) -> str:
    """1003.5 -> "1 003,5" in kk and ru, "1,003.5" in en (the non-breaking space groups)."""
    text = f"{abs(value).normalize():f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal = (",", ".") if language == "en" else ("\u00a0", ",")
    sign = "-" if value < 0 else ""
    return sign + thousands.join(groups) + (decimal + fraction if fraction else "")


def _message(templates: dict[str, str], **values: Any) -> Text:
    """Fill each language's template; Decimals and Texts are rendered in that language."""
    rendered = {}
    for language, template in templates.items():
        args = {
            key: format_number(v, language)
            if isinstance(v, Decimal)
            else v.get(language)
            if isinstance(v, Text)
            else v
            for key, v in values.items()
        }
        # A sentence ending in an abbreviation ("ед.") keeps a single full stop.
        rendered[language] = template.format(**args).replace("..", ".")
    return Text(**rendered)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rounding_tolerance(figures: Iterable[Decimal]) -> Decimal:
    """Half a unit of the last published digit per added figure, and at least one unit."""
    values = list(figures)
    places = max((_places(v) for v in values), default=0)
    unit = Decimal(1).scaleb(-places)
    return max(unit, unit * len(values) / 2)


def _arithmetic_severity(published: Decimal, parts: list[Decimal]) -> str:
    return INFO if abs(published - sum(parts, Decimal(0))) <= rounding_tolerance(parts) else ERROR


# Labels of the columns a rule compares, in the three languages.
def _column(plan: Plan, period: str | None = None, source: str | None = None) -> Text:
    if period is not None:
        p = plan.period(period)
        if p.start == p.end:
            return Text(f"{period} ж.", f"{period} г.", period)
        return Text(f"{period} жж.", f"{period} гг.", period)
    if source is not None:
        name = next(s.name for s in plan.sources if s.code == source)
        return Text(f"«{name.kk}» көзі", f"источник «{name.ru}»", f"the source '{name.en}'")
    return Text("жалпы сомасы", "общая сумма", "the total")


ROUNDING = Text(
    " Айырма дөңгелектеу шегінде.",
    " Разница в пределах округления.",
    " The difference is within rounding.",
)

MESSAGES = {
    "row.periods_total": {
        "kk": "{row}: кезеңдер бойынша сомасы {computed}, ал жарияланған жалпы сомасы {published}.",
        "ru": "{row}: сумма по периодам {computed}, а опубликованный итог {published}.",
        "en": "{row}: the periods add up to {computed}, but the published total is {published}.",
    },
    "row.sources_total": {
        "kk": "{row}: қаржыландыру көздерінің сомасы {computed}, ал жалпы сомасы {published}.",
        "ru": "{row}: сумма источников финансирования {computed}, а итог {published}.",
        "en": "{row}: the funding sources add up to {computed}, but the total is {published}.",
    },
    "tree.children_parent": {
        "kk": "{code} тармақшаларының сомасы ({column}) {computed}, ал {code} тармағында "
        "{published}.",
        "ru": "Подпункты {code} в сумме дают {computed} ({column}), а в пункте {code} указано "
        "{published}.",
        "en": "The sub-items of {code} add up to {computed} in {column}, but {code} states "
        "{published}.",
    },
    "section.activities_subtotal": {
        "kk": "«{section_name}» бөлімінің іс-шараларының сомасы ({column}) {computed}, ал бөлім "
        "бойынша қорытынды жолда {published}.",
        "ru": "Мероприятия раздела «{section_name}» в сумме дают {computed} ({column}), а в "
        "итоговой строке раздела {published}.",
        "en": "The activities of the section '{section_name}' add up to {computed} in {column}, "
        "but the section's subtotal row states {published}.",
    },
    "plan.sections_grand_total": {
        "kk": "Бөлімдердің қорытынды жолдарының сомасы ({column}) {computed}, ал жалпы "
        "қорытындыда {published}.",
        "ru": "Итоговые строки разделов в сумме дают {computed} ({column}), а общий итог "
        "{published}.",
        "en": "The sections' subtotal rows add up to {computed} in {column}, but the grand total "
        "states {published}.",
    },
    "period.outside_implementation": {
        "kk": "{code}: {period} кезеңіне {published} жоспарланған, бұл іске асыру мерзімінен "
        "({implementation}) тыс.",
        "ru": "{code}: на период {period} запланировано {published}, вне срока реализации "
        "({implementation}).",
        "en": "{code}: {published} is planned for {period}, outside its implementation period "
        "({implementation}).",
    },
    "period.child_outside_parent": {
        "kk": "{code} іске асыру мерзімі ({child}) {parent} тармағының мерзімінен ({outer}) тыс.",
        "ru": "Срок реализации {code} ({child}) выходит за срок пункта {parent} ({outer}).",
        "en": "The implementation period of {code} ({child}) lies outside that of {parent} "
        "({outer}).",
    },
    "kpi.outputs_target": {
        "kk": "{code}: «{measure}» бойынша жоспарланған нәтижелердің сомасы {computed} {unit}, "
        "ал {year} жылғы KPI {published} {unit}.",
        "ru": "{code}: запланированные результаты по показателю «{measure}» в сумме дают "
        "{computed} {unit}, а KPI на {year} год {published} {unit}.",
        "en": "{code}: the planned outputs for '{measure}' add up to {computed} {unit}, but the "
        "{year} KPI states {published} {unit}.",
    },
    "kpi.reduction_baseline": {
        "kk": "{code}: «{measure}» көрсеткішін {published} {unit} азайту көзделген, бұл "
        "{base_code} тармағындағы бүкіл базалық мәннен ({computed} {unit}, {base_year} ж.) көп.",
        "ru": "{code}: предусмотрено снижение показателя «{measure}» на {published} {unit}, "
        "больше всего базового значения ({computed} {unit}, {base_year} г.) из пункта "
        "{base_code}.",
        "en": "{code}: a reduction of '{measure}' by {published} {unit} is planned, more than the "
        "whole baseline ({computed} {unit} in {base_year}) stated in item {base_code}.",
    },
    "description.figures": {
        "kk": "{code}: сипаттамада {quote} ({published}{unit}{when}) деп көрсетілген, ал кестеде "
        "{computed}{unit} ({where}).",
        "ru": "{code}: в описании указано {quote} ({published}{unit}{when}), а в таблице "
        "{computed}{unit} ({where}).",
        "en": "{code}: the description states {quote} ({published}{unit}{when}), but the table "
        "states {computed}{unit} ({where}).",
    },
}


def _compare(
    rule: str,
    published: Decimal | None,
    parts: list[Decimal],
    *,
    activities: tuple[str, ...],
    period: str | None = None,
    source: str | None = None,
    section: str | None = None,
    **message_values: Any,
) -> Finding | None:
    """A finding when the stated figure and the sum of the stated parts disagree."""
    if published is None and not parts:
        return None
    computed = sum(parts, Decimal(0))
    if published is not None and computed == published:
        return None
    severity = ERROR if published is None else _arithmetic_severity(published, parts)
    message = _message(
        MESSAGES[rule],
        published=published if published is not None else Text("—"),
        computed=computed,
        **message_values,
    )
    if severity == INFO:
        message = Text(*(message.get(lang) + ROUNDING.get(lang) for lang in ("kk", "ru", "en")))
    return Finding(
        rule=rule,
        severity=severity,
        activities=activities,
        period=period,
        published=published,
        computed=computed,
        message=message,
        section=section,
        source=source,
    )


def _columns(plan: Plan) -> Iterator[tuple[str | None, str | None]]:
    """Every money column: each period, the total, each funding source."""
    for period in plan.periods:
        yield period.code, None
    yield None, None
    for source in plan.sources:
        yield None, source.code


def _cell(figures: Figures, period: str | None, source: str | None) -> Decimal | None:
    if period is not None:
        return figures.funding.get(period)
    if source is not None:
        return figures.sources.get(source)
    return figures.total


def _rows(plan: Plan) -> Iterator[tuple[Text, Figures, tuple[str, ...], str | None]]:
    for activity in plan.activities:
        code = activity.code
        yield Text(code, code, code), activity.figures, (code,), activity.section
    for section in plan.sections:
        yield section.subtotal_label, section.figures, (), section.code
    yield plan.grand_total_label, plan.grand_total, (), None


def check_row_totals(plan: Plan) -> Iterator[Finding]:
    """A row's periods add up to its total, and its funding sources add up to its total."""
    for label, figures, activities, section in _rows(plan):
        for rule, parts in (
            ("row.periods_total", figures.funding),
            ("row.sources_total", figures.sources),
        ):
            if not parts:  # a row that states no periods (or sources) has nothing to add up
                continue
            finding = _compare(
                rule,
                figures.total,
                list(parts.values()),
                activities=activities,
                section=section,
                row=label,
            )
            if finding is not None:
                yield finding


def _sum_columns(
    plan: Plan,
    rule: str,
    whole: Figures,
    parts: list[Figures],
    *,
    activities: tuple[str, ...],
    section: str | None,
    **values: Any,
) -> Iterator[Finding]:
    for period, source in _columns(plan):
        stated = [v for v in (_cell(f, period, source) for f in parts) if v is not None]
        finding = _compare(
            rule,
            _cell(whole, period, source),
            stated,
            activities=activities,
            period=period,
            source=source,
            section=section,
            column=_column(plan, period, source),
            **values,
        )
        if finding is not None:
            yield finding


def check_children_sum(plan: Plan) -> Iterator[Finding]:
    """Sub-items add up to their parent per period, in total and per source."""
    for activity in plan.activities:
        children = plan.children(activity.code)
        if children:
            yield from _sum_columns(
                plan,
                "tree.children_parent",
                activity.figures,
                [c.figures for c in children],
                activities=(activity.code, *(c.code for c in children)),
                section=activity.section,
                code=activity.code,
            )


def check_section_subtotals(plan: Plan) -> Iterator[Finding]:
    """A section's top-level activities add up to its subtotal row."""
    for section in plan.sections:
        rows = plan.top_level(section.code)
        yield from _sum_columns(
            plan,
            "section.activities_subtotal",
            section.figures,
            [a.figures for a in rows],
            activities=tuple(a.code for a in rows),
            section=section.code,
            section_name=section.name,
        )


def check_grand_total(plan: Plan) -> Iterator[Finding]:
    """The sections' subtotal rows add up to the grand total."""
    yield from _sum_columns(
        plan,
        "plan.sections_grand_total",
        plan.grand_total,
        [s.figures for s in plan.sections],
        activities=(),
        section=None,
    )


def _in_ranges(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(first <= end and start <= last for first, last in ranges)


def check_funding_in_period(plan: Plan) -> Iterator[Finding]:
    """Money is planned only in budget periods that overlap the implementation period."""
    for activity in plan.activities:
        for code, amount in activity.figures.funding.items():
            period = plan.period(code)
            if not _in_ranges(activity.ranges, period.start, period.end):
                yield Finding(
                    rule="period.outside_implementation",
                    severity=WARNING,
                    activities=(activity.code,),
                    period=code,
                    published=amount,
                    computed=None,
                    section=activity.section,
                    message=_message(
                        MESSAGES["period.outside_implementation"],
                        code=activity.code,
                        period=code,
                        published=amount,
                        implementation=activity.period,
                    ),
                )


def check_child_periods(plan: Plan) -> Iterator[Finding]:
    """A sub-item's implementation period lies within its parent's."""
    for activity in plan.activities:
        ancestors = plan.ancestors(activity)
        if not ancestors:
            continue
        parent = ancestors[0]
        inside = all(
            any(p_first <= first and last <= p_last for p_first, p_last in parent.ranges)
            for first, last in activity.ranges
        )
        if not inside:
            yield Finding(
                rule="period.child_outside_parent",
                severity=WARNING,
                activities=(activity.code, parent.code),
                period=None,
                published=None,
                computed=None,
                section=activity.section,
                message=_message(
                    MESSAGES["period.child_outside_parent"],
                    code=activity.code,
                    child=activity.period,
                    parent=parent.code,
                    outer=parent.period,
                ),
            )


def _kpi_periods(plan: Plan, year: int, basis: str) -> list[str]:
    earlier = [y for y in plan.target_years if y < year]
    after = max(earlier) if basis == "period_sum" and earlier else None
    return [p.code for p in plan.periods if p.end <= year and (after is None or p.start > after)]


def _output_sum(rows: list[Activity], measure: str, periods: list[str]) -> list[Decimal]:
    return [
        q.value
        for row in rows
        for period in periods
        if period in row.outputs
        for q in row.outputs[period].quantities
        if q.measure == measure
    ]


def _counts(row: Activity, measure: str) -> bool:
    return any(q.measure == measure for s in row.outputs.values() for q in s.quantities)


def check_outputs_against_kpi(plan: Plan) -> Iterator[Finding]:
    """Where outputs and a KPI count the same thing, the outputs add up to the KPI.

    An item without outputs of that measure is checked against its sub-items' outputs.
    """
    measures = {m.code: m for m in plan.measures}
    units = {u.code: u for u in plan.units}
    for activity in plan.activities:
        for year, target in sorted(activity.kpi.items()):
            for quantity in target.quantities:
                if quantity.basis not in ("cumulative", "period_sum"):
                    continue
                rows = (
                    [activity]
                    if _counts(activity, quantity.measure)
                    else [
                        d for d in plan.descendants(activity.code) if _counts(d, quantity.measure)
                    ]
                )
                if not rows:
                    continue
                periods = _kpi_periods(plan, year, quantity.basis)
                parts = _output_sum(rows, quantity.measure, periods)
                computed = sum(parts, Decimal(0))
                if computed == quantity.value:
                    continue
                yield Finding(
                    rule="kpi.outputs_target",
                    severity=WARNING,
                    activities=tuple(dict.fromkeys([activity.code, *(r.code for r in rows)])),
                    period=None,
                    published=quantity.value,
                    computed=computed,
                    section=activity.section,
                    target_year=year,
                    message=_message(
                        MESSAGES["kpi.outputs_target"],
                        code=activity.code,
                        measure=measures[quantity.measure].name,
                        unit=units[quantity.unit].name,
                        year=year,
                        published=quantity.value,
                        computed=computed,
                    ),
                )


def _baseline(plan: Plan, activity: Activity, measure: str) -> tuple[Activity, Quantity] | None:
    for row in [activity, *plan.ancestors(activity), *plan.activities]:
        for baseline in row.baselines:
            if baseline.measure == measure:
                return row, baseline
    return None


def check_reductions(plan: Plan) -> Iterator[Finding]:
    """A stated reduction cannot exceed the baseline it reduces."""
    measures = {m.code: m for m in plan.measures}
    units = {u.code: u for u in plan.units}
    for activity in plan.activities:
        for year, target in sorted(activity.kpi.items()):
            for quantity in target.quantities:
                if quantity.basis != "reduction":
                    continue
                found = _baseline(plan, activity, quantity.measure)
                if found is None:
                    continue
                row, baseline = found
                if quantity.value <= baseline.value:
                    continue
                yield Finding(
                    rule="kpi.reduction_baseline",
                    severity=ERROR,
                    activities=tuple(dict.fromkeys([activity.code, row.code])),
                    period=None,
                    published=quantity.value,
                    computed=baseline.value,
                    section=activity.section,
                    target_year=year,
                    message=_message(
                        MESSAGES["kpi.reduction_baseline"],
                        code=activity.code,
                        measure=measures[quantity.measure].name,
                        unit=units[quantity.unit].name,
                        published=quantity.value,
                        computed=baseline.value,
                        base_year=baseline.year,
                        base_code=row.code,
                    ),
                )


REVIEWED_FIGURES = Path(__file__).resolve().parent / "data" / "reviewed-figures.yaml"


@cache
def reviewed_figures(path: Path = REVIEWED_FIGURES) -> dict[tuple[str, str], frozenset[str]]:
    """Description figures a reader found consistent with the table, by programme and item."""
    data = yamlfiles.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[tuple[str, str], frozenset[str]] = {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping of programmes")
    for programme, items in data.items():
        if not isinstance(items, dict):
            raise ValueError(f"{path.name}: {programme}: expected a mapping of activities")
        for code, entries in items.items():
            where = f"{path.name}: {programme}: {code}"
            if not isinstance(entries, list) or not all(
                isinstance(e, dict) and e.get("figure") and e.get("reason") for e in entries
            ):
                raise ValueError(f"{where}: expected a list of entries with figure and reason")
            found[(str(programme), str(code))] = frozenset(str(e["figure"]) for e in entries)
    return found


def _quote(mismatch: Mismatch) -> Text:
    quoted = ", ".join(f"«{f.text}»" for f in mismatch.figures)
    return Text(quoted, quoted, quoted)


def _unit_name(plan: Plan, kind: str) -> Text:
    if kind == MONEY:
        name = plan.amount_unit_name
    elif kind.startswith(NOUN):
        return Text("")
    else:
        name = next((u.name for u in plan.units if u.code == kind), Text(""))
    return Text(*(" " + name.get(lang) if name.get(lang) else "" for lang in ("kk", "ru", "en")))


def description_mismatches(plan: Plan) -> Iterator[tuple[Activity, Mismatch]]:
    """Each activity's description figures that its table contradicts, before any review."""
    for activity in plan.activities:
        for mismatch in compare_description(plan, activity):
            yield activity, mismatch


def check_description_figures(plan: Plan) -> Iterator[Finding]:
    """The figures a description states agree with its own funding, outputs and KPIs."""
    for activity, mismatch in description_mismatches(plan):
        reviewed = reviewed_figures().get((plan.code, activity.code), frozenset())
        if any(f.text in reviewed for f in mismatch.figures):
            continue
        year = mismatch.year
        when = Text(f", {year} ж.", f", {year} г.", f" for {year}") if year else Text("")
        yield Finding(
            rule="description.figures",
            severity=WARNING,
            activities=(activity.code,),
            period=mismatch.period,
            published=mismatch.stated,
            computed=mismatch.table,
            section=activity.section,
            message=_message(
                MESSAGES["description.figures"],
                code=activity.code,
                quote=_quote(mismatch),
                published=mismatch.stated,
                computed=mismatch.table if mismatch.table is not None else Text("—"),
                unit=_unit_name(plan, mismatch.kind),
                when=when,
                where=mismatch.where,
            ),
        )


RULES: tuple[Callable[[Plan], Iterator[Finding]], ...] = (
    check_row_totals,
    check_children_sum,
    check_section_subtotals,
    check_grand_total,
    check_funding_in_period,
    check_child_periods,
    check_outputs_against_kpi,
    check_reductions,
    check_description_figures,
)


def audit(plan: Plan) -> list[Finding]:
    """Run every rule over the plan; findings come in rule order, then document order."""
    return [finding for rule in RULES for finding in rule(plan)]
