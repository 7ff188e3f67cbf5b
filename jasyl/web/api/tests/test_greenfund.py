"""The green fund's GeoJSON endpoints: FeatureCollections paged by djangorestframework-gis, the
`bbox`, district and sample filters, a fixed number of queries however many features, and the
writes with hashed tokens through the same services as the pages (the office at once, an
agency's editor as a proposal, read tokens and outsiders refused)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Tree, WoodWasteSite
from jasyl.domain.people.tokens import issue_api_token
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.services import save_entry
from jasyl.testing.greenfund import EAST, IN_EAST, IN_WEST, districts, point, square  # noqa: F401
from jasyl.web.api.tests.conftest import API
from jasyl.web.greenfund.tests.conftest import permit, reference_data, tree

GREEN = API + "green-fund/"
TODAY = timezone.localdate()


def client_with(user, scope: str = "write") -> APIClient:
    client = APIClient()
    secret = issue_api_token(owner=user, scope=scope).secret
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def registry(roadmap, districts):  # noqa: F811 (the fixture imported above)
    """Three trees in the west, two in the east, one sample tree; a permit."""
    reference_data()
    for n in range(3):
        tree(f"W{n}", (IN_WEST[0] + n * 0.001, IN_WEST[1]), condition="good")
    for n in range(2):
        tree(f"E{n}", (IN_EAST[0] + n * 0.001, IN_EAST[1]), condition="poor")
    tree("S0", IN_WEST, is_sample=True)
    permit("P-1", [Tree.objects.get(code="W0")], felled_on=datetime.date(2025, 3, 2))
    return roadmap


def codes(answer) -> set[str]:
    return {f["properties"]["code"] for f in answer["features"]}


def test_the_trees_are_a_feature_collection_with_points(api, registry):
    answer = api.get(GREEN + "trees/").json()
    assert answer["type"] == "FeatureCollection" and answer["count"] == 5
    assert codes(answer) == {"W0", "W1", "W2", "E0", "E1"}, "official trees only"
    feature = next(f for f in answer["features"] if f["properties"]["code"] == "W0")
    assert feature["geometry"] == {"type": "Point", "coordinates": [76.91, 43.25]}
    assert feature["properties"]["felled_under"] == "P-1"
    assert feature["properties"]["status"] == "felled"


def test_the_bbox_and_district_filters_narrow_the_trees(api, registry):
    west = api.get(GREEN + "trees/?bbox=76.90,43.24,76.92,43.26").json()
    assert codes(west) == {"W0", "W1", "W2"}
    assert codes(api.get(GREEN + "trees/?district=east").json()) == {"E0", "E1"}
    assert codes(api.get(GREEN + "trees/?condition=poor&bbox=76.92,43.24,76.94,43.26").json()) == {
        "E0",
        "E1",
    }
    assert api.get(GREEN + "trees/?district=nowhere").json()["count"] == 0


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,0,-10,5", "0,95,1,96", "nan,0,1,1"])
def test_a_bad_bbox_is_refused_in_the_error_shape(api, registry, bbox):
    answer = api.get(GREEN + f"trees/?bbox={bbox}")
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("bbox:")


def test_the_trees_come_a_page_at_a_time(api, registry):
    first = api.get(GREEN + "trees/?page_size=2").json()
    assert first["count"] == 5 and len(first["features"]) == 2
    assert first["next"].endswith("page=2&page_size=2") and first["previous"] is None
    last = api.get(GREEN + "trees/?page_size=2&page=3").json()
    assert len(last["features"]) == 1 and last["next"] is None
    assert api.get(GREEN + "trees/?page=9").status_code == 404


def test_the_sample_switch_gives_the_sample_trees_only(api, registry):
    answer = api.get(GREEN + "trees/?data=sample").json()
    assert codes(answer) == {"S0"}
    assert answer["features"][0]["properties"]["sample"] is True


def test_the_permits_show_what_they_owe_and_their_state(api, registry):
    (feature,) = api.get(GREEN + "permits/?district=west&state=due").json()["features"]
    assert feature["properties"]["number"] == "P-1"
    assert (feature["properties"]["owed"], feature["properties"]["missing"]) == (10, 10)
    assert feature["geometry"]["type"] == "MultiPoint"
    assert api.get(GREEN + "permits/?state=fulfilled").json()["count"] == 0
    assert api.get(GREEN + f"permits/{feature['id']}/").json() == feature


def test_the_places_are_feature_collections(api, registry):
    save_entry(
        model=Park,
        entry=None,
        actor=None,
        access=None,
        values={"code": "K1", "name_kk": "Саябақ", "geometry": square(EAST)},
    )
    save_entry(
        model=Nursery,
        entry=None,
        actor=None,
        access=None,
        values={"code": "N1", "name_kk": "Көшетхана", "geometry": point(IN_WEST)},
    )
    save_entry(
        model=WoodWasteSite,
        entry=None,
        actor=None,
        access=None,
        values={"code": "S1", "name_kk": "Алаң", "geometry": point(IN_EAST)},
    )
    park = api.get(GREEN + "parks/?bbox=76.925,43.245,76.93,43.25").json()["features"][0]
    assert park["geometry"]["type"] == "MultiPolygon" and park["properties"]["district"] == "east"
    assert park["properties"]["name"]["kk"] == "Саябақ"
    assert api.get(GREEN + "nurseries/").json()["features"][0]["geometry"]["type"] == "Point"
    assert api.get(GREEN + "wood-waste-sites/?district=west").json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["trees/", "permits/", "parks/", "nurseries/", "wood-waste-sites/"]
)
def test_the_lists_read_in_a_fixed_number_of_queries(api, registry, path):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(GREEN + path + "?page_size=1000").status_code == 200
        return len(captured)

    def add(n: int) -> None:
        made = tree(f"M{n}", IN_EAST)
        permit(f"M-P{n}", [made])
        for model, geometry in (
            (Park, square(EAST)),
            (Nursery, point(IN_WEST)),
            (WoodWasteSite, point(IN_EAST)),
        ):
            save_entry(
                model=model,
                entry=None,
                actor=None,
                access=None,
                values={"code": f"M{n}", "name_kk": "Ат", "geometry": geometry},
            )

    add(0)
    few = count()
    for n in range(1, 11):
        add(n)
    assert count() == few <= 5


NEW_TREE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [76.935, 43.245]},
    "properties": {"code": "API-1", "species": None, "condition": "good", "height_m": 7.5},
}


def test_the_office_registers_a_tree_with_a_write_token(team, registry):
    answer = client_with(team["reviewer"]).post(GREEN + "trees/", NEW_TREE, format="json")
    assert answer.status_code == 201, answer.content
    feature = answer.json()
    assert feature["properties"]["district"] == "east" and feature["properties"]["height_m"] == 7.5
    assert Edit.objects.get(code="API-1").by == team["reviewer"]


def test_an_agency_editor_proposes_a_tree_of_its_activity(team, registry):
    body = {**NEW_TREE, "properties": {**NEW_TREE["properties"], "activity": "2.2"}}
    answer = client_with(team["editor"]).post(GREEN + "trees/", body, format="json")
    assert answer.status_code == 202
    assert Edit.objects.get(pk=answer.json()["edit"]).status == Edit.Status.PENDING
    assert not Tree.objects.filter(code="API-1").exists()


@pytest.mark.parametrize(
    ("role", "scope", "status"),
    [("outsider", "write", 403), ("viewer", "write", 403), ("reviewer", "read", 403)],
)
def test_writes_are_refused_to_read_tokens_outsiders_and_read_only_people(
    team, registry, role, scope, status
):
    body = {**NEW_TREE, "properties": {**NEW_TREE["properties"], "activity": "2.2"}}
    answer = client_with(team[role], scope).post(GREEN + "trees/", body, format="json")
    assert answer.status_code == status
    assert not Edit.objects.filter(code="API-1").exists()


def test_an_anonymous_write_asks_for_a_token(api, registry):
    answer = api.post(GREEN + "trees/", NEW_TREE, format="json")
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == "Token"


def test_a_change_sends_only_what_changes(team, registry):
    found = Tree.objects.get(code="E0")
    office = client_with(team["reviewer"])
    answer = office.patch(
        GREEN + f"trees/{found.pk}/",
        {"type": "Feature", "properties": {"condition": "hazardous"}},
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json()["properties"]["condition"] == "hazardous"
    assert answer.json()["geometry"]["coordinates"] == [76.93, 43.25]


def test_a_refusal_of_the_service_names_its_field(team, registry):
    office = client_with(team["reviewer"])
    body = {**NEW_TREE, "properties": {**NEW_TREE["properties"], "species": "Quercus imaginaria"}}
    answer = office.post(GREEN + "trees/", body, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "properties.species"
    again = office.post(GREEN + "trees/", {**NEW_TREE, "properties": {"code": "W1"}}, format="json")
    assert again.status_code == 400, "a code already used"


def test_the_office_issues_a_permit_records_the_felling_and_the_planting(team, registry):
    office = client_with(team["reviewer"])
    issued = office.post(
        GREEN + "permits/",
        {
            "number": "P-API",
            "issued_on": TODAY.isoformat(),
            "reason": "hazardous",
            "trees": ["E0"],
            "applicant": "ЭжҚОБ",
        },
        format="json",
    )
    assert issued.status_code == 201, issued.content
    pk = issued.json()["id"]
    assert FellingPermit.objects.get(pk=pk).applicant == Agency.objects.get(code="ЭжҚОБ")
    felled = office.post(
        GREEN + f"permits/{pk}/fellings/", {"felled_on": TODAY.isoformat()}, format="json"
    )
    assert felled.json()["properties"]["state"] == "due"
    places = [[76.93 + n * 0.0001, 43.25] for n in range(10)]
    planted = office.post(
        GREEN + f"permits/{pk}/plantings/",
        {"planted_on": TODAY.isoformat(), "points": {"type": "MultiPoint", "coordinates": places}},
        format="json",
    )
    assert planted.status_code == 201
    assert planted.json()["properties"]["state"] == "fulfilled"
    assert Tree.objects.filter(planting__permit_id=pk).count() == 10


def test_an_agency_editor_may_not_issue_a_permit(team, registry):
    answer = client_with(team["editor"]).post(
        GREEN + "permits/",
        {"number": "P-X", "issued_on": TODAY.isoformat(), "reason": "hazardous", "trees": []},
        format="json",
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Only the programme office may do this."
