"""`jasyl sample-air`: fictional stations inside Almaty's box, the same seed the same values,
stored once, removed without touching real data."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from jasyl.domain.airquality.models import Measurement, Station
from jasyl.domain.airquality.tests.factories import full_day, station
from jasyl.samples.air import BOX, OPERATOR


def values():
    return list(
        Measurement.objects.order_by("station__code", "parameter", "observed_at").values_list(
            "station__code", "parameter", "observed_at", "value"
        )
    )


@pytest.mark.django_db
def test_sample_stations_are_fictional_and_flagged(capsys):
    call_command("sample_air", "--days", "2")
    stations = list(Station.objects.all())
    assert [s.name_en for s in stations] == [f"Sample station {n}" for n in range(1, 5)]
    assert all(s.sample and s.operator == OPERATOR for s in stations)
    (south, west), (north, east) = BOX
    assert all(south <= s.latitude <= north and west <= s.longitude <= east for s in stations)
    assert "Created 4 sample stations" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_values_and_runs_twice_store_once():
    real = station("REAL", official=True)
    full_day(real, "pm25", datetime.date(2025, 1, 5), 12.0)
    call_command("sample_air", "--days", "2", "--seed", "7")
    first = values()
    call_command("sample_air", "--days", "2", "--seed", "7")
    assert values() == first
    call_command("sample_air", "--days", "2", "--seed", "7", "--remove")
    assert values() == first
    call_command("sample_air", "--days", "2", "--seed", "8", "--remove")
    assert values() != first
    assert Measurement.objects.filter(station=real).count() == 24  # real data untouched


def test_a_sample_stations_operator_reads_in_the_pages_language(roadmap, client):
    call_command("sample_air", "--days", "1")
    code = Station.objects.order_by("code").first().code
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            words = translation.gettext("Sample data")
        base = f"/{language}/programmes/green-almaty/air/"
        for page in (base + "?data=sample", f"{base}stations/{code}/?data=sample"):
            html = client.get(page).content.decode()
            assert f">{words}<" in html, page
            if language != "en":
                assert f">{OPERATOR}<" not in html, page
