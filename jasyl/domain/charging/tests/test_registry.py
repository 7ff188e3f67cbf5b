"""EV chargers and air-purification blocks: the lifecycle moves forward only with its dates, the
imports take one row per connector and refuse bad rows naming them (writing nothing), and the
planned outputs of items 1.4 and 1.8 are counted from what entered service, beside the approved
reports, with the audit flagging a report that claims more than the registry holds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation, Connector, Evse
from jasyl.domain.planaudit.registry import check_claims
from jasyl.domain.registries.claims import claims, output_rows
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.outputs import counters_for
from jasyl.domain.registries.selectors import history_of
from jasyl.domain.registries.services import advance_status
from jasyl.domain.reporting.models import ReportQuantity
from jasyl.domain.roadmap.models import Measure
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.testing.greenfund import IN_EAST, IN_WEST, refusals, run, write_csv
from jasyl.testing.reports import approved_reports

pytestmark = pytest.mark.django_db

W = f"{IN_WEST[0]},{IN_WEST[1]}"
E = f"{IN_EAST[0]},{IN_EAST[1]}"
HEADER = (
    "code,name_en,holder,activity,status,in_service_on,address,evse_uid,connector_id,"
    "standard,power_type,max_power_kw,longitude,latitude"
)


def chargers_file(tmp_path, *rows: str):
    return write_csv(tmp_path, "chargers.csv", [HEADER, *rows])


def test_one_row_per_connector_makes_locations_evses_and_connectors(roadmap, districts, tmp_path):
    path = chargers_file(
        tmp_path,
        f"EV-1,Abai 10,Charge LLP,1.4,in_service,2024-05-02,Abai 10,1,1,IEC_62196_T2,"
        f"AC_3_PHASE,22,{W}",
        f"EV-1,Abai 10,Charge LLP,1.4,in_service,2024-05-02,Abai 10,1,2,iec_62196_t2_combo,"
        f'DC,"50,0",{W}',
        f"EV-2,Dostyk 5,Charge LLP,1.4,planned,,Dostyk 5,A,1,CHADEMO,DC,50,{E}",
    )
    result = run("ev-chargers", path)
    assert result.ok, refusals(result)
    assert (result.created, result.updated) == (3, 0)
    first = ChargingLocation.objects.get(code="EV-1")
    assert (first.district.code, first.status, first.holder_name) == (
        "west",
        "in_service",
        "Charge LLP",
    )
    assert sorted(
        Connector.objects.filter(evse__location=first).values_list(
            "connector_id", "standard", "power_type", "max_power_kw"
        )
    ) == [
        ("1", "IEC_62196_T2", "AC_3_PHASE", Decimal("22.0")),
        ("2", "IEC_62196_T2_COMBO", "DC", Decimal("50.0")),
    ]
    assert Evse.objects.filter(location=first).count() == 1
    assert history_of(first).get().action == Edit.Action.CREATE
    # The same file again changes nothing.
    again = run("ev-chargers", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_charger_rows_are_named_and_nothing_is_written(roadmap, districts, tmp_path):
    path = chargers_file(
        tmp_path,
        f"EV-1,Abai 10,,1.4,in_service,2024-05-02,,1,1,TYPE2,AC_3_PHASE,22,{W}",
        f"EV-1,Abai 11,,1.4,in_service,2024-05-02,,1,2,IEC_62196_T2,AC_2_PHASE,0,{W}",
        f"EV-2,Dostyk,,1.4,in_service,,,1,1,CHADEMO,DC,50,{E}",
        f"EV-3,Tole bi,,1.4,planned,2024-01-01,,1,1,CHADEMO,DC,50,{E}",
        f"EV-4,Satpaev,,1.4,planned,,,1,1,CHADEMO,DC,50,{E}",
        f"EV-4,Satpaev,,1.4,planned,,,1,1,CHADEMO,DC,60,{E}",
    )
    result = run("ev-chargers", path)
    found = {(line, column): message for line, column, message in refusals(result)}
    assert "OCPI 2.2.1" in found[(2, "standard")]
    assert "row 2" in found[(3, "name_en")]
    assert "Give the date" in found[(4, "in_service_on")]
    assert "not reached" in found[(5, "in_service_on")]
    assert "also on line 6" in found[(7, "connector_id")]
    assert not ChargingLocation.objects.exists()
    assert not Connector.objects.exists()


def test_air_purifier_blocks_import_with_their_modules(roadmap, districts, tmp_path):
    path = write_csv(
        tmp_path,
        "blocks.csv",
        [
            "code,name_en,activity,status,in_service_on,modules,equipment,longitude,latitude",
            f"AP-1,Sairan 1,1.8,in_service,2022-10-01,4,Sea Air,{W}",
            f"AP-2,Sairan 2,1.8,in_service,2022-10-01,,Sea Air,{W}",
            f"AP-3,Sairan 3,1.8,in_service,2022-10-01,1001,Sea Air,{W}",
        ],
    )
    result = run("air-purifiers", path)
    assert [(line, column) for line, column, _m in refusals(result)] == [
        (3, "modules"),
        (4, "modules"),
    ]
    assert not AirPurifierBlock.objects.exists()


def _location(roadmap, code="EV-9", **fields):
    from jasyl.testing.greenfund import point

    return ChargingLocation.objects.create(
        code=code,
        name_en=code,
        geometry=point(IN_WEST),
        activity=roadmap.activities.get(code="1.4"),
        **fields,
    )


def test_the_status_moves_forward_only_with_its_date(roadmap, districts):
    location = _location(roadmap)
    saved = advance_status(
        entry=location,
        status="under_construction",
        on=datetime.date(2024, 3, 1),
        actor=None,
        access=None,
    )
    location = saved.entry
    assert (location.status, location.construction_started_on) == (
        "under_construction",
        datetime.date(2024, 3, 1),
    )
    assert history_of(location).last().changes["status"] == ["planned", "under_construction"]
    with pytest.raises(RegistryError, match="only moves forward"):
        advance_status(
            entry=location, status="designed", on=datetime.date(2024, 4, 1), actor=None, access=None
        )
    with pytest.raises(RegistryError, match="before"):
        advance_status(
            entry=location,
            status="in_service",
            on=datetime.date(2024, 2, 1),
            actor=None,
            access=None,
        )


def test_planned_registered_and_reported_side_by_side_and_the_audit_flags_an_overclaim(
    roadmap, districts
):
    for n, day in enumerate([datetime.date(2024, 5, 2), datetime.date(2024, 9, 1)]):
        location = _location(roadmap, code=f"EV-{n}", status="in_service", in_service_on=day)
        Evse.objects.create(location=location, uid="1")
    _location(roadmap, code="EV-planned")
    sample = _location(
        roadmap,
        code="EV-sample",
        status="in_service",
        in_service_on=datetime.date(2024, 1, 1),
        is_sample=True,
    )
    Evse.objects.create(location=sample, uid="1")
    (report,) = approved_reports(roadmap, ["1.4"], year=2024)
    ReportQuantity.objects.create(
        report=report,
        kind="output",
        measure=Measure.objects.get(programme=roadmap, code="ev_charging_stations"),
        value=Decimal(35),
    )
    assert [c.kind for c in counters_for("1.4")] == ["ev-chargers"]
    plan = current_plan(roadmap)
    rows = {r.period: r for r in output_rows(roadmap, plan, "1.4")}
    assert (rows["2024"].planned, rows["2024"].reported, rows["2024"].registered) == (35, 35, 2)
    assert (rows["2023"].reported, rows["2023"].registered) == (None, 0)
    assert rows["2026-2030"].planned == 115
    (finding,) = check_claims(claims(roadmap, plan))
    assert (finding.activities, finding.period, finding.published, finding.computed) == (
        ("1.4",),
        "2024",
        35,
        2,
    )
    assert "the registry holds 2" in finding.message.en
