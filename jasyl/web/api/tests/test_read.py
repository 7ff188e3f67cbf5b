"""The public read endpoints on the bundled roadmap: what anyone gets, published data only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.export import plan_as_dict
from jasyl.testing.reports import approved_reports, observe
from jasyl.web.api.pagination import MAX_LIMIT
from jasyl.web.api.tests.conftest import API


def get(api, url, status=200):
    response = api.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_programmes_list_the_loaded_roadmap(api, roadmap):
    found = get(api, "/api/v1/programmes/")
    assert found["count"] == 1
    (item,) = found["results"]
    assert item["code"] == "green-almaty" and item["currency"] == "KZT" and item["edition"] == 1


def test_the_programme_heading_has_its_grand_total(api, roadmap):
    found = get(api, API)
    assert found["grand_total"]["total"] == 451519
    assert found["grand_total"]["sources"] == {
        "local": 345145,
        "republican": None,
        "private": 106374,
    }
    assert [p["code"] for p in found["periods"]] == ["2022", "2023", "2024", "2025", "2026-2030"]


def test_the_plan_is_the_published_export(api, roadmap):
    found = get(api, API + "plan/")
    published = plan_as_dict(load_plan(programme_folder("green-almaty")))
    assert found == published
    activity = next(a for a in found["activities"] if a["code"] == "1.1")
    assert activity["funding"] == {"2022": 10, "2023": 137, "2024": None, "2025": None,
                                   "2026-2030": 209}  # fmt: skip
    assert activity["total"] == 356 and activity["sources"]["local"] == 356
    assert activity["notes"]["kk"].startswith("Жолда 10, 137, 209, 356 және 356 басылған.")
    assert activity["notes"]["ru"].startswith("В строке напечатано 10, 137, 209, 356 и 356.")
    assert activity["notes"]["en"].startswith("The row prints 10, 137, 209, 356 and 356.")


def test_an_unknown_programme_is_a_json_404(api, roadmap):
    found = get(api, "/api/v1/programmes/nowhere/plan/", status=404)
    assert found["errors"] == [] and found["detail"]
    assert get(api, "/api/v1/programmes/a%2Fb/", status=404)["errors"] == []
    assert get(api, "/api/v1/programmes/a%0Ab/reports/", status=404)["errors"] == []


def test_activities_filter_by_section_agency_and_status(api, roadmap):
    approved_reports(roadmap, ["2.2"], status="delayed")
    waste = get(api, API + "activities/?section=waste&limit=500")
    assert waste["count"] > 0 and {a["section"] for a in waste["results"]} == {"waste"}
    led = get(api, API + "activities/?agency=ЭжҚОБ&limit=500")["results"]
    assert all("ЭжҚОБ" in a["agencies"] for a in led) and "1.1" in {a["code"] for a in led}
    delayed = get(api, API + "activities/?status=delayed")["results"]
    assert [a["code"] for a in delayed] == ["2", "2.2"]  # 2 takes the status of its sub-item
    assert get(api, API + "activities/?status=bogus", status=400)["errors"][0]["field"] == "status"


def test_lists_are_paginated_with_a_maximum_page(api, roadmap):
    everything = get(api, API + "activities/?limit=100000")
    assert len(everything["results"]) == min(everything["count"], MAX_LIMIT)
    page = get(api, API + "activities/?limit=2&offset=1")
    assert [a["code"] for a in page["results"]] == [a["code"] for a in everything["results"][1:3]]
    assert "offset=3" in page["next"]


def test_an_activity_shows_only_approved_official_reports(api, team):
    approved_reports(team.programme, ["1.1"], year=2023, status="completed")
    approved_reports(team.programme, ["1.1"], year=2024, status="delayed", sample=True)
    found = get(api, API + "activities/1.1/")
    assert found["status"] == "completed"
    assert [(r["period"], r["status"]) for r in found["reports"]] == [("2023", "completed")]
    sample = get(api, API + "activities/1.1/?data=sample")
    assert [(r["period"], r["status"]) for r in sample["reports"]] == [("sample-2024", "delayed")]
    get(api, API + "activities/99.99/", status=404)


def test_audit_findings_filter_by_severity(api, roadmap):
    everything = get(api, API + "audit/?limit=500")
    warnings = get(api, API + "audit/?severity=warning&limit=500")
    assert warnings["count"] == sum(f["severity"] == "warning" for f in everything["results"])
    assert {f["severity"] for f in warnings["results"]} <= {"warning"}
    assert set(everything["results"][0]["message"]) == {"kk", "ru", "en"}


def test_agencies_list_what_they_lead(api, roadmap):
    agencies = {a["code"]: a for a in get(api, API + "agencies/?limit=500")["results"]}
    assert "1.1" in agencies["ЭжҚОБ"]["lead"]
    assert "2.2" in agencies["Аудан әкімдіктері"]["co_executor"]


def test_reports_list_only_approved_reports_of_official_periods(api, team):
    approved_reports(team.programme, ["1.1", "2.2"], year=2023)
    approved_reports(team.programme, ["1.1"], year=2023, sample=True)
    draft = ProgressReport.objects.create(
        activity=team.programme.activities.get(code="1.2"),
        period=ProgressReport.objects.first().period,
        narrative="Not published",
    )
    found = get(api, API + "reports/")
    assert [(r["activity"], r["period"]) for r in found["results"]] == [
        ("1.1", "2023"),
        ("2.2", "2023"),
    ]
    assert found["results"][0]["spending"] == {"local": {"committed": 10, "spent": 10}}
    assert draft.activity.code not in {r["activity"] for r in found["results"]}
    assert [r["activity"] for r in get(api, API + "reports/?activity=2.2")["results"]] == ["2.2"]
    by_agency = get(api, API + "reports/?agency=Аудан әкімдіктері")["results"]
    assert [r["activity"] for r in by_agency] == ["2.2"]
    assert get(api, API + "reports/?period=2024")["count"] == 0
    assert get(api, API + "reports/?period=2023")["count"] == 2
    assert get(api, API + "reports/?data=sample")["results"][0]["period"] == "sample-2023"


def test_periods_are_official_unless_sample_is_asked_for(api, roadmap):
    approved_reports(roadmap, ["1.1"], year=2023)
    approved_reports(roadmap, ["1.1"], year=2024, sample=True)
    assert [p["slug"] for p in get(api, API + "periods/")["results"]] == ["2023"]
    assert [p["slug"] for p in get(api, API + "periods/?data=sample")["results"]] == ["sample-2024"]


def test_indicators_show_targets_latest_value_status_and_projection(api, registry):
    observe("1:air_emissions", 2022, 125)
    observe("1:air_emissions", 2023, 121)
    found = get(api, API + "indicators/?limit=500")
    emissions = next(i for i in found["results"] if i["code"] == "1:air_emissions")
    assert emissions["latest"]["value"] == 121 and emissions["latest"]["on"] == "2023-12-31"
    assert emissions["direction"] == "decrease" and emissions["baseline"]["year"] == 2021
    assert emissions["status"] in {"off_track", "at_risk", "on_track", "met", "missed"}
    assert [t["year"] for t in emissions["targets"]] == [2025, 2030]
    one = get(api, API + "indicators/1:air_emissions/")
    assert one == emissions | {"as_of": one["as_of"]}


def test_an_indicators_values_filter_by_date_and_district(api, registry, team):
    observe("2.2:trees_shrubs_planted", 2022, 240000)
    observe("2.2:trees_shrubs_planted", 2023, 552000)
    url = API + "indicators/2.2:trees_shrubs_planted/observations/"
    assert [v["value"] for v in get(api, url)["results"]] == [240000, 552000]
    assert [v["on"] for v in get(api, url + "?date_from=2023-01-01")["results"]] == ["2023-12-31"]
    assert get(api, url + "?date_to=2021-12-31")["count"] == 0
    assert get(api, url + "?district=Алмалы")["count"] == 0
    assert get(api, url + "?date_from=someday", status=400)["errors"][0]["field"] == "date_from"
    get(api, API + "indicators/nothing/observations/", status=404)


def test_budget_execution_per_activity(api, roadmap):
    approved_reports(roadmap, ["1.1"], year=2023, spent=Decimal(120), progress=Decimal(40))
    found = get(api, API + "execution/")
    row = next(r for r in found["activities"] if r["code"] == "1.1")
    assert row["total"] == {"planned": 356, "committed": 120, "spent": 120, "rate": 120 / 356}
    assert row["by_period"]["2023"]["spent"] == 120 and row["progress"] == 40
    assert row["earned_value"]["ev"] == pytest.approx(356 * 0.4)
    assert found["as_of"] == datetime.date(2023, 12, 31).isoformat()
    # The lowest-level items add up to 451 419, not the published 451 519 (an audit finding).
    leaves = sum(r["total"]["planned"] or 0 for r in found["activities"])
    assert found["programme"]["total"]["planned"] == leaves == 451419
    # 1 item of 37 reported: the programme's indices are withheld, its coverage stated.
    whole = found["earned_value"]
    assert (whole["items"], whole["reported_items"], whole["withheld"]) == (37, 1, True)
    assert whole["coverage"] == pytest.approx(356 / 451419) and found["min_coverage"] == 0.5
    assert whole["spi"] is whole["cpi"] is whole["eac"] is None and whole["ev"] is not None


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert "/api/v1/programmes/{programme}/plan/" in (tmp_path / "s.yaml").read_text()


def test_swagger_ui_is_served_from_our_own_static_files(api, roadmap):
    page = api.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert api.get("/api/v1/schema/?format=json").json()["openapi"].startswith("3.")
