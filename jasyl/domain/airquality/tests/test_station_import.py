"""Stations through the one import pipeline: created, updated, unchanged; bad rows named."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jasyl.domain.airquality.models import Station

HEADER = "code,name_kk,operator,official,kind,district,longitude,latitude"


def stations(tmp_path, *rows: str):
    path = tmp_path / "stations.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, capsys) -> dict:
    call_command("import", "stations", str(path), "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_stations_are_created_then_updated_then_unchanged(roadmap, tmp_path, capsys):
    good = "K1,Бекет 1,Kazhydromet,yes,reference,,76.95,43.25"
    assert run(stations(tmp_path, good), capsys)["created"] == 1
    station = Station.objects.get(code="K1")
    assert (station.official, str(station.longitude), str(station.latitude)) == (
        True, "76.950000", "43.250000")  # fmt: skip
    moved = good.replace("76.95", "76.96")
    assert run(stations(tmp_path, moved), capsys)["updated"] == 1
    assert run(stations(tmp_path, moved), capsys)["unchanged"] == 1


def test_bad_station_rows_are_named_and_nothing_is_written(roadmap, tmp_path, capsys):
    path = stations(
        tmp_path,
        "K1,Бекет 1,Kazhydromet,maybe,reference,,76.95,43.25",
        "K2,Бекет 2,Kazhydromet,no,satellite,,76.95,43.25",
        "K3,Бекет 3,Kazhydromet,no,reference,Nowhere,76.95,43.25",
        "K4,Бекет 4,Kazhydromet,no,reference,,,",
    )
    with pytest.raises(CommandError):
        call_command("import", "stations", str(path), "--format", "json")
    refused = json.loads(capsys.readouterr().out)["refused"]
    assert [(r["line"], r["column"]) for r in refused] == [
        (2, "official"), (3, "kind"), (4, "district"), (5, "geometry")]  # fmt: skip
    assert not Station.objects.exists()
