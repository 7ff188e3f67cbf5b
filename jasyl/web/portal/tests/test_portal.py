import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation

from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.summaries import headline_targets, leaves, portfolios
from jasyl.web.common.charts.bars import bar_chart
from jasyl.web.common.tables import activities, search

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plan():
    return load_plan(programme_folder("green-almaty"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("зарядтау", {"1.4"}),  # Kazakh
        ("зарядных", {"1.4"}),  # Russian
        ("charging", {"1.4"}),  # English
        ("ЭЛЕКТРОМОБИЛЬДЕРДІ", {"1.4"}),
        ("электромобильдерди", {"1.4"}),  # і typed as и
        ("питомник", {"2.5"}),
    ],
)
def test_search_finds_an_activity_in_any_language(plan, query, expected):
    assert {a.code for a in search(plan, {"q": query})} >= expected


def test_search_filters_combine(plan):
    found = search(plan, {"section": "waste", "source": "private", "period": "2022"})
    assert [a.code for a in found] == ["10", "10.3", "10.4"]
    assert [a.code for a in search(plan, {"agency": "ББ"})] == ["12.3"]


def test_agency_sums_count_each_item_once(plan):
    led = sum((p.total for p in portfolios(plan)), Decimal(0))
    assert led == sum((a.figures.total or Decimal(0) for a in leaves(plan)), Decimal(0))
    ecology = next(p for p in portfolios(plan) if p.agency.code == "ЭжҚОБ")
    assert "1.4" in [a.code for a in ecology.co_executor]
    assert "1" in [a.code for a in ecology.lead]


def test_headline_targets_are_the_roadmaps_own(plan):
    found = {
        h.measure.code: (h.baseline.value if h.baseline else None, h.targets)
        for h in headline_targets(plan)
    }
    assert found["air_emissions"] == (Decimal(127), {2025: Decimal(113), 2030: Decimal(78)})
    assert found["green_fund_trees"] == (
        Decimal(4000000),
        {2025: Decimal(5200000), 2030: Decimal(6500000)},
    )
    assert found["recyclables_collected"] == (None, {2025: Decimal(5), 2030: Decimal(10)})


def test_the_largest_bar_spans_the_chart(plan):
    with translation.override("en"):
        chart = bar_chart(activities(plan, {"section": "air"}), value_column=9)
    widths = {bar.label: bar.width for bar in chart.bars}
    assert widths["1"] == max(widths.values())
    assert widths["1.2"] == 0  # not stated


def test_the_dashboard_shows_the_headline_targets_and_charts(client, roadmap):
    html = client.get("/en/").content.decode()
    assert "Headline targets" in html
    assert "5.2 million" in html and "6.5 million" in html and "4 million" in html
    assert html.count('<figure class="chart">') == 5  # the statuses and four of the money
    assert html.count('role="img"') == 5
    assert "223,227" in html  # 2026-2030, in the chart and its data table
    kk = client.get("/kk/").content.decode()
    assert "5,2 миллион" in kk


def test_every_chart_downloads_as_csv_with_the_same_figures(client, roadmap):
    response = client.get("/ru/programmes/green-almaty/data/funding-by-period.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="green-almaty-funding-by-period.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Период", "Финансирование, млн тг."]
    assert rows[1:] == [["2022", "14055"], ["2023", "51458"], ["2024", "93456"],
                        ["2025", "69323"], ["2026-2030", "223227"]]  # fmt: skip


def test_search_results_download_with_their_filters(client, roadmap):
    page = client.get("/en/programmes/green-almaty/activities/?q=charging").content.decode()
    assert "1 activity found" in page
    assert "data/activities.csv?q=charging" in page
    response = client.get("/en/programmes/green-almaty/data/activities.csv?q=charging")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows[1:]] == ["1.4"]


def test_an_unknown_table_is_not_found(client, roadmap):
    assert client.get("/en/programmes/green-almaty/data/nothing.csv").status_code == 404


def test_the_agency_page_lists_its_portfolio(client, roadmap):
    html = client.get("/en/programmes/green-almaty/agencies/ҚМБ/").content.decode()
    assert "Department of Urban Mobility of Almaty" in html
    assert "As lead agency" in html and "As co-executor" in html
    assert "/activities/1.7/" in html  # leads 1.7
    assert client.get("/en/programmes/green-almaty/agencies/NOPE/").status_code == 404


def test_the_section_page_shows_its_subtotal_activities_and_findings(client, roadmap):
    html = client.get("/en/programmes/green-almaty/sections/waste/").content.decode()
    assert "109,411" in html
    assert "The sub-items of 10 add up to 21 in 2022, but 10 states 31." in html
    assert client.get("/en/programmes/green-almaty/sections/nope/").status_code == 404


def test_the_targets_page_lists_every_kpi(client, roadmap, plan):
    html = client.get("/en/programmes/green-almaty/targets/").content.decode()
    with_kpi = [a for a in plan.activities if a.kpi]
    assert html.count('<td class="code">') == len(with_kpi)
    assert "Target by 2030" in html


@pytest.mark.parametrize(
    ("page", "download"),
    [
        ("/en/programmes/green-almaty/roadmap/", "data/activities.csv?section=waste"),
        ("/en/programmes/green-almaty/roadmap/", "data/funding-by-period.csv"),
        ("/en/programmes/green-almaty/activities/1.4/", "data/activity-plan.csv?activity=1.4"),
        ("/en/programmes/green-almaty/audit/", "data/audit-findings.csv"),
        ("/en/programmes/green-almaty/targets/", "data/targets.csv"),
        ("/en/programmes/green-almaty/agencies/", "data/funding-by-agency.csv"),
        (
            "/en/programmes/green-almaty/sections/air/",
            "data/section-funding-by-period.csv?section=air",
        ),
    ],
)
def test_every_table_has_a_working_download(client, roadmap, page, download):
    assert download in client.get(page).content.decode().replace("&amp;", "&")
    response = client.get("/en/programmes/green-almaty/" + download)
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) > 1


def test_the_audit_download_has_every_finding_in_the_pages_language(client, roadmap):
    response = client.get("/kk/programmes/green-almaty/data/audit-findings.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # A header and 19 findings (three of them on item 10.2's description since that rule).
    assert len(rows) == 20
    assert "бүкіл базалық мәннен" in response.content.decode()


def test_the_dashboard_offers_the_progress_report_of_each_closed_period(client, roadmap):
    from jasyl.testing.reports import approved_reports

    approved_reports(roadmap, ["2.2"], year=2023)
    approved_reports(roadmap, ["2.2"], year=2024, sample=True)
    page = client.get("/en/programmes/green-almaty/").content.decode()
    assert '/en/programmes/green-almaty/reports/2023.pdf">2023</a>' in page
    assert "sample-2024.pdf" not in page
    sample = client.get("/en/programmes/green-almaty/?data=sample").content.decode()
    assert "sample-2024.pdf" in sample and "/reports/2023.pdf" not in sample
