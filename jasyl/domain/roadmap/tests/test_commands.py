import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from jasyl.domain.roadmap.dataset import programme_folder

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_roadmap_loads_once_and_then_reports_no_change():
    assert "44 activities (version 1" in run("load_roadmap")
    assert "up to date (version 1); nothing changed" in run("load_roadmap")


def test_export_json_has_the_documented_shape(roadmap):
    data = json.loads(run("roadmap", "export", "--format", "json"))
    assert data["periods"] == ["2022", "2023", "2024", "2025", "2026-2030"]
    assert set(data["plan"]) >= {"code", "name", "source_document", "currency", "amount_unit"}
    assert data["grand_total"] == {
        "funding": {
            "2022": 14055,
            "2023": 51458,
            "2024": 93456,
            "2025": 69323,
            "2026-2030": 223227,
        },
        "total": 451519,
        "sources": {"local": 345145, "republican": None, "private": 106374},
    }
    air = data["sections"][0]
    assert set(air) == {"code", "name", "activities", "funding", "total", "sources"}
    assert air["activities"][:3] == ["1", "1.1", "1.2"]
    item = next(a for a in data["activities"] if a["code"] == "1.1")
    assert {"code", "parent", "section", "name", "agencies", "period", "outputs", "funding",
            "total", "sources", "kpi", "description"} <= set(item)  # fmt: skip
    assert item["parent"] == "1" and item["section"] == "air"
    assert item["period"] == "2022-2023, 2028-2029"
    assert item["funding"] == {
        "2022": 10,
        "2023": 137,
        "2024": None,
        "2025": None,
        "2026-2030": 209,
    }
    assert item["outputs"]["2024"] is None
    assert set(item["name"]) == {"kk", "ru", "en"}
    assert data["activities"][4]["kpi"]["2025"].startswith("105 бірлік")


def test_export_csv_is_one_flat_table_in_the_document_layout(roadmap):
    rows = list(csv.DictReader(io.StringIO(run("roadmap", "export", "--format", "csv"))))
    assert [r["row_type"] for r in rows].count("activity") == 44
    assert [r["row_type"] for r in rows].count("subtotal") == 3
    grand = rows[-1]
    assert grand["row_type"] == "grand_total" and grand["total"] == "451519"
    assert grand["source_republican"] == ""
    first = rows[0]
    assert (first["code"], first["funding_2023"], first["source_private"]) == ("1", "1003", "7292")


def test_audit_json_has_the_documented_shape_and_fails_on_errors(roadmap):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("audit", "--format", "json", stdout=out)
    assert exit_status.value.code == 1
    findings = json.loads(out.getvalue())["findings"]
    # 19 since the rule on description figures: three findings on item 10.2.
    assert len(findings) == 19
    first = findings[0]
    assert {"rule", "severity", "activities", "period", "published", "computed", "message"} <= set(
        first
    )
    assert set(first["message"]) == {"kk", "ru", "en"}
    impossible = next(f for f in findings if f["rule"] == "kpi.reduction_baseline")
    assert (impossible["published"], impossible["computed"]) == (201, 127)


SMALL_PROGRAMME = """
code: small-town
name: {kk: Шағын қала, ru: Малый город, en: Small town}
source_document: {kk: Жол картасы, ru: Дорожная карта, en: Roadmap}
currency: KZT
amount_unit: {code: mln_kzt, scale: 1000000, name: {kk: млн тг., en: million tenge}}
periods:
  - {code: "2024", start: 2024, end: 2024}
  - {code: "2025-2026", start: 2025, end: 2026}
target_years: [2026]
funding_sources:
  - {code: local, abbreviation: {kk: ЖБ}, name: {kk: Жергілікті бюджет}}
units:
  - {code: item, dimension: count, name: {kk: бірлік}}
agencies:
  - {code: ЭБ, kind: city_department, name: {kk: Экология бөлімі}}
sections:
  - code: trees
    file: trees.yaml
    name: {kk: Ағаштар}
    subtotal_label: {kk: Барлығы}
    funding: {"2024": 5, "2025-2026": 7}
    total: 12
    sources: {local: 12}
grand_total:
  label: {kk: БАРЛЫҒЫ}
  funding: {"2024": 5, "2025-2026": 7}
  total: 12
  sources: {local: 12}
"""
SMALL_SECTION = """
section: trees
measures:
  - {code: trees_planted, unit: item, name: {kk: Отырғызылған ағаштар}}
activities:
  - code: "1"
    name: {kk: Ағаш отырғызу}
    responsible: ЭБ
    agencies: [ЭБ]
    period: 2024-2026
    outputs:
      "2024": {kk: 100 ағаш, quantities: [{measure: trees_planted, value: 100, unit: item}]}
      "2025-2026": {kk: 150 ағаш, quantities: [{measure: trees_planted, value: 150, unit: item}]}
    funding: {"2024": 5, "2025-2026": 7}
    total: 12
    sources: {local: 12}
    kpi:
      "2026":
        kk: 250 ағаш
        quantities: [{measure: trees_planted, value: 250, unit: item, basis: cumulative}]
"""


@pytest.fixture
def small_programme(tmp_path):
    folder = tmp_path / "small-town"
    folder.mkdir()
    (folder / "programme.yaml").write_text(SMALL_PROGRAMME, encoding="utf-8")
    (folder / "trees.yaml").write_text(SMALL_SECTION, encoding="utf-8")
    return folder


def test_audit_of_a_consistent_plan_finds_nothing_and_exits_zero(small_programme):
    output = run("audit", "--path", str(small_programme), "--format", "json")
    assert json.loads(output) == {"findings": []}


def test_any_programme_with_its_own_periods_loads(small_programme):
    assert "1 activities (version 1" in run("load_roadmap", "--path", str(small_programme))
    data = json.loads(run("roadmap", "export", "--programme", "small-town"))
    assert data["periods"] == ["2024", "2025-2026"]
    assert data["activities"][0]["funding"] == {"2024": 5, "2025-2026": 7}


def test_the_jasyl_console_command_is_installed(tmp_path):
    jasyl = Path(sys.executable).parent / "jasyl"
    # Another data folder holds no secret key of its own: pass this run's on (DEBUG is off).
    env = {**os.environ, "JASYL_DATA_DIR": str(tmp_path), "JASYL_SECRET_KEY": settings.SECRET_KEY}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [str(jasyl), "audit", "--path", str(programme_folder("green-almaty")), "--language", "kk"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    # 10 warnings since the rule on description figures (three on item 10.2).
    assert "7 error, 10 warning, 2 info" in result.stdout
    assert "бүкіл базалық мәннен" in result.stdout
