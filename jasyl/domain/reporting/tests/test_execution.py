"""Budget execution and earned value: every formula worked by hand, the which-reports-count
rules, and the fixed number of queries of `execution_for`.

Planned amounts are those of the bundled Green Almaty plan (million tenge). Activity 2.4 plans
39 in 2023 and 200 in 2024 (BAC 239), all local budget; its lead is ЭжҚОБ.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jasyl.domain.reporting.execution import (
    EarnedValue,
    Money,
    Report,
    Spending,
    budget_period,
    counted,
    default_as_of,
    elapsed_days,
    execution,
    execution_for,
    latest_progress,
    planned_value,
    spending_reports,
    total,
)
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod, ReportSpending
from jasyl.domain.reporting.workflow import period_dates
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.domain import Figures

PLAN = load_plan(programme_folder("green-almaty"))
D = Decimal


def report(
    activity: str = "2.4",
    year: int = 2023,
    quarter: int = 0,
    *,
    state: str = "approved",
    sample: bool = False,
    progress: str | None = None,
    spent: str | None = None,
    committed: str | None = None,
    source: str = "local",
) -> Report:
    """A report of a year (quarter 0) or a quarter, with one source's spending if given."""
    kind = "quarter" if quarter else "year"
    stated = committed is not None or spent is not None
    return Report(
        activity=activity,
        kind=kind,
        year=year,
        ends_on=period_dates(kind, year, quarter)[1],
        state=state,
        sample=sample,
        progress=None if progress is None else D(progress),
        spending={
            source: Spending(
                None if committed is None else D(committed), None if spent is None else D(spent)
            )
        }
        if stated
        else {},
    )


def at(as_of: str, *reports: Report, sample: bool = False, min_coverage: str = "0.5"):
    return execution(
        PLAN,
        list(reports),
        sample=sample,
        as_of=datetime.date.fromisoformat(as_of),
        min_coverage=D(min_coverage),
    )


def row(result, code: str):
    return next(r for r in result.activities if r.activity.code == code)


# --- which reports count ----------------------------------------------------------------------


def test_only_approved_reports_count():
    reports = [report(state=s) for s in ("draft", "submitted", "returned", "approved")]
    assert [r.state for r in counted(reports, sample=False, as_of=datetime.date(2030, 12, 31))] == [
        "approved"
    ]
    result = at(
        "2023-12-31",
        report(state="submitted", spent="50", progress="80"),
        report("2.4", 2023, 3, state="returned", spent="7"),
    )
    assert row(result, "2.4").money.total.spent is None
    assert row(result, "2.4").progress is None


def test_sample_and_official_reports_never_mix():
    official = report(spent="10", progress="20")
    sample = report(spent="30", progress="90", sample=True)
    assert row(at("2023-12-31", official, sample), "2.4").money.total.spent == 10
    assert row(at("2023-12-31", official, sample, sample=True), "2.4").money.total.spent == 30
    assert row(at("2023-12-31", official, sample, sample=True), "2.4").progress == 90


def test_reports_of_periods_ending_after_as_of_do_not_count():
    reports = [report("2.4", 2023, 1, spent="5"), report(spent="39")]
    # Q1 2023 ended on 31 March; the annual report only on 31 December.
    assert row(at("2023-06-30", *reports), "2.4").money.total.spent == 5
    assert row(at("2023-12-31", *reports), "2.4").money.total.spent == 39


def test_as_of_defaults_to_the_end_of_the_latest_approved_period():
    reports = [
        report("2.4", 2023, 2),
        report("2.4", 2024, 1, state="submitted"),
        report("2.4", 2024, 3, sample=True),
    ]
    today = datetime.date(2025, 5, 5)
    assert default_as_of(reports, sample=False, today=today) == datetime.date(2023, 6, 30)
    assert default_as_of(reports, sample=True, today=today) == datetime.date(2024, 9, 30)
    assert default_as_of([], sample=False, today=today) == today


def test_as_of_is_never_after_today(roadmap, monkeypatch):
    # The annual report of 2026 approved on 3 December 2026: "as of 31.12.2026" would be a
    # date in the future. Until its period ends it does not count, and the date is the end of
    # the latest period that has ended.
    make_report(roadmap, "2.4", 2025, progress="20", spending={"local": ("5", "5")})
    make_report(roadmap, "2.4", 2026, progress="60", spending={"local": ("9", "9")})
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 12, 3))
    found = execution_for(roadmap)
    assert found.as_of == datetime.date(2025, 12, 31)
    assert row(found, "2.4").money.total.spent == 5
    asked = execution_for(roadmap, as_of=datetime.date(2026, 12, 31))
    assert asked.as_of == datetime.date(2026, 12, 3)
    assert row(asked, "2.4").progress == 20


