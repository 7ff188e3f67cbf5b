"""The waste kinds of import through the one pipeline: container sites with their containers,
collection sites, plants and tonnage; a refused row is named by its line, column and message,
and then nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jasyl.domain.registries.models import Edit
from jasyl.domain.waste.models import ContainerSite, TonnageRecord, TreatmentPlant, WasteSite
from jasyl.testing.greenfund import IN_EAST, IN_WEST, refusals, run, write_csv

pytestmark = pytest.mark.django_db

SITES = (
    "code,name_en,kind,status,in_service_on,activity,containers_dry,containers_wet,"
    "containers_glass,container_volume_m3,longitude,latitude"
)


def test_container_sites_are_created_with_their_containers_in_their_districts(
    roadmap, districts, tmp_path
):
    path = write_csv(
        tmp_path,
        "sites.csv",
        [
            SITES,
            f"CS-1,Yard 1,underground,in_service,2024-05-02,10.2,2,2,,3,{IN_WEST[0]},{IN_WEST[1]}",
            f"CS-2,Yard 2,courtyard,planned,,,1,1,1,,{IN_EAST[0]},{IN_EAST[1]}",
        ],
    )
    result = run("container-sites", path)
    assert result.ok, refusals(result)
    assert result.created == 2
    first = ContainerSite.objects.get(code="CS-1")
    assert (first.kind, first.status, first.district.code) == ("underground", "in_service", "west")
    assert first.in_service_on == datetime.date(2024, 5, 2)
    assert first.activity.code == "10.2"
    held = {c.fraction: (c.count, c.volume_m3) for c in first.containers.all()}
    assert held == {"dry": (2, Decimal(3)), "wet": (2, Decimal(3))}
    second = ContainerSite.objects.get(code="CS-2")
    assert sorted(c.fraction for c in second.containers.all()) == ["dry", "glass", "wet"]
    # Every container is in the history, beside its site.
    assert Edit.objects.filter(content_type__model="container").count() == 5

    # The same file again changes nothing; a new count of glass containers updates the site.
    again = run("container-sites", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    path = write_csv(
        tmp_path,
        "glass.csv",
        [
            "code,containers_glass,longitude,latitude",
            f"CS-1,4,{IN_WEST[0]},{IN_WEST[1]}",
            f"CS-2,0,{IN_EAST[0]},{IN_EAST[1]}",
        ],
    )
    changed = run("container-sites", path)
    assert changed.ok and changed.updated == 2
    assert first.containers.get(fraction="glass").count == 4
    assert not second.containers.filter(fraction="glass").exists()
    assert second.containers.count() == 2


def test_bad_rows_are_named_by_line_and_column_and_nothing_is_written(districts, tmp_path):
    future = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    path = write_csv(
        tmp_path,
        "bad.csv",
        [
            SITES,
            f"OK-1,Fine,underground,planned,,,1,,,,{IN_WEST[0]},{IN_WEST[1]}",
            f"B-2,Bad kind,floating,planned,,,1,,,,{IN_WEST[0]},{IN_WEST[1]}",
            f"B-3,Bad status,courtyard,built,,,1,,,,{IN_WEST[0]},{IN_WEST[1]}",
            f"B-4,Future,courtyard,in_service,{future},,1,,,,{IN_WEST[0]},{IN_WEST[1]}",
            f"B-5,Too many,courtyard,planned,,,5000,,,,{IN_WEST[0]},{IN_WEST[1]}",
            f"B-6,Huge volume,courtyard,planned,,,1,,,500,{IN_WEST[0]},{IN_WEST[1]}",
        ],
    )
    result = run("container-sites", path)
    found = {(line, column) for line, column, _message in refusals(result)}
    assert found == {
        (3, "kind"),
        (4, "status"),
        (5, "in_service_on"),
        (6, "containers_dry"),
        (7, "container_volume_m3"),
    }
    assert not ContainerSite.objects.exists()


def test_collection_sites_and_plants_need_their_kind(districts, tmp_path):
    path = write_csv(
        tmp_path,
        "sites.csv",
        [
            "code,name_en,kind,area_m2,longitude,latitude",
            f"ECO-1,Eco-station,eco_station,40,{IN_WEST[0]},{IN_WEST[1]}",
            f"M-1,Mesh,,,{IN_WEST[0]},{IN_WEST[1]}",
        ],
    )
    result = run("waste-sites", path)
    assert refusals(result) == [(3, "kind", "The cell is empty; it is required.")]
    path = write_csv(
        tmp_path,
        "plants.csv",
        [
            "code,name_en,kind,capacity_t,longitude,latitude",
            f"RDF-1,RDF plant,rdf,200 000,{IN_EAST[0]},{IN_EAST[1]}",
        ],
    )
    assert run("waste-plants", path).ok
    assert TreatmentPlant.objects.get().capacity_t_per_year == Decimal(200000)
    assert not WasteSite.objects.exists()


TONNAGE = "month,site,operator,fraction,destination,tonnes,source"


def test_tonnage_records_are_known_by_month_site_fraction_and_destination(districts, tmp_path):
    sites = write_csv(
        tmp_path,
        "s.csv",
        [
            "code,name_en,kind,longitude,latitude",
            f"ECO-1,Eco,eco_station,{IN_WEST[0]},{IN_WEST[1]}",
        ],
    )
    assert run("waste-sites", sites).ok
    path = write_csv(
        tmp_path,
        "t.csv",
        [
            TONNAGE,
            "2024-03,ECO-1,,plastic,recycling,12.5,Operator's monthly report",
            "2024-03,,Sample operator,dry,energy_recovery,100,Operator's monthly report",
        ],
    )
    result = run("waste-tonnage", path)
    assert result.ok, refusals(result)
    assert TonnageRecord.objects.count() == 2
    record = TonnageRecord.objects.get(site_code="ECO-1")
    assert (record.month, record.tonnes) == (datetime.date(2024, 3, 1), Decimal("12.5"))
    path = write_csv(
        tmp_path, "t2.csv", [TONNAGE, "01.03.2024,ECO-1,,plastic,recycling,13,Corrected report"]
    )
    again = run("waste-tonnage", path)
    assert (again.created, again.updated) == (0, 1)
    record.refresh_from_db()
    assert record.tonnes == 13


def test_bad_tonnage_rows_are_refused(districts, tmp_path):
    path = write_csv(
        tmp_path,
        "t.csv",
        [
            TONNAGE,
            "2024-13,,Op,plastic,recycling,1,src",
            "2099-01,,Op,plastic,recycling,1,src",
            "2024-01,NOWHERE,,plastic,recycling,1,src",
            "2024-01,,,plastic,recycling,1,src",
            "2024-01,,Op,wood,recycling,1,src",
            "2024-01,,Op,plastic,recycling,-1,src",
            "2024-01,,Op,plastic,recycling,1,",
            "2024-02,,Op,glass,recycling,1,src",
            "2024-02,,Op,glass,recycling,2,src",
        ],
    )
    result = run("waste-tonnage", path)
    found = [(line, column) for line, column, _message in refusals(result)]
    assert found == [
        (2, "month"),
        (3, "month"),
        (4, "site"),
        (5, "site"),
        (6, "fraction"),
        (7, "tonnes"),
        (8, "source"),
        (10, "month"),
    ]
    assert not TonnageRecord.objects.exists()


def test_only_the_office_imports_waste(roadmap, team, tmp_path):
    path = write_csv(tmp_path, "t.csv", [TONNAGE, "2024-01,,Op,glass,recycling,1,src"])
    with pytest.raises(PermissionDenied):
        run("waste-tonnage", path, actor=team["editor"])
    with pytest.raises(PermissionDenied):
        run("container-sites", path, actor=team["editor"])
