"""The waste outputs of items 10 and 11 counted from the registries, by the year a row came
into service, and the lifecycle that moves it there."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.registries.outputs import counters_for
from jasyl.domain.registries.services import advance_status
from jasyl.domain.roadmap.models import Quantity
from jasyl.domain.waste.models import ContainerSite, WasteSite
from jasyl.domain.waste.services import Containers, register_container_site, save_site
from jasyl.testing.greenfund import IN_WEST, point

pytestmark = pytest.mark.django_db


def underground(code: str, activity, **values) -> ContainerSite:
    saved = register_container_site(
        values={
            "code": code,
            "name_en": code,
            "kind": ContainerSite.Kind.UNDERGROUND,
            "geometry": point(IN_WEST),
            "activity": activity,
            **values,
        },
        containers={"dry": Containers(2), "wet": Containers(2)},
        actor=None,
        access=None,
    )
    return saved.entry


def test_every_counter_names_an_activity_and_unit_of_the_roadmap_data(roadmap):
    for code, measure in (
        ("10.1", "bulky_waste_sites"),
        ("10.2", "container_sites_modernised_or_built"),
        ("10.3", "eco_stations"),
        ("10.4", "mesh_containers"),
    ):
        (counter,) = counters_for(code)
        units = set(
            Quantity.objects.filter(measure__code=measure, output__activity__code=code).values_list(
                "measure__unit__code", flat=True
            )
        )
        assert units == {counter.unit}, code
    assert [len(counters_for(code)) for code in ("11.1", "11.2", "11.3")] == [1, 1, 1]


def test_underground_sites_count_in_the_year_they_come_into_service(roadmap, districts):
    activity = roadmap.activities.get(code="10.2")
    (counter,) = counters_for("10.2")
    site = underground("U-1", activity)
    other = underground("U-2", activity)
    underground("U-3", None)  # no activity: delivered by nothing of the plan
    assert counter.count(roadmap, None) == 0

    site = advance_status(
        entry=site,
        status=Stage.IN_SERVICE,
        on=datetime.date(2024, 6, 1),
        actor=None,
        access=None,
    ).entry
    advance_status(
        entry=other,
        status=Stage.UNDER_CONSTRUCTION,
        on=datetime.date(2024, 6, 1),
        actor=None,
        access=None,
    )
    assert counter.count(roadmap, 2024) == Decimal(1)
    assert counter.count(roadmap, 2023) == 0
    assert counter.count(roadmap, None) == 1

    # A courtyard site of the same activity is not an underground one.
    save_site(
        model=ContainerSite,
        entry=None,
        values={
            "code": "C-1",
            "name_en": "C-1",
            "geometry": point(IN_WEST),
            "activity": activity,
            "status": Stage.IN_SERVICE,
            "in_service_on": datetime.date(2024, 1, 5),
        },
        actor=None,
        access=None,
    )
    assert counter.count(roadmap, 2024) == 1

    advance_status(
        entry=site,
        status=Stage.DECOMMISSIONED,
        on=datetime.date(2025, 1, 1),
        actor=None,
        access=None,
    )
    assert counter.count(roadmap, None) == 0


def test_sample_rows_are_never_counted(roadmap, districts):
    activity = roadmap.activities.get(code="10.3")
    save_site(
        model=WasteSite,
        entry=None,
        values={
            "code": "S-ECO",
            "name_en": "Sample",
            "kind": WasteSite.Kind.ECO_STATION,
            "geometry": point(IN_WEST),
            "activity": activity,
            "status": Stage.IN_SERVICE,
            "in_service_on": datetime.date(2023, 1, 5),
            "is_sample": True,
        },
        actor=None,
        access=None,
    )
    (counter,) = counters_for("10.3")
    assert counter.count(roadmap, 2023) == 0


def test_the_stage_moves_forward_only_and_not_into_the_future(roadmap, districts):
    site = underground("U-1", None)
    with pytest.raises(RegistryError, match="only moves forward"):
        advance_status(
            entry=site,
            status=Stage.PLANNED,
            on=datetime.date(2024, 1, 1),
            actor=None,
            access=None,
        )
    with pytest.raises(RegistryError, match="future"):
        advance_status(
            entry=site,
            status=Stage.DESIGNED,
            on=datetime.date.today() + datetime.timedelta(days=2),
            actor=None,
            access=None,
        )
    moved = advance_status(
        entry=site, status=Stage.DESIGNED, on=datetime.date(2024, 1, 1), actor=None, access=None
    ).entry
    with pytest.raises(RegistryError, match="is before 2024-01-01"):
        advance_status(
            entry=moved,
            status=Stage.IN_SERVICE,
            on=datetime.date(2023, 1, 1),
            actor=None,
            access=None,
        )


def test_only_the_office_registers_a_container_site(team, districts):
    from jasyl.domain.people.access import access_for

    editor = team["editor"]
    with pytest.raises(Exception, match="Only the programme office"):
        register_container_site(
            values={"code": "X", "name_en": "X", "geometry": point(IN_WEST)},
            containers={},
            actor=editor,
            access=access_for(editor, team.programme),
        )
    assert not ContainerSite.objects.exists()