def test_an_annual_report_replaces_the_quarterly_reports_of_its_year():
    reports = [
        report("2.4", 2023, 1, spent="10"),
        report("2.4", 2023, 2, spent="20"),
        report("2.4", 2023, spent="25"),
        report("2.4", 2024, 1, spent="5"),
    ]
    assert {(r.year, r.kind) for r in spending_reports(reports)} == {
        (2023, "year"),
        (2024, "quarter"),
    }
    money = row(at("2024-12-31", *reports), "2.4").money
    # 2023: the annual 25, not 10 + 20 + 25; 2024: 5.
    assert money.by_period["2023"].spent == 25
    assert money.by_period["2024"].spent == 5
    assert money.total.spent == 30


def test_quarterly_reports_add_up_when_there_is_no_annual_report():
    reports = [report("2.4", 2024, q, spent=s, committed="40") for q, s in ((1, "10"), (2, "20"))]
    money = row(at("2024-12-31", *reports), "2.4").money
    # spent 10 + 20 = 30; committed 40 + 40 = 80
    assert money.by_period["2024"] == Money(planned=D(200), committed=D(80), spent=D(30))


def test_progress_is_that_of_the_latest_report_stating_one():
    q3 = report("2.4", 2023, 3, progress="40")
    q4 = report("2.4", 2023, 4, progress="55")
    annual = report("2.4", 2023, progress="60")
    blank = report("2.4", 2024, 1)
    assert latest_progress([q3, annual, q4, blank]) is annual  # same end as Q4: the year wins
    assert latest_progress([q3, q4]) is q4
    assert latest_progress([blank]) is None
    result = row(at("2024-03-31", q3, q4, annual, blank), "2.4")
    assert (result.progress, result.progress_on) == (60, datetime.date(2023, 12, 31))


# --- budget execution -------------------------------------------------------------------------


def test_a_calendar_year_maps_to_the_budget_period_containing_it():
    assert budget_period(PLAN.periods, 2022).code == "2022"
    assert budget_period(PLAN.periods, 2027).code == "2026-2030"
    with pytest.raises(ValueError, match="2031"):
        budget_period(PLAN.periods, 2031)
    money = row(at("2027-12-31", report("2.4", 2027, spent="3")), "2.4").money
    # 2.4 plans nothing for 2026-2030: spent 3 against "not stated", so no rate.
    assert money.by_period["2026-2030"] == Money(spent=D(3))
    assert money.by_period["2026-2030"].rate is None


def test_execution_by_period_and_source_with_rates():
    reports = [
        report("2.4", 2023, spent="39", committed="50"),
        report("2.4", 2024, 2, spent="20"),
        report("2.4", 2024, 4, spent="41", progress="50"),
    ]
    money = row(at("2024-12-31", *reports), "2.4").money
    assert money.by_period["2022"] == Money()
    # 2023: 39 / 39 = 1
    assert money.by_period["2023"] == Money(D(39), D(50), D(39))
    assert money.by_period["2023"].rate == 1
    # 2024: 20 + 41 = 61 spent of 200 planned: 61 / 200 = 0.305
    assert money.by_period["2024"].rate == D("0.305")
    # total: 39 + 200 = 239 planned, 39 + 20 + 41 = 100 spent, committed 50
    assert money.total == Money(D(239), D(50), D(100))
    assert money.total.rate == D(100) / D(239)
    # by source: 2.4 is wholly local budget (239); nothing republican is stated
    assert money.by_source["local"] == Money(D(239), D(50), D(100))
    assert money.by_source["republican"] == Money()


def test_planned_by_source_is_the_activitys_source_cells():
    # 2.1 plans 250 local and 88 private over the whole plan.
    result = at(
        "2023-12-31",
        report("2.1", 2023, spent="100", source="local"),
        report("2.1", 2023, 4, spent="10", source="private"),
    )
    money = row(result, "2.1").money
    # local: 100 / 250 = 0.4; private: the annual report (local only) replaces Q4 of 2023
    assert money.by_source["local"] == Money(planned=D(250), spent=D(100))
    assert money.by_source["local"].rate == D("0.4")
    assert money.by_source["private"] == Money(planned=D(88))


