"""The plan's public machine-readable shapes (docs/interfaces.md): JSON and one flat CSV table.

Built from the plain `Plan`, so the dataset, the database and history snapshots share them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jasyl.core.i18n import Text
from jasyl.core.numbers import json_number
from jasyl.core.spreadsheets import csv_document
from jasyl.domain.roadmap.domain import Figures, Plan, Statement


def _funding(plan: Plan, figures: Figures) -> dict[str, Any]:
    return {p.code: json_number(figures.funding.get(p.code)) for p in plan.periods}


def _sources(plan: Plan, figures: Figures) -> dict[str, Any]:
    return {s.code: json_number(figures.sources.get(s.code)) for s in plan.sources}


def _quantities(statement: Statement) -> list[dict[str, Any]]:
    return [
        {"measure": q.measure, "value": json_number(q.value), "unit": q.unit}
        | ({"basis": q.basis} if q.basis else {})
        for q in statement.quantities
    ]


def _translations(text: Text) -> dict[str, str]:
    return {"ru": text.ru, "en": text.en}


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """The plan as published: every figure in the amount unit, null where nothing is stated."""
    years = [str(y) for y in plan.target_years]
    return {
        "plan": {
            "code": plan.code,
            "name": plan.name.as_dict(),
            "source_document": plan.source_document.as_dict(),
            "approval_act": plan.approval_act or None,
            "parent_programme": plan.parent_programme.as_dict(),
            "currency": plan.currency,
            "amount_unit": plan.amount_unit,
            "amount_scale": plan.amount_scale,
            "target_years": plan.target_years,
            "funding_sources": [
                {"code": s.code, "abbreviation": s.abbreviation.as_dict(), "name": s.name.as_dict()}
                for s in plan.sources
            ],
            "footnote": plan.footnote.as_dict(),
        },
        "periods": [p.code for p in plan.periods],
        "sections": [
            {
                "code": s.code,
                "name": s.name.as_dict(),
                "activities": s.activities,
                "funding": _funding(plan, s.figures),
                "total": json_number(s.figures.total),
                "sources": _sources(plan, s.figures),
            }
            for s in plan.sections
        ],
        "grand_total": {
            "funding": _funding(plan, plan.grand_total),
            "total": json_number(plan.grand_total.total),
            "sources": _sources(plan, plan.grand_total),
        },
        "agencies": [
            {"code": a.code, "kind": a.kind, "name": a.name.as_dict(), "verified": a.verified}
            for a in plan.agencies
        ],
        "measures": [
            {"code": m.code, "unit": m.unit, "name": m.name.as_dict()} for m in plan.measures
        ],
        "activities": [
            {
                "code": a.code,
                "parent": a.parent,
                "section": a.section,
                "name": a.name.as_dict(),
                "agencies": a.agencies,
                "responsible": a.responsible,
                "period": a.period,
                "implementation": [list(r) for r in a.ranges],
                "outputs": {
                    p.code: a.outputs[p.code].text.kk if p.code in a.outputs else None
                    for p in plan.periods
                },
                "funding": _funding(plan, a.figures),
                "total": json_number(a.figures.total),
                "sources": _sources(plan, a.figures),
                "kpi": {y: a.kpi[int(y)].text.kk if int(y) in a.kpi else None for y in years},
                "description": a.description.kk,
                "quantities": {
                    "outputs": {p: _quantities(s) for p, s in a.outputs.items() if s.quantities},
                    "kpi": {str(y): _quantities(s) for y, s in a.kpi.items() if s.quantities},
                    "baselines": [
                        {
                            "measure": q.measure,
                            "value": json_number(q.value),
                            "unit": q.unit,
                            "year": q.year,
                        }
                        for q in a.baselines
                    ],
                },
                "translations": {
                    "outputs": {p: _translations(s.text) for p, s in a.outputs.items()},
                    "kpi": {str(y): _translations(s.text) for y, s in a.kpi.items()},
                    "description": _translations(a.description),
                },
                "references": [r.as_dict() for r in a.references],
                "funded_elsewhere": a.funded_elsewhere,
                "notes": a.notes.as_dict(),
            }
            for a in plan.activities
        ],
    }


def plan_as_csv(plan: Plan) -> str:
    """One flat table in the document's layout: activity rows, subtotal rows, the grand total."""
    periods = [p.code for p in plan.periods]
    sources = [s.code for s in plan.sources]
    years = [str(y) for y in plan.target_years]
    header = [
        "row_type", "code", "parent", "section", "name_kk", "name_ru", "name_en", "agencies",
        "period", *(f"output_{p}" for p in periods), *(f"funding_{p}" for p in periods), "total",
        *(f"source_{s}" for s in sources), *(f"kpi_{y}" for y in years), "description",
    ]  # fmt: skip

    def money(figures: Figures) -> list[Decimal | None]:
        return [
            *(figures.funding.get(p) for p in periods),
            figures.total,
            *(figures.sources.get(s) for s in sources),
        ]

    rows: list[list[object]] = []
    for section in plan.sections:
        for code in section.activities:
            a = plan.activity(code)
            rows.append([
                "activity", a.code, a.parent or "", a.section, a.name.kk, a.name.ru, a.name.en,
                ", ".join(a.agencies), a.period,
                *(a.outputs[p].text.kk if p in a.outputs else "" for p in periods),
                *money(a.figures),
                *(a.kpi[int(y)].text.kk if int(y) in a.kpi else "" for y in years),
                a.description.kk,
            ])  # fmt: skip
        label = section.subtotal_label
        rows.append([
            "subtotal", "", "", section.code, label.kk, label.ru, label.en, "", "",
            *([""] * len(periods)), *money(section.figures), *([""] * len(years)), "",
        ])  # fmt: skip
    label = plan.grand_total_label
    rows.append([
        "grand_total", "", "", "", label.kk, label.ru, label.en, "", "", *([""] * len(periods)),
        *money(plan.grand_total), *([""] * len(years)), "",
    ])  # fmt: skip
    # Amounts are written as numbers; a text a spreadsheet would run is quoted in front.
    return csv_document(header, rows)
