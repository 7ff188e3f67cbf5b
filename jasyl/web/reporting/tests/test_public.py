"""What the public sees of progress: only approved official reports; sample data only when
asked for, and marked as sample everywhere."""

import csv
import io
from decimal import Decimal

import pytest

from jasyl.testing.reports import approved_reports

pytestmark = pytest.mark.django_db
BASE = "/en/programmes/green-almaty"


def test_an_approved_report_shows_on_the_activity_page_and_in_the_counts(client, roadmap):
    approved_reports(roadmap, ["2.2"], status="delayed", progress=Decimal("42.5"))
    page = client.get(f"{BASE}/activities/2.2/").content.decode()
    assert "Report on 2.2 for 2023" in page
    assert "42.5" in page and "Delayed" in page
    home = client.get(f"{BASE}/").content.decode()
    link = '<a href="/en/programmes/green-almaty/activities/?status=delayed">'
    assert f'<span class="stat">1</span> {link}' in home


def test_reports_not_yet_approved_are_not_public(client, roadmap):
    (report,) = approved_reports(roadmap, ["2.2"])
    report.state = "submitted"
    report.save()
    page = client.get(f"{BASE}/activities/2.2/").content.decode()
    assert "Report on 2.2" not in page
    assert "No approved progress report yet." in page


def test_search_filters_by_status_and_a_parent_takes_its_sub_items_status(client, roadmap):
    approved_reports(roadmap, ["10.1", "10.2", "10.3", "10.4"], status="on_track")
    approved_reports(roadmap, ["2.2"], status="delayed")
    page = client.get(f"{BASE}/activities/?status=on_track").content.decode()
    for code in ("10.1", "10.2", "10.3", "10.4", "10"):
        assert f'<td class="code">{code}</td>' in page
    assert '<td class="code">2.2</td>' not in page
    delayed = client.get(f"{BASE}/activities/?status=delayed").content.decode()
    assert '<td class="code">2.2</td>' in delayed and '<td class="code">2</td>' in delayed
    table = client.get("/en/programmes/green-almaty/data/activities.csv?status=delayed")
    rows = list(csv.reader(io.StringIO(table.content.decode())))
    assert [r[0] for r in rows[1:]] == ["2", "2.2"]
    assert rows[1][4] == "Delayed"


def test_sample_data_appear_only_when_asked_for_and_marked(client, roadmap):
    approved_reports(roadmap, ["2.2"], status="completed", sample=True)
    official = client.get(f"{BASE}/activities/2.2/").content.decode()
    assert "Report on 2.2" not in official
    assert "?data=sample" in official, "the page offers the sample data"
    sample = client.get(f"{BASE}/activities/2.2/?data=sample").content.decode()
    assert "Report on 2.2" in sample
    assert "Sample data for demonstration: not official figures." in sample
    home = client.get(f"{BASE}/?data=sample").content.decode()
    assert "Sample data for demonstration" in home and "sample data" in home


def test_budget_execution_and_earned_value_download(client, roadmap):
    approved_reports(roadmap, ["2.4"], year=2023, progress=Decimal(50), spent=Decimal(30))
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"{BASE}/data/budget-execution.csv").content.decode())
        )
    )
    mine = {r["Period or source"]: r for r in rows if r["№"] == "2.4"}
    assert (mine["2023"]["Planned"], mine["2023"]["Spent"]) == ("39", "30")
    assert mine["Total"]["Planned"] == "239"
    ev = {
        r["№"]: r
        for r in csv.DictReader(
            io.StringIO(client.get(f"{BASE}/data/earned-value.csv").content.decode())
        )
    }
    # BAC 39 + 200 = 239; EV = 50 % of 239; AC = 30; CPI = 119.5 / 30.
    assert (ev["2.4"]["BAC"], ev["2.4"]["EV"], ev["2.4"]["AC"]) == ("239", "119.5", "30")
    assert ev["2.4"]["CPI"] == "3.9833"
    page = client.get(f"{BASE}/activities/2.4/").content.decode()
    assert "Budget execution and earned value" in page and "3.98" in page


@pytest.mark.parametrize(
    ("children", "status"),
    [
        (["unreported", "unreported"], "unreported"),
        (["delayed", "unreported"], "delayed"),
        (["on_track", "unreported"], "on_track"),
        (["completed", "unreported"], "on_track"),
        (["completed", "completed"], "completed"),
        (["completed", "cancelled"], "completed"),
        (["cancelled", "cancelled"], "cancelled"),
        (["cancelled", "unreported"], "unreported"),
        (["not_started", "completed", "delayed"], "delayed"),
        (["not_started", "not_started"], "not_started"),
    ],
)
def test_how_a_parent_item_takes_its_status_from_its_sub_items(children, status):
    from jasyl.domain.reporting.progress import rolled_up

    assert rolled_up(children) == status