def test_parent_items_are_not_counted_twice():
    result = at(
        "2023-12-31",
        report("2", 2023, spent="1000", progress="99"),  # a parent item: not counted
        report("2.4", 2023, spent="39"),
    )
    assert "2" not in {r.activity.code for r in result.activities}
    assert result.total.spent == 39
    # environment: parents 2, 3 and 5 are counted through their sub-items:
    # 338 + 62440 + 4153 + 239 + 6380 (= 73550, item 2) + 79604 + 44355 (= 123959, item 3)
    # + 900 + 35360 (items 5.1-5.4) + 2748 + 34721 + 62492 + 730 = 334460
    assert result.sections["environment"].total.planned == 334460
    assert result.sections["environment"].total.spent == 39
    assert result.earned_value.sections["environment"].bac == 334460


def test_sections_sources_and_periods_sum_the_leaves():
    result = at("2023-12-31", report("1.1", 2023, spent="7"), report("2.4", 2023, spent="39"))
    assert result.sections["air"].total.spent == 7
    assert result.sections["waste"].total.spent is None
    # planned by source over the leaves: local 345145 as published; no leaf states republican
    assert result.sources["local"] == Money(planned=D(345145), spent=D(46))
    assert result.sources["republican"].planned is None
    # 2023 over the leaves: 51428 (the document's grand total prints 51458)
    assert result.by_period["2023"] == Money(planned=D(51428), spent=D(46))
    assert result.total.planned == sum(s.total.planned for s in result.sections.values())


def test_agencies_are_credited_with_the_items_they_lead_only():
    # 12.3 is led by ББ with ЭжҚОБ as co-executor: 150 planned (75 local, 75 private).
    result = at("2023-12-31", report("12.3", 2023, spent="60", progress="40"))
    assert result.agencies["ББ"].total == Money(planned=D(150), spent=D(60))
    assert result.agencies["ББ"].by_source["private"].planned == 75
    assert result.agencies["ЭжҚОБ"].total.spent is None
    assert "Жетісу ауданының әкімдігі" not in result.agencies  # co-executes 2.4, leads nothing
    # ЭжСЖБ leads only items without published amounts: its planned is None, not 0
    assert result.agencies["ЭжСЖБ"].total.planned is None
    assert total(a.total.planned for a in result.agencies.values()) == result.total.planned
    # EV of ББ = 40 % x 150 = 60
    assert result.earned_value.agencies["ББ"].ev == 60


# --- earned value ------------------------------------------------------------------------------


def test_elapsed_days_are_linear_over_calendar_days():
    p2023 = PLAN.period("2023")
    assert elapsed_days(p2023, datetime.date(2022, 12, 31)) == (0, 365)
    assert elapsed_days(p2023, datetime.date(2023, 1, 1)) == (1, 365)
    assert elapsed_days(p2023, datetime.date(2023, 3, 31)) == (90, 365)  # 31 + 28 + 31
    assert elapsed_days(p2023, datetime.date(2024, 5, 1)) == (365, 365)
    # 2026-2030 has 5 x 365 + 1 (29 February 2028) = 1826 days; 2026 and 2027 are 730
    assert elapsed_days(PLAN.period("2026-2030"), datetime.date(2027, 12, 31)) == (730, 1826)


def test_planned_value():
    funding = {"2023": D(365), "2024": D(366), "2026-2030": D(1826)}
    # 2023 whole (365) + 2024 to 31 March (31 + 29 + 31 = 91 of 366: 91) + nothing of 2026-2030
    assert planned_value(funding, PLAN.periods, datetime.date(2024, 3, 31)) == 365 + 91
    # 365 + 366 + 730 of 1826 days x 1826 / 1826 = 1461
    assert planned_value(funding, PLAN.periods, datetime.date(2027, 12, 31)) == 1461
    assert planned_value({}, PLAN.periods, datetime.date(2027, 12, 31)) is None


def test_planned_value_is_zero_before_the_activity_starts():
    # 2.4 plans nothing before 2023: PV 0, so SPI cannot be computed
    ev = at("2022-12-31", report("2.4", 2022, progress="5")).earned_value.activities["2.4"]
    assert ev.pv == 0
    assert ev.ev == D("11.95")  # 5 % x 239
    assert ev.spi is None
    assert ev.sv == D("11.95")


def test_earned_value_worked_example():
    reports = [
        report("2.4", 2023, spent="39"),
        report("2.4", 2024, 2, spent="20"),
        report("2.4", 2024, 4, spent="41", progress="50"),
    ]
    ev = at("2024-12-31", *reports).earned_value.activities["2.4"]
    assert ev.bac == 239  # 39 + 200
    assert ev.pv == 239  # both periods wholly elapsed
    assert ev.ev == D("119.5")  # 50 % x 239
    assert ev.ac == 100  # 39 + 20 + 41
    assert ev.sv == D("-119.5")  # 119.5 - 239
    assert ev.cv == D("19.5")  # 119.5 - 100
    assert ev.spi == D("0.5")  # 119.5 / 239
    assert ev.cpi == D("1.195")  # 119.5 / 100
    assert ev.eac == 200  # 239 / 1.195 = 100 + (239 - 119.5) / 1.195
    assert ev.vac == 39  # 239 - 200


