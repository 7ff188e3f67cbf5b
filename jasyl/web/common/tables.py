"""The portal's data tables: each chart and list is one of these, and each downloads as CSV.

A table is built from the plain `Plan` in the active language; the page shows it (behind its
chart) and `data/<slug>.csv` serves the same rows, so what a visitor sees and downloads agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jasyl.core.i18n import LANGUAGES, current_language
from jasyl.core.search.ranking import Document, Field, Hit, match, parse
from jasyl.core.spreadsheets import csv_document
from jasyl.domain.reporting.progress import STATUS_LABELS, UNREPORTED, Progress
from jasyl.domain.roadmap.domain import Activity, Plan
from jasyl.domain.roadmap.summaries import portfolios

if TYPE_CHECKING:
    from jasyl.domain.planaudit.rules import Finding

Cell = str | Decimal | int | None


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    numeric: frozenset[int] = field(default_factory=frozenset)
    query: str = ""

    def as_csv(self) -> str:
        """The rows as CSV; a text a spreadsheet would run as a formula is quoted in front
        (`core.spreadsheets`), numbers are written as they are."""
        return csv_document(self.columns, self.rows)


def _amount_header(plan: Plan) -> str:
    return _("Funding, %(unit)s") % {"unit": plan.amount_unit_name.get(current_language())}


def _by_period(
    plan: Plan, slug: str, title: str, funding: Mapping[str, Decimal], query: str = ""
) -> Table:
    """Two columns: each budget period and the money a row states for it."""
    return Table(
        slug=slug,
        title=title,
        columns=[_("Period"), _amount_header(plan)],
        rows=[[p.code, funding.get(p.code)] for p in plan.periods],
        numeric=frozenset({1}),
        query=query,
    )


def funding_by_period(plan: Plan, params: Mapping[str, str]) -> Table:
    return _by_period(plan, "funding-by-period", _("Funding by period"), plan.grand_total.funding)


def funding_by_source(plan: Plan, params: Mapping[str, str]) -> Table:
    language = current_language()
    return Table(
        slug="funding-by-source",
        title=_("Funding by source"),
        columns=[_("Funding source"), _amount_header(plan)],
        rows=[[s.name.get(language), plan.grand_total.sources.get(s.code)] for s in plan.sources],
        numeric=frozenset({1}),
    )


def funding_by_section(plan: Plan, params: Mapping[str, str]) -> Table:
    language = current_language()
    return Table(
        slug="funding-by-section",
        title=_("Funding by section"),
        columns=[_("Section"), _amount_header(plan)],
        rows=[[s.name.get(language), s.figures.total] for s in plan.sections],
        numeric=frozenset({1}),
    )


def funding_by_agency(plan: Plan, params: Mapping[str, str]) -> Table:
    language = current_language()
    rows: list[list[Cell]] = [
        [p.agency.code, p.agency.name.get(language), len(p.lead), len(p.co_executor), p.total]
        for p in sorted(portfolios(plan), key=lambda p: -p.total)
    ]
    return Table(
        slug="funding-by-agency",
        title=_("Funding led by each executing agency"),
        columns=[
            _("Agency"),
            _("Name"),
            _("Activities led"),
            _("Activities as co-executor"),
            _amount_header(plan),
        ],
        rows=rows,
        numeric=frozenset({2, 3, 4}),
    )


def agency_funding_by_period(plan: Plan, params: Mapping[str, str]) -> Table:
    code = params.get("agency", "")
    portfolio = next((p for p in portfolios(plan) if p.agency.code == code), None)
    return _by_period(
        plan,
        "agency-funding-by-period",
        _("Funding led by %(agency)s, by period") % {"agency": code},
        portfolio.funding if portfolio else {},
        urlencode({"agency": code}),
    )


def section_funding_by_period(plan: Plan, params: Mapping[str, str]) -> Table:
    code = params.get("section", "")
    section = next((s for s in plan.sections if s.code == code), None)
    name = section.name.get(current_language()) if section else code
    return _by_period(
        plan,
        "section-funding-by-period",
        _("Funding of the section “%(section)s” by period") % {"section": name},
        section.figures.funding if section else {},
        urlencode({"section": code}),
    )


FILTERS = ("q", "section", "agency", "period", "source", "status")
NO_PROGRESS = Progress()


def activity_document(a: Activity) -> Document:
    """What the search reads of an activity: its name (the title), description, planned outputs
    and targets in each language, and the agencies responsible; found by its code too."""
    statements = [*a.outputs.values(), *a.kpi.values()]
    return Document(
        fields=(
            *(Field(getattr(a.name, lang), lang, title=True) for lang in LANGUAGES),
            *(Field(getattr(a.description, lang), lang) for lang in LANGUAGES),
            *(Field(getattr(s.text, lang), lang) for s in statements for lang in LANGUAGES),
            Field(a.responsible),
        ),
        codes=(a.code,),
    )


def search(
    plan: Plan, params: Mapping[str, str], progress: Progress = NO_PROGRESS
) -> list[Activity]:
    """Activities holding every word of the text (any language, any form of a word: see
    `core.search`) and matching the filters, the best match first (plan order without a text);
    `status` is the status of the latest approved report (see `reporting.progress`)."""
    query = parse(params.get("q", ""))
    found: list[tuple[Activity, Hit | None]] = []
    for a in plan.activities:
        hit = match(query, activity_document(a)) if query else None
        if query and (hit is None or not hit.complete):
            continue
        if params.get("section") and a.section != params["section"]:
            continue
        if params.get("agency") and params["agency"] not in a.agencies:
            continue
        if params.get("period") and params["period"] not in a.figures.funding:
            continue
        if params.get("source") and params["source"] not in a.figures.sources:
            continue
        if params.get("status") and progress.statuses.get(a.code, UNREPORTED) != params["status"]:
            continue
        found.append((a, hit))
    if query:
        found.sort(key=lambda pair: pair[1].order if pair[1] else ())
    return [a for a, _hit in found]


def activities(plan: Plan, params: Mapping[str, str], progress: Progress = NO_PROGRESS) -> Table:
    language = current_language()
    return Table(
        slug="activities",
        title=_("Activities"),
        columns=[
            "№",
            _("Activity"),
            _("Responsible"),
            _("Period"),
            _("Status"),
            *(p.code for p in plan.periods),
            _("Total"),
            *(s.abbreviation.get(language) for s in plan.sources),
        ],
        rows=[
            [
                a.code,
                a.name.get(language),
                ", ".join(a.agencies),
                a.period,
                str(STATUS_LABELS[progress.statuses.get(a.code, UNREPORTED)]),
                *(a.figures.funding.get(p.code) for p in plan.periods),
                a.figures.total,
                *(a.figures.sources.get(s.code) for s in plan.sources),
            ]
            for a in search(plan, params, progress)
        ],
        numeric=frozenset(range(5, 6 + len(plan.periods) + len(plan.sources))),
        query=urlencode({k: params[k] for k in FILTERS if params.get(k)} | _sample_query(progress)),
    )


def _rounded(value: Decimal | None, places: int) -> Decimal | None:
    """A computed figure to a sensible number of decimals (the page rounds further)."""
    return None if value is None else round(value, places)


def _sample_query(progress: Progress) -> dict[str, str]:
    return {"data": "sample"} if progress.sample else {}


def budget_execution(plan: Plan, params: Mapping[str, str], progress: Progress) -> Table:
    """Planned, committed and spent per lowest-level item, by budget period and by source."""
    language = current_language()
    rows: list[list[Cell]] = []
    execution = progress.execution
    for row in execution.activities if execution else []:
        lead = row.activity.agencies[0] if row.activity.agencies else None
        columns = [
            *((p.code, row.money.by_period[p.code]) for p in plan.periods),
            *((s.name.get(language), row.money.by_source[s.code]) for s in plan.sources),
            (_("Total"), row.money.total),
        ]
        for label, money in columns:
            rows.append(
                [
                    row.activity.code,
                    row.activity.name.get(language),
                    lead,
                    label,
                    money.planned,
                    money.committed,
                    money.spent,
                ]
            )
    return Table(
        slug="budget-execution",
        title=_("Budget execution"),
        columns=[
            "№",
            _("Activity"),
            _("Lead agency"),
            _("Period or source"),
            _("Planned"),
            _("Committed"),
            _("Spent"),
        ],
        rows=rows,
        numeric=frozenset({4, 5, 6}),
        query=urlencode(_sample_query(progress)),
    )


def earned_value(plan: Plan, params: Mapping[str, str], progress: Progress) -> Table:
    """Earned-value figures of every lowest-level item (formulas: docs/earned-value.md)."""
    language = current_language()
    execution = progress.execution
    rows: list[list[Cell]] = []
    for row in execution.activities if execution else []:
        assert execution is not None
        ev = execution.earned_value.activities[row.activity.code]
        rows.append(
            [
                row.activity.code,
                row.activity.name.get(language),
                row.progress,
                *(_rounded(v, 3) for v in (ev.bac, ev.pv, ev.ev, ev.ac, ev.sv, ev.cv)),
                *(_rounded(v, 4) for v in (ev.spi, ev.cpi)),
                _rounded(ev.eac, 3),
            ]
        )
    return Table(
        slug="earned-value",
        title=_("Earned value"),
        columns=[
            "№",
            _("Activity"),
            _("Physical progress, %"),
            *("BAC", "PV", "EV", "AC", "SV", "CV", "SPI", "CPI", "EAC"),
        ],
        rows=rows,
        numeric=frozenset(range(2, 12)),
        query=urlencode(_sample_query(progress)),
    )


def targets(plan: Plan, params: Mapping[str, str]) -> Table:
    language = current_language()
    years = plan.target_years
    return Table(
        slug="targets",
        title=_("Targets (KPI)"),
        columns=[
            "№",
            _("Activity"),
            *(_("Target by %(year)s") % {"year": y} for y in years),
        ],
        rows=[
            [
                a.code,
                a.name.get(language),
                *(a.kpi[y].text.get(language) if y in a.kpi else None for y in years),
            ]
            for a in plan.activities
            if a.kpi
        ],
    )


def activity_plan(plan: Plan, params: Mapping[str, str]) -> Table:
    code = params.get("activity", "")
    found = next((a for a in plan.activities if a.code == code), None)
    language = current_language()
    rows: list[list[Cell]] = []
    if found is not None:
        rows = [
            [
                p.code,
                found.outputs[p.code].text.get(language) if p.code in found.outputs else None,
                found.figures.funding.get(p.code),
            ]
            for p in plan.periods
        ]
        rows.append([_("Total"), None, found.figures.total])
    return Table(
        slug="activity-plan",
        title=_("Plan of %(code)s by period") % {"code": code},
        columns=[_("Period"), _("Planned output"), _amount_header(plan)],
        rows=rows,
        numeric=frozenset({2}),
        query=urlencode({"activity": code}),
    )


def audit_findings(
    plan: Plan, params: Mapping[str, str], found: Sequence[Finding] | None = None
) -> Table:
    """The findings given (the audit page's CSV gives the registry rules' too), else the plan
    audit's: the open data package describes an edition of the plan, which the reports and
    registries change after it is published."""
    from jasyl.domain.planaudit.rules import audit

    language = current_language()
    return Table(
        slug="audit-findings",
        title=_("Audit findings"),
        columns=[
            _("Severity"),
            _("Rule"),
            _("Activities"),
            _("Period or source"),
            _("Published"),
            _("Computed"),
            _("Finding"),
        ],
        rows=[
            [
                f.severity,
                f.rule,
                ", ".join(f.activities),
                f.period or f.source or (str(f.target_year) if f.target_year else None),
                f.published,
                f.computed,
                f.message.get(language),
            ]
            for f in (audit(plan) if found is None else found)
        ],
        numeric=frozenset({4, 5}),
    )


Builder = Callable[[Plan, Mapping[str, str]], Table]
TABLES: dict[str, Builder] = {
    "funding-by-period": funding_by_period,
    "funding-by-source": funding_by_source,
    "funding-by-section": funding_by_section,
    "funding-by-agency": funding_by_agency,
    "agency-funding-by-period": agency_funding_by_period,
    "section-funding-by-period": section_funding_by_period,
    "targets": targets,
    "activity-plan": activity_plan,
    "audit-findings": audit_findings,
}


# Tables that also show what approved reports say.
PROGRESS_TABLES: dict[str, Callable[[Plan, Mapping[str, str], Progress], Table]] = {
    "activities": activities,
    "budget-execution": budget_execution,
    "earned-value": earned_value,
}


def build(
    slug: str, plan: Plan, params: Mapping[str, Any], progress: Progress = NO_PROGRESS
) -> Table | None:
    if slug in PROGRESS_TABLES:
        return PROGRESS_TABLES[slug](plan, params, progress)
    builder = TABLES.get(slug)
    return builder(plan, params) if builder else None
