"""Each green fund import kind through the one pipeline, with good and bad rows in CSV and in
GeoJSON (written here), trees also in Excel: a refused row is named by its line, column and
message, and then nothing is written."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from jasyl.domain.greenfund.compensation import PermitState
from jasyl.domain.greenfund.models import (
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    Park,
    Species,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.greenfund.services import issue_permit, record_felling
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.selectors import history_of
from jasyl.testing.greenfund import (
    EAST,
    IN_EAST,
    IN_WEST,
    feature,
    make_tree,
    refusals,
    run,
    write_csv,
    write_geojson,
)

pytestmark = pytest.mark.django_db

W = f"{IN_WEST[0]},{IN_WEST[1]}"
E = f"{IN_EAST[0]},{IN_EAST[1]}"
POINT_W = {"type": "Point", "coordinates": list(IN_WEST)}
POINT_E = {"type": "Point", "coordinates": list(IN_EAST)}
SQUARE_E = {"type": "Polygon", "coordinates": [[list(c) for c in EAST]]}


# ------------------------------------------------------------------------------ trees

TREES_HEADER = (
    "code,species,diameter_cm,height_m,crown_m,condition,planted,site_type,site,holder,"
    "source,verified_on,longitude,latitude"
)


def test_trees_from_a_csv_file_are_created_in_their_districts_with_history(districts, tmp_path):
    path = write_csv(
        tmp_path,
        "trees.csv",
        [
            TREES_HEADER,
            f'T1,quercus,"31,5",12,"4,25",good,2019,street,Abai avenue,Green LLP,survey,'
            f"2025-05-01,{W}",
            f"T2,,8,,,,2024-04-15,courtyard,,,,,{E}",
        ],
    )

    result = run("trees", path, scope="")

    assert (result.ok, result.created) == (True, 2)
    t1, t2 = Tree.objects.order_by("code")
    assert t1.species == Species.objects.get(latin_name="Quercus")
    assert (t1.trunk_diameter_cm, t1.height_m, t1.crown_diameter_m) == (
        Decimal("31.5"),
        Decimal("12"),
        Decimal("4.25"),
    )
    assert (t1.planted_year, t1.planted_on, t1.site_type, t1.site_name) == (
        2019, None, "street", "Abai avenue"
    )  # fmt: skip
    assert (t1.holder, t1.holder_name, t1.verified_on) == (
        None,
        "Green LLP",
        datetime.date(2025, 5, 1),
    )
    assert (t1.district.code, t2.district.code) == ("west", "east")
    assert (t2.planted_year, t2.planted_on) == (2024, datetime.date(2024, 4, 15))
    assert history_of(t1).get().action == Edit.Action.CREATE


def test_importing_the_same_trees_again_changes_nothing_and_a_change_is_recorded(
    districts, tmp_path
):
    lines = [TREES_HEADER, f"T1,Quercus,30,12,,good,2019,street,,,,,{W}"]
    run("trees", write_csv(tmp_path, "a.csv", lines), scope="")

    again = run("trees", write_csv(tmp_path, "b.csv", lines), scope="")
    changed = run(
        "trees",
        write_csv(tmp_path, "c.csv", [TREES_HEADER, f"T1,Quercus,30,12,,poor,2019,street,,,,,{E}"]),
        scope="",
    )

    assert (again.unchanged, again.updated) == (1, 0)
    assert (changed.updated, changed.unchanged) == (1, 0)
    tree = Tree.objects.get()
    assert (tree.condition, tree.district.code) == ("poor", "east")
    assert history_of(tree).last().changes["condition"] == ["good", "poor"]
    assert history_of(tree).last().changes["district"] == ["west", "east"]


def test_bad_tree_rows_are_named_by_line_and_column_and_nothing_is_written(districts, tmp_path):
    path = write_csv(
        tmp_path,
        "trees.csv",
        [
            TREES_HEADER,
            f"T1,Acer nonexistens,,,,,,,,,,,{W}",
            f"T2,,abc,,,,,,,,,,{W}",
            f"T3,,,200,,,,,,,,,{W}",
            f"T4,,,,,excellent,,,,,,,{W}",
            f"T5,,,,,,2099,,,,,,{W}",
            "T6,,,,,,,,,,,,,",
            f"T7,,,,,,,,,,,,{W}",
            f"T7,,,,,,,,,,,,{W}",
            f"T8,,0,,,,,,,,,,{W}",
        ],
    )

    result = run("trees", path, scope="")

    assert refusals(result) == [
        (
            2,
            "species",
            "“Acer nonexistens” is not in the list of species: the programme office adds it "
            "(import “species”).",
        ),
        (3, "diameter_cm", "“abc” is not a number."),
        (4, "height_m", "200 must be more than 0 and at most 150."),
        (5, "condition", "“excellent” is not one of: good, fair, poor, hazardous, dead."),
        (6, "planted", "2099 is in the future."),
        (
            7,
            "geometry",
            "the row has no place: give longitude and latitude, or a geometry in WKT.",
        ),
        (9, "code", "“T7” is also on line 8 of the file."),
        (10, "diameter_cm", "0 must be more than 0 and at most 1000."),
    ]
    assert not Tree.objects.exists()
    assert not Edit.objects.exists()


def test_trees_from_geojson_points_are_created_and_other_shapes_refused(districts, tmp_path):
    good = write_geojson(
        tmp_path,
        "trees.geojson",
        [
            feature(POINT_W, code="G1", species="Ulmus", height_m=7.5, condition="fair"),
            feature(POINT_E, code="G2", planted=2020),
        ],
    )
    bad = write_geojson(
        tmp_path,
        "bad.geojson",
        [
            feature(SQUARE_E, code="G3", species="Ulmus", height_m=7.5, condition="fair"),
            feature(SQUARE_E, code="G4", species="Tilia", height_m=3, condition="good"),
        ],
    )

    created = run("trees", good, scope="")
    refused = run("trees", bad, scope="")

    assert (created.ok, created.created) == (True, 2)
    g1 = Tree.objects.get(code="G1")
    assert (g1.height_m, g1.condition, g1.district.code) == (Decimal("7.5"), "fair", "west")
    assert refusals(refused) == [
        (1, "geometry", "a Polygon, where a Point is expected."),
        (2, "geometry", "a Polygon, where a Point is expected."),
    ]
    assert not Tree.objects.filter(code="G3").exists()


def test_trees_from_an_excel_workbook_read_its_date_cells_and_name_the_bad_row(districts, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["code", "planted", "verified_on", "longitude", "latitude"])
    sheet.append(["X1", datetime.date(2021, 10, 5), datetime.date(2025, 1, 15), *IN_WEST])
    sheet.append(["X2", "last spring", None, *IN_EAST])
    path = tmp_path / "trees.xlsx"
    workbook.save(path)

    refused = run("trees", path, scope="")
    assert refusals(refused) == [
        (3, "planted", "“last spring” is not a date (write YYYY-MM-DD or DD.MM.YYYY).")
    ]
    assert not Tree.objects.exists()

    sheet["B3"] = 2022
    workbook.save(path)
    created = run("trees", path, scope="")
    assert created.created == 2
    x1 = Tree.objects.get(code="X1")
    assert (x1.planted_on, x1.verified_on) == (
        datetime.date(2021, 10, 5),
        datetime.date(2025, 1, 15),
    )


def test_an_agency_editors_trees_wait_for_the_office_and_other_activities_are_refused(
    team, districts, tmp_path
):
    header = "code,activity,longitude,latitude"
    ok = write_csv(tmp_path, "ok.csv", [header, f"A1,2.2,{W}", f"A2,2.2,{E}"])
    other = write_csv(tmp_path, "other.csv", [header, f"A3,1.5,{W}", f"A4,,{W}"])

    proposed = run("trees", ok, actor=team["editor"])
    refused = run("trees", other, actor=team["editor"])

    assert (proposed.ok, proposed.created) == (True, 2)
    assert not Tree.objects.exists()
    assert Edit.objects.filter(status=Edit.Status.PENDING).count() == 2
    message = (
        "Your agency does not execute this row's activity: only the programme office may import it."
    )
    assert refusals(refused) == [(2, "activity", message), (3, "activity", message)]
    with pytest.raises(PermissionDenied):
        run("trees", ok, actor=team["viewer"])


def test_a_large_tree_file_is_written_in_batches_not_a_query_per_row(
    districts, tmp_path, django_assert_max_num_queries
):
    lines = [TREES_HEADER] + [
        f"B{n:05},Quercus,{10 + n % 50},,,good,2020,street,,,,,{76.901 + (n % 300) / 10000},"
        f"{43.241 + (n // 300) / 10000}"
        for n in range(3000)
    ]
    path = write_csv(tmp_path, "big.csv", lines)

    # Batches of at most 500 rows (fewer on SQLite, whose statements take at most 999
    # parameters): about a query per 40 rows there, against three or more per row otherwise.
    with django_assert_max_num_queries(200):
        result = run("trees", path, scope="")

    assert result.created == 3000
    assert (
        Tree.objects.filter(district__code="west").count()
        + Tree.objects.filter(district__code="east").count()
        == 3000
    )
    assert Edit.objects.count() == 3000


# ------------------------------------------------------------------------------ species


def test_species_from_a_csv_file_extend_and_correct_the_list(db, tmp_path):
    path = write_csv(
        tmp_path,
        "species.csv",
        [
            "latin_name,rank,name_en,verification_status",
            "Acer negundo,species,box elder,confirmed",
            "quercus,,oak (confirmed),confirmed",
        ],
    )

    result = run("species", path, scope="")

    assert (result.created, result.updated) == (1, 1)
    assert Species.objects.get(latin_name="Acer negundo").rank == "species"
    oak = Species.objects.get(latin_name="Quercus")
    assert (oak.name_en, oak.verification_status, oak.name_ru) == (
        "oak (confirmed)",
        "confirmed",
        "дуб",
    )


def test_bad_species_rows_are_refused_in_csv_and_geojson(db, tmp_path):
    csv = write_csv(tmp_path, "s.csv", ["latin_name,rank", "Acer negundo,family", ",genus"])
    geojson = write_geojson(
        tmp_path,
        "s.geojson",
        [
            feature(POINT_W, latin_name="Salix", rank="genus"),
            feature(POINT_W, latin_name="Populus", rank="kingdom"),
        ],
    )
    before = Species.objects.count()

    assert refusals(run("species", csv, scope="")) == [
        (2, "rank", "“family” is not one of: genus, species."),
        (3, "latin_name", "The cell is empty; it is required."),
    ]
    assert refusals(run("species", geojson, scope="")) == [
        (2, "rank", "“kingdom” is not one of: genus, species.")
    ]
    assert Species.objects.count() == before


def test_species_from_geojson_features_are_created(db, tmp_path):
    path = write_geojson(
        tmp_path, "s.geojson", [feature(POINT_W, latin_name="Salix", rank="genus")]
    )

    assert run("species", path, scope="").created == 1
    assert Species.objects.get(latin_name="Salix").rank == "genus"


def test_only_the_office_imports_species(team, tmp_path):
    path = write_csv(tmp_path, "s.csv", ["latin_name", "Salix"])
    with pytest.raises(PermissionDenied):
        run("species", path, actor=team["editor"])
    assert run("species", path, actor=team["reviewer"]).created == 1


# ------------------------------------------------------------------------------ permits


def test_felling_permits_from_csv_owe_by_the_rule_in_force_and_name_their_trees(
    districts, tmp_path
):
    for code in ("T1", "T2", "T3"):
        make_tree(code, IN_WEST)
    path = write_csv(
        tmp_path,
        "permits.csv",
        [
            "number,issued_on,issuer,applicant,reason,trees,trees_count,deadline",
            "P-1,2025-03-01,City office,Builder LLP,hazardous,T1;T2,,2025-11-30",
            "P-2,01.04.2025,,,construction,T3,5,",
        ],
    )

    result = run("felling-permits", path, scope="")

    assert (result.ok, result.created) == (True, 2)
    p1, p2 = FellingPermit.objects.order_by("number")
    assert (p1.trees_count, p1.owed, p1.state, p1.district.code) == (2, Decimal(20), "open", "west")
    assert sorted(p1.trees.values_list("code", flat=True)) == ["T1", "T2"]
    assert (p1.issuer_name, p1.applicant_name) == ("City office", "Builder LLP")
    assert (p2.issued_on, p2.trees_count, p2.owed, p2.rule) == (
        datetime.date(2025, 4, 1), 5, None, None
    )  # fmt: skip


def test_bad_permit_rows_are_refused_in_csv(districts, tmp_path):
    make_tree("T1", IN_WEST)
    path = write_csv(
        tmp_path,
        "permits.csv",
        [
            "number,issued_on,reason,trees,trees_count,deadline",
            "P-1,2025-03-01,storm,T1,,",
            "P-2,2025-03-01,hazardous,T1;T9;T8,,",
            "P-3,2025-03-01,hazardous,T1,,2025-01-01",
            "P-4,2025-03-01,dead,,,",
            "P-5,2025-03-01,dead,T1,0,",
        ],
    )

    assert refusals(run("felling-permits", path, scope="")) == [
        (2, "reason", "“storm” is not one of: hazardous, dead, construction, other."),
        (3, "trees", "These trees are not in the registry: T9, T8."),
        (4, "deadline", "The deadline is before the day of issue."),
        (5, "trees_count", "The cell is empty; it is required."),
        (6, "trees_count", "0 must be from 1 to 10000000."),
    ]
    assert not FellingPermit.objects.exists()


def test_felling_permits_from_geojson_multipoints_count_their_places(districts, tmp_path):
    places = {"type": "MultiPoint", "coordinates": [list(IN_EAST), list(IN_EAST), list(IN_WEST)]}
    good = write_geojson(
        tmp_path,
        "p.geojson",
        [feature(places, number="P-7", issued_on="2025-05-05", reason="hazardous")],
    )
    bad = write_geojson(
        tmp_path,
        "bad.geojson",
        [feature(SQUARE_E, number="P-8", issued_on="2025-05-05", reason="hazardous")],
    )

    assert run("felling-permits", good, scope="").created == 1
    permit = FellingPermit.objects.get()
    assert (permit.trees_count, permit.owed, permit.district.code) == (3, Decimal(30), "east")
    assert refusals(run("felling-permits", bad, scope="")) == [
        (1, "geometry", "a Polygon, where a Point or MultiPoint is expected.")
    ]


# ------------------------------------------------------------------------------ plantings


@pytest.fixture
def felled(districts):
    permit = issue_permit(
        number="P-1",
        issued_on=datetime.date(2025, 3, 1),
        reason="hazardous",
        trees_count=3,
        actor=None,
        access=None,
    )
    return record_felling(
        permit=permit, felled_on=datetime.date(2025, 3, 2), actor=None, access=None
    )


def test_plantings_from_csv_move_their_permit_and_are_recorded_once(felled, tmp_path):
    lines = ["code,permit,planted_on,count,species", "PL-1,P-1,2025-04-01,20,Tilia"]
    first = run("plantings", write_csv(tmp_path, "a.csv", lines), scope="")
    again = run("plantings", write_csv(tmp_path, "b.csv", lines), scope="")
    changed = run(
        "plantings",
        write_csv(tmp_path, "c.csv", ["code,permit,planted_on,count", "PL-1,P-1,2025-04-01,25"]),
        scope="",
    )

    assert (first.created, again.unchanged) == (1, 1)
    felled.refresh_from_db()
    assert (felled.planted_count, felled.state) == (20, PermitState.DUE)
    assert refusals(changed) == [
        (
            2,
            "code",
            "PL-1 is recorded already with other values; a planting is recorded once (the "
            "programme office corrects it in the admin).",
        )
    ]


def test_plantings_from_geojson_register_a_tree_at_each_place(felled, tmp_path):
    places = {"type": "MultiPoint", "coordinates": [list(IN_WEST), list(IN_EAST)]}
    path = write_geojson(
        tmp_path,
        "pl.geojson",
        [feature(places, code="PL-2", permit="P-1", planted_on="2025-04-02", species="Betula")],
    )

    assert run("plantings", path, scope="").created == 1

    planting = CompensatoryPlanting.objects.get()
    assert planting.count == 2
    assert sorted(planting.trees.values_list("district__code", flat=True)) == ["east", "west"]


def test_bad_planting_rows_are_refused_in_csv_and_geojson(felled, tmp_path):
    future = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    csv = write_csv(
        tmp_path,
        "pl.csv",
        [
            "code,permit,planted_on,count",
            "PL-1,P-404,2025-04-01,3",
            f"PL-2,P-1,{future},3",
            "PL-3,P-1,2025-04-01,",
        ],
    )
    places = {"type": "MultiPoint", "coordinates": [list(IN_WEST), list(IN_EAST)]}
    geojson = write_geojson(
        tmp_path,
        "pl.geojson",
        [feature(places, code="PL-4", permit="P-1", planted_on="2025-04-02", count=3)],
    )

    assert refusals(run("plantings", csv, scope="")) == [
        (2, "permit", "No felling permit numbered P-404."),
        (3, "planted_on", f"{future} is in the future."),
        (4, "count", "The cell is empty; it is required."),
    ]
    assert refusals(run("plantings", geojson, scope="")) == [
        (1, "count", "The planting lists 2 places but counts 3 trees.")
    ]
    assert not CompensatoryPlanting.objects.exists()


# ------------------------------------------------------------------------------ other registries


def test_parks_from_geojson_polygons_become_multipolygons_with_their_area(districts, tmp_path):
    path = write_geojson(
        tmp_path,
        "parks.geojson",
        [feature(SQUARE_E, code="PK1", name_en="Sample park 1", kind="square")],
    )

    assert run("parks", path, scope="").created == 1

    park = Park.objects.get()
    assert (park.geometry.geom_type, park.kind, park.district.code) == (
        "MultiPolygon",
        "square",
        "east",
    )
    assert 340 < park.area_ha < 380


def test_bad_park_rows_are_refused_in_csv_and_geojson(districts, tmp_path):
    wkt = "POLYGON ((76.92 43.24, 76.94 43.24, 76.94 43.26, 76.92 43.24))"
    csv = write_csv(
        tmp_path,
        "parks.csv",
        ["code,name_en,kind,wkt", f'PK1,,park,"{wkt}"', f'PK2,Sample park 2,garden,"{wkt}"'],
    )
    geojson = write_geojson(
        tmp_path, "parks.geojson", [feature(POINT_W, code="PK3", name_en="Sample park 3")]
    )

    assert refusals(run("parks", csv, scope="")) == [
        (2, "name_kk", "Give a name in at least one language."),
        (3, "kind", "“garden” is not one of: park, square, boulevard, forest_park, other."),
    ]
    assert refusals(run("parks", geojson, scope="")) == [
        (1, "geometry", "a Point, where a Polygon or MultiPolygon is expected.")
    ]
    assert not Park.objects.exists()


def test_parks_from_csv_wkt_are_created(districts, tmp_path):
    wkt = "POLYGON ((76.90 43.24, 76.91 43.24, 76.91 43.25, 76.90 43.24))"
    path = write_csv(tmp_path, "parks.csv", ["code,name_kk,wkt", f'PK1,Үлгі саябақ 1,"{wkt}"'])

    assert run("parks", path, scope="").created == 1
    assert Park.objects.get().district.code == "west"


def test_nurseries_are_points_with_a_stated_area_or_polygons_with_a_measured_one(
    districts, tmp_path
):
    # One geometry type per file: GIS programs write a layer of one type.
    points = write_geojson(
        tmp_path, "n1.geojson", [feature(POINT_W, code="N1", name_en="Nursery 1", area_ha="29,14")]
    )
    polygons = write_geojson(
        tmp_path, "n2.geojson", [feature(SQUARE_E, code="N2", name_en="Nursery 2", area_ha=None)]
    )
    bad = write_csv(
        tmp_path,
        "n.csv",
        [
            "code,name_en,area_ha,wkt",
            'N3,Nursery 3,12,"POLYGON ((76.90 43.24, 76.91 43.24, 76.91 43.25, 76.90 43.24))"',
            'N4,Sample nursery 4,-3,"POINT (76.91 43.25)"',
        ],
    )

    assert run("nurseries", points, scope="").created == 1
    assert run("nurseries", polygons, scope="").created == 1
    n1, n2 = Nursery.objects.order_by("code")
    assert (n1.area_ha, n1.district.code) == (Decimal("29.14"), "west")
    assert (n2.geometry.geom_type, n2.district.code) == ("MultiPolygon", "east")
    assert 340 < n2.area_ha < 380
    assert refusals(run("nurseries", bad, scope="")) == [
        (2, "area_ha", "A polygon's area is measured from it: leave the cell empty."),
        (3, "area_ha", "-3 must be more than 0 and at most 1000000."),
    ]
    assert Nursery.objects.count() == 2


def test_wood_waste_sites_from_csv_and_geojson(districts, tmp_path):
    csv = write_csv(
        tmp_path,
        "w.csv",
        [
            "code,name_en,capacity_m3,longitude,latitude",
            f'W1,Sample wood-waste site 1,"150 000",{W}',
            f"W2,Sample wood-waste site 2,lots,{E}",
        ],
    )
    geojson = write_geojson(
        tmp_path,
        "w.geojson",
        [feature(POINT_E, code="W3", name_en="Sample site 3", capacity_m3=500)],
    )

    assert refusals(run("wood-waste-sites", csv, scope="")) == [
        (3, "capacity_m3", "“lots” is not a number.")
    ]
    assert not WoodWasteSite.objects.exists()
    assert run("wood-waste-sites", geojson, scope="").created == 1
    assert WoodWasteSite.objects.get().capacity_m3_per_year == Decimal("500")


def test_a_nursery_from_csv_wkt_is_created_and_a_line_from_geojson_refused(districts, tmp_path):
    csv = write_csv(
        tmp_path, "n.csv", ["code,name_kk,area_ha,wkt", 'N5,Питомник 5,"73",POINT (76.93 43.25)']
    )
    line = {"type": "LineString", "coordinates": [list(IN_WEST), list(IN_EAST)]}
    geojson = write_geojson(tmp_path, "n.geojson", [feature(line, code="N6", name_en="Nursery 6")])

    assert refusals(run("nurseries", geojson, scope="")) == [
        (1, "geometry", "a LineString, where a Point or Polygon or MultiPolygon is expected.")
    ]
    assert not Nursery.objects.exists()
    assert run("nurseries", csv, scope="").created == 1
    assert Nursery.objects.get().area_ha == Decimal("73")


def test_a_wood_waste_site_drawn_as_a_polygon_is_refused(districts, tmp_path):
    geojson = write_geojson(
        tmp_path, "w.geojson", [feature(SQUARE_E, code="W4", name_en="Sample site 4")]
    )

    assert refusals(run("wood-waste-sites", geojson, scope="")) == [
        (1, "geometry", "a Polygon, where a Point is expected.")
    ]
    assert not WoodWasteSite.objects.exists()


@pytest.mark.parametrize("suffix", [".gpkg", ".zip"])
def test_trees_from_a_geopackage_or_a_zipped_shapefile_name_their_bad_feature(
    districts, tmp_path, suffix
):
    source = write_geojson(
        tmp_path,
        "trees.geojson",
        [
            feature(POINT_W, code="P1", species="Ulmus", condition="fair"),
            feature(POINT_E, code="P2", species="Ulmus", condition="splendid"),
        ],
    )
    ogr2ogr = shutil.which("ogr2ogr") or "ogr2ogr"
    if suffix == ".gpkg":
        path = tmp_path / "trees.gpkg"
        subprocess.run([ogr2ogr, str(path), str(source)], check=True, capture_output=True)
    else:
        folder = tmp_path / "shp"
        folder.mkdir()
        subprocess.run(
            [ogr2ogr, str(folder / "trees.shp"), str(source)], check=True, capture_output=True
        )
        path = tmp_path / "trees.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in folder.iterdir():
                archive.write(part, part.name)

    refused = run("trees", path, scope="")

    assert [(line, column) for line, column, _message in refusals(refused)] == [(2, "condition")]
    assert not Tree.objects.filter(code__in=["P1", "P2"]).exists()