def test_earned_value_part_way_through_a_period():
    # 2.4 at 30 June 2023: 181 of 365 days of 2023 (31+28+31+30+31+30), nothing of 2024
    reports = [report("2.4", 2023, 2, spent="10", progress="8")]
    ev = at("2023-06-30", *reports).earned_value.activities["2.4"]
    assert ev.pv == D(39) * 181 / 365  # 19.3397...
    assert ev.ev == D("19.12")  # 8 % x 239
    assert ev.spi == D("19.12") / (D(39) * 181 / 365)
    assert ev.cpi == D("1.912")  # 19.12 / 10


def test_ratios_with_a_zero_or_missing_denominator_are_none():
    zero_cost = EarnedValue(bac=D(239), pv=D(100), ev=D(50), ac=D(0))
    assert (zero_cost.cpi, zero_cost.eac, zero_cost.vac) == (None, None, None)
    assert zero_cost.cv == 50
    assert zero_cost.spi == D("0.5")
    nothing_earned = EarnedValue(bac=D(239), pv=D(100), ev=D(0), ac=D(10))
    assert nothing_earned.cpi == 0
    assert nothing_earned.eac is None  # 239 / 0
    unknown = EarnedValue(bac=D(239), pv=D(100))
    assert (unknown.sv, unknown.cv, unknown.spi, unknown.cpi, unknown.eac) == (None,) * 5
    assert Money(planned=D(0), spent=D(5)).rate is None
    assert Money(spent=D(5)).rate is None


def test_actual_cost_zero_gives_no_cpi():
    ev = at("2023-12-31", report("2.4", 2023, spent="0", progress="10")).earned_value
    assert ev.activities["2.4"].ac == 0
    assert ev.activities["2.4"].cpi is None


def test_rollups_sum_the_leaves_and_compute_ratios_from_the_sums():
    reports = [
        report("2.4", 2023, spent="39", progress="50"),  # EV 119.5, PV 39 (2023 elapsed)
        report("4", 2023, spent="500", progress="40"),  # 4: 450 + 450 = 900; EV 360, PV 450
    ]
    result = at("2023-12-31", *reports, min_coverage="0")
    assert row(result, "4").activity.section == "environment"
    ev = result.earned_value
    assert ev.activities["4"].spi == D("0.8")  # 360 / 450
    assert ev.activities["4"].cpi == D("0.72")  # 360 / 500
    lead = ev.agencies["ЭжҚОБ"]  # leads both 2.4 and 4
    assert lead.ev == D("479.5")  # 119.5 + 360, only the leaves that report progress
    assert lead.ac == 539  # 39 + 500
    assert lead.cpi == D("479.5") / D(539)  # from the sums, not an average of 3.06 and 0.72
    assert ev.sections["environment"].ev == D("479.5")
    assert ev.total.ac == 539
    assert ev.sections["air"].ev is None  # nothing reported there


def test_rollup_ratios_are_withheld_below_the_coverage_threshold():
    # One reporting leaf of 37: 2.4 holds 239 of the 451 419 the leaves plan.
    alone = at("2023-12-31", report("2.4", 2023, spent="39", progress="50")).earned_value.total
    assert (alone.items, alone.reported, alone.reported_bac) == (37, 1, 239)
    assert alone.coverage == D(239) / D(451419)
    assert alone.withheld
    assert alone.ev == D("119.5") and alone.ac == 39  # the sums are still shown
    assert (alone.spi, alone.cpi, alone.eac, alone.sv, alone.cv, alone.vac) == (None,) * 6
    shown = at(
        "2023-12-31", report("2.4", 2023, spent="39", progress="50"), min_coverage="0.0005"
    ).earned_value.total
    assert not shown.withheld and shown.cpi == D("119.5") / 39
    with pytest.raises(ValueError, match="min_coverage"):
        at("2023-12-31", min_coverage="1.5")


def test_without_reports_nothing_is_made_up():
    result = at("2024-12-31")
    assert all(r.progress is None and r.money.total.spent is None for r in result.activities)
    assert result.total.spent is None
    assert result.total.rate is None
    assert result.earned_value.total.ev is None
    assert result.earned_value.total.pv == sum(
        (e.pv for e in result.earned_value.activities.values() if e.pv is not None), D(0)
    )
    assert result.earned_value.total.spi is None


