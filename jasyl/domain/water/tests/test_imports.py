"""The water kinds of import through the one pipeline: objects of every shape from a spatial
file or WKT, and works; a refused row is named by its line, column and message, and then
nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.registries.models import Edit
from jasyl.domain.water.models import WaterObject, WaterWork
from jasyl.domain.water.tests.helpers import water_object
from jasyl.testing.greenfund import IN_EAST, feature, refusals, run, write_csv, write_geojson

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[76.90, 43.25], [76.92, 43.25]]}
POND = {
    "type": "Polygon",
    "coordinates": [[[76.905, 43.245], [76.915, 43.245], [76.915, 43.25], [76.905, 43.245]]],
}


def test_objects_of_each_shape_are_created_measured_and_placed(roadmap, districts, tmp_path):
    path = write_geojson(
        tmp_path,
        "water.geojson",
        [
            feature(
                LINE,
                code="C-1",
                name_en="Canal",
                kind="canal",
                usage="irrigation",
                status="in_service",
                in_service_on="2023-05-01",
                activity="5.2",
            ),
            feature(LINE, code="R-1", name_en="River", kind="river"),
            feature(POND, code="P-1", name_ru="Пруд", kind="pond"),
            feature(
                {"type": "Point", "coordinates": list(IN_EAST)},
                code="W-1",
                name_kk="Су жинау",
                kind="water_intake",
            ),
        ],
    )
    result = run("water-objects", path)
    assert result.ok, refusals(result)
    assert result.created == 4
    canal = WaterObject.objects.get(code="C-1")
    assert (canal.status, canal.in_service_on) == ("in_service", datetime.date(2023, 5, 1))
    assert Decimal("1.6") < canal.length_km < Decimal("1.7")
    assert canal.activity.code == "5.2" and canal.district.code == "west"
    assert WaterObject.objects.get(code="P-1").area_ha > 0
    assert WaterObject.objects.get(code="W-1").district.code == "east"
    assert Edit.objects.filter(content_type__model="waterobject").count() == 4
    again = run("water-objects", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_bad_object_rows_are_named_and_nothing_is_written(roadmap, districts, tmp_path):
    path = write_csv(
        tmp_path,
        "bad.csv",
        [
            "code,name_en,kind,usage,status,designed_on,wkt",
            'OK-1,Fine,canal,irrigation,,,"LINESTRING(76.90 43.25, 76.92 43.25)"',
            "B-2,Canal as point,canal,,,,POINT(76.91 43.25)",
            'B-3,Pond,pond,irrigation,,,"POLYGON((76.905 43.245,76.915 43.245,76.915 43.25,'
            '76.905 43.245))"',
            'B-4,River,river,,designed,2024-01-01,"LINESTRING(76.90 43.25, 76.92 43.25)"',
            "B-5,Lake,lagoon,,,,POINT(76.91 43.25)",
            'B-6,,canal,,,,"LINESTRING(76.90 43.25, 76.92 43.25)"',
            'B-7,Long,river,,,,"LINESTRING(70 43.25, 77 43.25)"',
        ],
    )
    result = run("water-objects", path)
    assert not result.ok
    found = {line: (column, message) for line, column, message in refusals(result)}
    assert found[3][0] == "geometry" and "canal is drawn as LineString" in found[3][1]
    assert found[4] == ("usage", "Only a canal or an aryk has a usage.")
    assert found[5][0] == "designed_on" and "natural, not built" in found[5][1]
    assert found[6][0] == "kind" and "“lagoon” is not one of" in found[6][1]
    assert found[7][0] == "name_kk"
    assert found[8][0] == "geometry" and "at most 500" in found[8][1]
    assert 2 not in found
    assert not WaterObject.objects.exists()


def test_works_import_and_bad_rows_refuse_the_file(roadmap, districts, tmp_path):
    canal = water_object("C-1", "canal")
    water_object("P-1", "pond")
    water_object("S-1", "pond", is_sample=True)
    header = "object,kind,done_on,km_done,activity,budget_period,source"
    good = write_csv(
        tmp_path,
        "works.csv",
        [
            header,
            'C-1,reconstruction,2024-05-01,"1,2",5.2,2024,Act of 2024-05-02',
            "P-1,cleaning,01.06.2024,,6,2024,Act",
        ],
    )
    result = run("water-works", good)
    assert result.ok, refusals(result)
    assert result.created == 2
    done = WaterWork.objects.get(water_object=canal)
    assert (done.km_done, done.activity.code, done.budget_period.code) == (
        Decimal("1.2"),
        "5.2",
        "2024",
    )

    bad = write_csv(
        tmp_path,
        "bad-works.csv",
        [
            header,
            "P-1,landscaping,2024-07-01,,7,2024,fine",
            "NOPE,cleaning,2024-05-01,,6,,x",
            "S-1,cleaning,2024-05-01,,6,,sample objects are not official",
            "P-1,cleaning,2024-05-01,0.5,6,,x",
            "C-1,reconstruction,2024-05-02,9,5.2,,x",
            "P-1,cleaning,2099-01-01,,6,,x",
            "P-1,cleaning,2024-05-03,,6,2022,x",
            "P-1,cleaning,2024-05-04,,99,,x",
            "P-1,swimming,2024-05-01,,6,,x",
            "P-1,cleaning,2024-05-05,,6,,",
            "P-1,landscaping,2024-07-01,,7,2024,again",
        ],
    )
    result = run("water-works", bad)
    assert not result.ok
    found = {line: column for line, column, _message in refusals(result)}
    assert found == {
        3: "object",
        4: "object",
        5: "km_done",
        6: "km_done",
        7: "done_on",
        8: "budget_period",
        9: "activity",
        10: "kind",
        11: "source",
        12: "object",
    }
    assert WaterWork.objects.count() == 2
