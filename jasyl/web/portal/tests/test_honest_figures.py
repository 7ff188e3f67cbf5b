"""The dashboard says which total is which, how much of the programme its earned-value figures
rest on, and how many activities have each status."""

import csv
import io

from jasyl.testing.reports import approved_reports

DASHBOARD = "/en/programmes/green-almaty/"


def test_the_dashboard_names_both_totals_and_links_the_finding_that_explains_them(client, roadmap):
    html = client.get(DASHBOARD).content.decode()
    # The published grand total, and the sum of the items, which item 10's sub-items make
    # 100 smaller: the finding is on item 10's page.
    assert "451,519" in html and "451,419" in html
    assert 'href="#planned-gap"' in html and 'id="planned-gap"' in html
    assert 'href="/en/programmes/green-almaty/activities/10/#findings"' in html
    assert "The sub-items of 10 add up to 10,545 in the total, but 10 states 10,645." in html


def test_programme_ratios_from_one_report_of_37_are_withheld_and_the_coverage_said(client, roadmap):
    approved_reports(roadmap, ["1.1"], year=2023)
    html = client.get(DASHBOARD).content.decode()
    assert "Based on 1 of 37 items that reported their progress, 0.1\u00a0% of the budget." in html
    assert "are withheld" in html and html.count(">withheld<") == 3  # SPI, CPI, EAC
    # The status chart: one activity on track, 36 without an approved report.
    assert html.count('<figure class="chart">') == 5
    assert 'id="chart-activity-statuses">Activities by status</figcaption>' in html
    rows = list(
        csv.reader(
            io.StringIO(client.get(DASHBOARD + "data/activity-statuses.csv").content.decode())
        )
    )
    assert rows[0] == ["Status", "Activities"]
    assert ["On track", "1"] in rows and ["No approved report yet", "36"] in rows
