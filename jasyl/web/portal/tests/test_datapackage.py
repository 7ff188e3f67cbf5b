"""The open data package: every file described and valid by the Frictionless validator, only
official published data, figures that agree with the plan, stable bytes and URLs, and a new
approval showing at once."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from frictionless import Package

from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.roadmap.revisions import published_data_changed
from jasyl.testing.reports import approved_reports, observe

ZIP = "/opendata/green-almaty/datapackage.zip"
FILES = "/opendata/green-almaty/"


@pytest.fixture
def published(roadmap):
    sync_indicators(roadmap)
    approved_reports(roadmap, ["2.2", "10.2"], year=2023, spent=Decimal("12.5"))
    approved_reports(roadmap, ["2.2"], year=2024, sample=True, status="delayed")
    observe("2:green_fund_trees", 2023, 4_300_000)
    observe("2:green_fund_trees", 2024, 9_999_999, sample=True)
    return roadmap


def unpacked(client, tmp_path):
    response = client.get(ZIP)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
        return archive.namelist()


def rows(tmp_path, name):
    with open(tmp_path / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_package_is_valid_and_describes_every_file(client, published, tmp_path):
    names = unpacked(client, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert sorted(names) == sorted(
        ["datapackage.json", *(r["path"] for r in descriptor["resources"])]
    )
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["created"].startswith("20") and descriptor["name"] == "green-almaty"
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(descriptor["resources"]) >= 17


def test_a_broken_file_fails_the_validation(client, published, tmp_path):
    unpacked(client, tmp_path)
    path = tmp_path / "reports.csv"
    table = rows(tmp_path, "reports.csv")
    table[0]["progress_percent"] = "half"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert ["reports", "progress_percent", "type-error"] in [
        [task.name, *error]
        for task in report.tasks
        for error in task.flatten(["fieldName", "type"])
    ]


def test_only_official_published_data(client, published, tmp_path):
    unpacked(client, tmp_path)
    reports = rows(tmp_path, "reports.csv")
    assert [(r["period"], r["activity"], r["status"]) for r in reports] == [
        ("2023", "2.2", "on_track"),
        ("2023", "10.2", "on_track"),
    ]
    spending = rows(tmp_path, "report-spending.csv")
    assert {s["spent"] for s in spending} == {"12.5"}
    values = rows(tmp_path, "indicator-values.csv")
    assert [(v["indicator"], v["date"], v["value"]) for v in values] == [
        ("2:green_fund_trees", "2023-12-31", "4300000")
    ]


def test_the_figures_agree_with_the_plan(client, published, tmp_path):
    unpacked(client, tmp_path)
    plan = json.loads((tmp_path / "plan.json").read_text())
    table = rows(tmp_path, "plan.csv")
    (total,) = [r for r in table if r["row_type"] == "grand_total"]
    assert Decimal(total["total"]) == Decimal(str(plan["grand_total"]["total"]))
    findings = rows(tmp_path, "audit-findings.csv")
    # 19 since the rule on description figures (three warnings on item 10.2).
    assert len(findings) == 19
    assert sum(f["Severity"] == "error" for f in findings) == 7
    targets = rows(tmp_path, "indicator-targets.csv")
    planted = [t for t in targets if t["indicator"] == "2.2:trees_shrubs_planted"]
    assert [(t["year"], t["value"], t["published_value"]) for t in planted] == [
        ("2025", "1200000", "1200000"),
        ("2030", "2500000", "1300000"),
    ]


def test_each_file_has_its_own_stable_url(client, published):
    first = client.get(ZIP).content
    assert client.get(ZIP).content == first, "the same data, the same bytes"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        inside = archive.read("audit-findings.csv")
        descriptor = archive.read("datapackage.json")
    assert client.get(FILES + "audit-findings.csv").content == inside
    assert client.get(FILES + "datapackage.json").content == descriptor
    assert client.get(FILES + "nothing.csv").status_code == 404
    assert client.get("/opendata/nowhere/datapackage.zip").status_code == 404


def test_an_approval_shows_at_once(client, published, django_capture_on_commit_callbacks):
    before = json.loads(client.get(FILES + "datapackage.json").content)
    with django_capture_on_commit_callbacks(execute=True):
        approved_reports(published, ["3.2"], year=2023)
        published_data_changed(published.pk)
    after = json.loads(client.get(FILES + "datapackage.json").content)
    assert before["version"] != after["version"]
    activities = [
        r["activity"]
        for r in csv.DictReader(io.StringIO(client.get(FILES + "reports.csv").content.decode()))
    ]
    assert "3.2" in activities


def test_the_package_is_built_once_per_edition(client, published, django_assert_num_queries):
    client.get(ZIP)
    # Only the programme is read again: the package comes from the cache.
    with django_assert_num_queries(1):
        client.get(ZIP)
    with django_assert_num_queries(1):
        client.get(FILES + "plan.json")