def test_an_activity_without_planned_amounts_has_no_bac():
    # 1.2 states no funding at all
    ev = at("2022-12-31", report("1.2", 2022, progress="100")).earned_value.activities["1.2"]
    assert (ev.bac, ev.pv, ev.ev) == (None, None, None)


def test_figures_are_never_rounded():
    plan = dataclasses.replace(
        PLAN,
        activities=[
            dataclasses.replace(a, figures=Figures(funding={"2023": D(1)}))
            if a.code == "2.4"
            else a
            for a in PLAN.activities
        ],
    )
    ev = execution(
        plan,
        [report("2.4", 2023, progress="33.33", spent="0.3")],
        sample=False,
        as_of=datetime.date(2023, 12, 31),
    ).earned_value.activities["2.4"]
    assert ev.ev == D("0.3333")
    assert ev.cpi == D("0.3333") / D("0.3")


# --- from the database -------------------------------------------------------------------------


def make_report(
    programme,
    code: str,
    year: int,
    quarter: int = 0,
    *,
    state: str = "approved",
    sample: bool = False,
    progress: str | None = None,
    spending: dict[str, tuple[str, str]] | None = None,
) -> ProgressReport:
    kind = "quarter" if quarter else "year"
    starts_on, ends_on = period_dates(kind, year, quarter)
    period, _ = ReportingPeriod.objects.get_or_create(
        programme=programme,
        kind=kind,
        year=year,
        quarter=quarter,
        sample=sample,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "due_on": ends_on},
    )
    saved = ProgressReport.objects.create(
        activity=programme.activities.get(code=code),
        period=period,
        state=state,
        progress=None if progress is None else D(progress),
    )
    for source, (committed, spent) in (spending or {}).items():
        ReportSpending.objects.create(
            report=saved,
            source=programme.sources.get(code=source),
            committed=D(committed),
            spent=D(spent),
        )
    return saved


def test_execution_for_reads_the_approved_reports(roadmap):
    make_report(roadmap, "2.4", 2023, progress="20", spending={"local": ("50", "39")})
    make_report(roadmap, "2.4", 2023, 3, spending={"local": ("1", "1")})  # replaced by the year
    make_report(roadmap, "2.4", 2024, 1, state="submitted", spending={"local": ("9", "9")})
    make_report(roadmap, "2.4", 2024, sample=True, progress="90", spending={"local": ("0", "99")})

    official = execution_for(roadmap)
    assert official.as_of == datetime.date(2023, 12, 31)
    assert not official.sample
    two_four = row(official, "2.4")
    assert two_four.money.total == Money(planned=D(239), committed=D(50), spent=D(39))
    assert two_four.progress == 20
    # EV 20 % x 239 = 47.8; PV at the end of 2023 = 39; AC 39
    assert official.earned_value.activities["2.4"] == EarnedValue(
        bac=D(239), pv=D(39), ev=D("47.8"), ac=D(39), items=1, reported=1, reported_bac=D(239)
    )

    sample = execution_for(roadmap, sample=True)
    assert sample.as_of == datetime.date(2024, 12, 31)
    assert row(sample, "2.4").money.total.spent == 99
    assert row(sample, "2.4").progress == 90

    earlier = execution_for(roadmap, as_of=datetime.date(2023, 9, 30))
    assert row(earlier, "2.4").money.total.spent == 1
    assert row(earlier, "2.4").progress is None


def test_execution_for_without_reports(roadmap):
    result = execution_for(roadmap)
    assert result.as_of == timezone.localdate()
    assert result.total.spent is None
    assert result.earned_value.total.ev is None


def test_execution_for_reads_in_a_fixed_number_of_queries(roadmap, django_assert_max_num_queries):
    from django.core.cache import cache

    make_report(roadmap, "2.4", 2023, progress="20", spending={"local": ("50", "39")})
    with CaptureQueriesContext(connection) as few:
        execution_for(roadmap)
    leaves = [r.activity.code for r in execution_for(roadmap).activities]
    for code in leaves:
        for quarter in (1, 2, 3, 4):
            make_report(
                roadmap,
                code,
                2024,
                quarter,
                progress=str(10 * quarter),
                spending={"local": ("2", "1"), "private": ("4", "3")},
            )
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        many = execution_for(roadmap)
    assert many.as_of == datetime.date(2024, 12, 31)
    # every leaf reported local 1 and private 3 a quarter: (1 + 3) x 4 x the number of leaves
    assert many.total.spent == 39 + 16 * len(leaves)
