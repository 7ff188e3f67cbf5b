"""The programme office registers an EV charging location with its connectors and advances its
stage on the pages; OCPI 2.2.1's code lists and the power's bounds refuse a bad connector,
naming it; nobody else may."""

from __future__ import annotations

import datetime

import pytest

from jasyl.domain.charging.models import ChargingLocation, Connector
from jasyl.domain.registries.models import Edit
from jasyl.testing.greenfund import IN_WEST

pytestmark = pytest.mark.django_db
BASE = "/en/programmes/green-almaty/registries/"


def location(**changed):
    typed = {
        "code": "EV-ABAY",
        "name_en": "Abay 10",
        "address": "Abay avenue 10",
        "operator": "City parking",
        "longitude": str(IN_WEST[0]),
        "latitude": str(IN_WEST[1]),
        "status": "planned",
        "c1_evse_uid": "1",
        "c1_connector_id": "1",
        "c1_standard": "IEC_62196_T2",
        "c1_format": "SOCKET",
        "c1_power_type": "AC_3_PHASE",
        "c1_max_power_kw": "22",
        "c2_evse_uid": "2",
        "c2_connector_id": "1",
        "c2_standard": "IEC_62196_T2_COMBO",
        "c2_format": "CABLE",
        "c2_power_type": "DC",
        "c2_max_power_kw": "150",
    }
    return {**typed, **changed}


def test_the_office_registers_a_location_with_two_connectors_and_advances_it(
    client,
    team,
    districts,
):
    client.force_login(team["reviewer"])
    list_page = client.get(BASE + "ev-chargers/").content.decode()
    assert "Register a charging location" in list_page
    response = client.post(BASE + "ev-chargers/new/", location())
    saved = ChargingLocation.objects.get(code="EV-ABAY")
    assert response.status_code == 302 and response["Location"].endswith(f"/{saved.pk}/")
    assert (saved.district.code, saved.holder_name, saved.status) == (
        "west",
        "City parking",
        "planned",
    )
    connectors = Connector.objects.filter(evse__location=saved).order_by("evse__uid")
    assert [(c.evse.uid, c.standard, c.power_type, c.max_power_kw) for c in connectors] == [
        ("1", "IEC_62196_T2", "AC_3_PHASE", 22),
        ("2", "IEC_62196_T2_COMBO", "DC", 150),
    ]
    # The location, its two EVSEs and its two connectors are in the history.
    assert Edit.objects.filter(content_type__app_label="charging").count() == 5

    status = BASE + f"ev-chargers/{saved.pk}/status/"
    assert "Change its status" in client.get(BASE + f"ev-chargers/{saved.pk}/").content.decode()
    future = datetime.date.today() + datetime.timedelta(days=3)
    refused = client.post(status, {"status": "in_service", "on": future.isoformat()})
    assert refused.status_code == 400 and "is in the future" in refused.content.decode()
    moved = client.post(status, {"status": "in_service", "on": "2024-05-02"})
    assert moved.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.in_service_on) == ("in_service", datetime.date(2024, 5, 2))
    # Forward only: an earlier stage is not offered any more.
    again = client.post(status, {"status": "designed", "on": "2024-06-01"})
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"c2_standard": "SAE_J3400"}, "c2_standard", "Select a valid choice"),
        ({"c1_power_type": "AC_2_PHASE"}, "c1_power_type", "Select a valid choice"),
        ({"c1_max_power_kw": "22000"}, "c1_max_power_kw", ""),
        ({"c2_power_type": ""}, "c2_power_type", "Connector 2: this is required."),
        ({"c2_evse_uid": "1"}, None, "connector “1” is already given for EVSE “1”"),
        ({"status": "in_service"}, "stage_on", "Give the date the row reached its stage"),
    ],
)
def test_a_bad_connector_is_refused_naming_it(
    client,
    team,
    districts,
    changed,
    field,
    message,
):
    client.force_login(team["reviewer"])
    response = client.post(BASE + "ev-chargers/new/", location(**changed))
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert errors and message in " ".join(errors)
    assert not ChargingLocation.objects.exists()


def test_only_the_office_registers_a_location(client, team, districts):
    client.force_login(team["editor"])
    assert client.get(BASE + "ev-chargers/new/").status_code == 403
    assert client.post(BASE + "ev-chargers/new/", location()).status_code == 403
    assert not ChargingLocation.objects.exists()
