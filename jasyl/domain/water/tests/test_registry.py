"""The water registry: each kind takes the shape it is drawn as, its length or area measured
in UTM 43N; a river is natural (no lifecycle); works are checked before they are written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jasyl.domain.people.access import access_for
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Edit
from jasyl.domain.water.models import WaterWork
from jasyl.domain.water.services import advance_status, record_work, save_object
from jasyl.domain.water.tests.helpers import line, water_object, work
from jasyl.testing.greenfund import IN_WEST, point

pytestmark = pytest.mark.django_db


def test_a_canal_is_measured_placed_and_tagged_as_openstreetmap_does(districts):
    canal = water_object("C-1", "canal", usage="irrigation")
    # 0.02° of longitude at 43.25° N: 1.624 km on the ellipsoid, a little less in UTM 43N.
    assert Decimal("1.615") < canal.length_km < Decimal("1.630")
    assert canal.area_ha is None
    assert canal.district.code == "west"
    assert canal.osm_tags == {"waterway": "canal", "usage": "irrigation"}
    assert water_object("A-1", "aryk").osm_tags == {"waterway": "ditch"}
    pond = water_object("P-1", "pond")
    # 0.01° by 0.005°: about 811 m by 556 m, some 45 ha.
    assert Decimal(40) < pond.area_ha < Decimal(50)
    assert pond.length_km is None
    assert pond.osm_tags == {"natural": "water", "water": "pond"}


def test_each_kind_refuses_a_shape_of_another(districts):
    with pytest.raises(RegistryError, match="canal is drawn as LineString or MultiLineString"):
        save_object(
            entry=None,
            values={"code": "C-1", "name_en": "C", "kind": "canal", "geometry": point(IN_WEST)},
            actor=None,
            access=None,
        )
    with pytest.raises(RegistryError, match="water intake is drawn as Point"):
        save_object(
            entry=None,
            values={"code": "W-1", "name_en": "W", "kind": "water_intake", "geometry": line()},
            actor=None,
            access=None,
        )
    with pytest.raises(RegistryError, match="Only a canal or an aryk has a usage"):
        water_object("P-1", "pond", usage="irrigation")
    # A line across half the country is a slip of drawing.
    with pytest.raises(RegistryError, match="must be above 0 and at most 500"):
        save_object(
            entry=None,
            values={
                "code": "R-9",
                "name_en": "R",
                "kind": "river",
                "geometry": line(((70.0, 43.25), (77.0, 43.25))),
            },
            actor=None,
            access=None,
        )


def test_a_river_has_no_lifecycle_and_a_built_object_moves_forward(districts):
    river = water_object("R-1", "river")
    with pytest.raises(RegistryError, match="is a river: it is not built"):
        advance_status(
            entry=river, status="in_service", on=datetime.date(2024, 1, 1), actor=None, access=None
        )
    with pytest.raises(RegistryError, match="natural, not built"):
        water_object("R-2", "river", status="designed", designed_on=datetime.date(2024, 1, 1))
    intake = water_object("W-1", "water_intake")
    moved = advance_status(
        entry=intake, status="in_service", on=datetime.date(2024, 5, 1), actor=None, access=None
    ).entry
    assert (moved.status, moved.in_service_on) == ("in_service", datetime.date(2024, 5, 1))
    with pytest.raises(RegistryError, match="only moves forward"):
        advance_status(
            entry=moved, status="designed", on=datetime.date(2024, 6, 1), actor=None, access=None
        )


def test_works_are_checked_and_recorded_in_the_history(districts, roadmap):
    canal = water_object("C-1", "canal")
    pond = water_object("P-1", "pond")
    river = water_object("R-1", "river")
    done = work(canal, "reconstruction", datetime.date(2024, 5, 1), km_done=Decimal("1.2"))
    assert done.key == "C-1 reconstruction 2024-05-01"
    assert Edit.objects.filter(content_type__model="waterwork", code=done.key).exists()
    refused = {
        "more than the length of C-1": (canal, "reconstruction", {"km_done": Decimal(2)}),
        "not on a pond": (pond, "cleaning", {"km_done": Decimal("0.1")}),
        "cleaning, construction or reconstruction only": (
            canal,
            "landscaping",
            {"km_done": Decimal("0.1")},
        ),
        "Give the kilometres of channel reconstructed": (river, "reconstruction", {}),
        "in the future": (
            pond,
            "cleaning",
            {"done_on": datetime.date.today() + datetime.timedelta(days=3)},
        ),
        "not in the budget period 2022": (
            pond,
            "cleaning",
            {"budget_period": roadmap.periods.get(code="2022")},
        ),
    }
    for message, (row, kind, extra) in refused.items():
        with pytest.raises(RegistryError, match=message):
            work(row, kind, extra.pop("done_on", datetime.date(2024, 5, 1)), **extra)
    # The same work of the same object on the same day is one row.
    with pytest.raises(RegistryError):
        work(canal, "reconstruction", datetime.date(2024, 5, 1), km_done=Decimal("0.2"))
    assert WaterWork.objects.count() == 1


def test_only_the_office_records_works(districts, team):
    pond = water_object("P-1", "pond")
    editor = team["editor"]
    with pytest.raises(PermissionDenied, match="office"):
        record_work(
            water_object=pond,
            values={"kind": "cleaning", "done_on": datetime.date(2024, 1, 1), "source": "x"},
            actor=editor,
            access=access_for(editor, team.programme),
        )
    assert not WaterWork.objects.exists()
