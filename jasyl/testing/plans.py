"""Small synthetic plans for tests: build exactly the rows a test needs, nothing more."""

from __future__ import annotations

from decimal import Decimal

from jasyl.core.i18n import Text
from jasyl.domain.roadmap.domain import (
    Activity,
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


def d(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def figures(
    funding: dict[str, int | str] | None = None,
    total: int | str | None = None,
    sources: dict[str, int | str] | None = None,
) -> Figures:
    return Figures(
        funding={k: Decimal(str(v)) for k, v in (funding or {}).items()},
        total=d(total),
        sources={k: Decimal(str(v)) for k, v in (sources or {}).items()},
    )


def quantity(
    measure: str, value: int | str, basis: str | None = None, year: int | None = None
) -> Quantity:
    return Quantity(measure=measure, value=Decimal(str(value)), unit="item", basis=basis, year=year)


def activity(
    code: str,
    funding: dict[str, int | str] | None = None,
    total: int | str | None = None,
    sources: dict[str, int | str] | None = None,
    *,
    section: str = "s1",
    period: str = "2022-2030",
    outputs: dict[str, list[Quantity]] | None = None,
    kpi: dict[int, list[Quantity]] | None = None,
    baselines: list[Quantity] | None = None,
) -> Activity:
    return Activity(
        code=code,
        section=section,
        name=Text(f"Іс-шара {code}", f"Мероприятие {code}", f"Activity {code}"),
        responsible="ЭжҚОБ",
        agencies=["ЭжҚОБ"],
        period=period,
        ranges=parse_ranges(period),
        figures=figures(funding, total, sources),
        outputs={p: Statement(Text(f"output {p}"), q) for p, q in (outputs or {}).items()},
        kpi={y: Statement(Text(f"kpi {y}"), q) for y, q in (kpi or {}).items()},
        baselines=baselines or [],
    )


def plan(
    activities: list[Activity],
    sections: dict[str, Figures] | None = None,
    grand_total: Figures | None = None,
) -> Plan:
    """A plan of the given activities; sections default to one section holding all of them."""
    sections = sections or {"s1": Figures()}
    return Plan(
        code="test",
        name=Text("Сынақ", "Тест", "Test"),
        source_document=Text("Құжат", "Документ", "Document"),
        approval_act="",
        parent_programme=Text(""),
        currency="KZT",
        amount_unit="mln_kzt",
        amount_scale=1_000_000,
        amount_unit_name=Text("млн тг.", "млн тг.", "million tenge"),
        footnote=Text(""),
        grand_total_label=Text("БАРЛЫҒЫ", "ВСЕГО", "TOTAL"),
        periods=[
            Period("2022", 2022, 2022),
            Period("2023", 2023, 2023),
            Period("2024", 2024, 2024),
            Period("2025", 2025, 2025),
            Period("2026-2030", 2026, 2030),
        ],
        target_years=[2025, 2030],
        sources=[
            FundingSource(
                "local", Text("ЖБ"), Text("Жергілікті бюджет", "Местный бюджет", "Local budget")
            ),
            FundingSource(
                "republican",
                Text("РБ"),
                Text("Республикалық бюджет", "Республиканский бюджет", "Republican budget"),
            ),
            FundingSource(
                "private",
                Text("ЖИ"),
                Text("Жеке инвестициялар", "Частные инвестиции", "Private investment"),
            ),
        ],
        units=[Unit("item", "count", Text("бірлік", "ед.", "units"))],
        measures=[
            Measure("stations", "item", Text("станциялар", "станции", "stations")),
            Measure("emissions", "item", Text("шығарындылар", "выбросы", "emissions")),
        ],
        agencies=[],
        sections=[
            Section(
                code=code,
                name=Text(f"Бөлім {code}", f"Раздел {code}", f"Section {code}"),
                subtotal_label=Text(f"{code} қорытынды", f"Итого {code}", f"Total {code}"),
                figures=section_figures,
                activities=[a.code for a in activities if a.section == code],
            )
            for code, section_figures in sections.items()
        ],
        activities=activities,
        grand_total=grand_total or Figures(),
    )
