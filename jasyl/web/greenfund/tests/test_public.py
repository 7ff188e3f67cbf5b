"""The green fund's public pages: the felling register with its filters and downloads, a permit
with its compensation (or its honestly unknown compensation), a tree with its history, the
district statistics against the official count, the lists of places, and each list page in a
fixed number of queries."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.models import (
    FellingPermit,
    Nursery,
    NurseryStock,
    Park,
    Species,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.greenfund.services import record_planting, save_tree
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.registries.services import save_entry
from jasyl.testing.greenfund import EAST, WEST, square
from jasyl.testing.people import make_user
from jasyl.testing.reports import observe
from jasyl.web.greenfund.tests.conftest import BASE, IN_EAST, IN_WEST, permit, tree

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of a table as lists of cell texts."""
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    return [
        [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        )
    ]


def csv_rows(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def register(programme):
    """Four official permits and one sample permit:

    - P-W1 (west, hazardous, 2025): 2 trees felled, owes 20, 20 planted: fulfilled;
    - P-W2 (west, hazardous, 2024): 1 tree felled, owes 10, deadline passed: overdue;
    - P-E1 (east, construction, 2025): felled, no rule for its reason: owed unknown;
    - P-E2 (east, hazardous, 2025): nothing felled yet: open;
    - P-S1 (sample, west).
    """
    t = [tree(f"T{n}", IN_WEST if n < 4 else IN_EAST, condition="hazardous") for n in range(1, 7)]
    fulfilled = permit("P-W1", t[0:2], felled_on=datetime.date(2025, 3, 2))
    record_planting(
        permit=fulfilled, planted_on=datetime.date(2025, 4, 1), count=20, actor=None, access=None
    )
    permit(
        "P-W2",
        [t[2]],
        issued_on=datetime.date(2024, 5, 1),
        felled_on=datetime.date(2024, 5, 2),
        deadline=TODAY - DAY,
    )
    permit("P-E1", [t[3]], reason="construction", felled_on=datetime.date(2025, 3, 2))
    permit("P-E2", [t[4]])
    sample_tree = tree("S1", IN_WEST, is_sample=True)
    permit("P-S1", [sample_tree], is_sample=True)
    return t


def test_the_register_lists_every_official_permit_with_its_compensation_and_state(client, register):
    html = page(client, BASE + "permits/")
    found = {row[0]: row for row in rows(html, "permits-table")}
    assert set(found) == {"P-W1", "P-W2", "P-E1", "P-E2"}
    # permit, issued, district, reason, to fell, felled, owed, planted, state, deadline
    assert found["P-W1"][2:9] == [
        "west ауданы",
        "hazardous tree",
        "2",
        "2",
        "20",
        "20",
        "fulfilled",
    ]
    assert found["P-W2"][8] == "overdue"
    assert found["P-E1"][6:9] == ["unknown", "0", "owed unknown"]
    assert found["P-E2"][8] == "open"
    assert 'class="badge badge-error">overdue<' in html
    assert "?data=sample" in html, "the sample switch is offered"


def test_the_sample_switch_shows_the_sample_permits_only_marked_as_sample(client, register):
    html = page(client, BASE + "permits/?data=sample")
    assert [row[0] for row in rows(html, "permits-table")] == ["P-S1 sample"]
    assert "Sample data for demonstration: not official figures." in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("district=west", {"P-W1", "P-W2"}),
        ("district=east&reason=construction", {"P-E1"}),
        ("state=overdue", {"P-W2"}),
        ("state=fulfilled", {"P-W1"}),
        ("state=open", {"P-E2"}),
        ("state=unknown", {"P-E1"}),
        ("year=2024", {"P-W2"}),
        ("year=2025&reason=hazardous", {"P-W1", "P-E2"}),
        ("district=nowhere", {"P-W1", "P-W2", "P-E1", "P-E2"}),
    ],
)
def test_the_register_filters_by_district_reason_state_and_year(client, register, query, expected):
    html = page(client, BASE + f"permits/?{query}")
    assert {row[0] for row in rows(html, "permits-table")} == expected
    csv_numbers = {row[0] for row in csv_rows(client, BASE + f"data/permits.csv?{query}")[1:]}
    assert csv_numbers == expected, "the CSV holds what the page shows"


def test_the_register_downloads_the_filtered_table_as_csv(client, register):
    found = csv_rows(client, BASE + "data/permits.csv?district=west")
    assert found[0][:4] == ["Permit", "Issued on", "District", "Reason"]
    by_number = {row[0]: row for row in found[1:]}
    assert by_number["P-W1"][4:9] == ["2", "2", "20", "20", "0"]
    assert by_number["P-W2"][9].startswith("overdue")
    assert by_number["P-W2"][10] == (TODAY - DAY).isoformat()


def test_the_csv_keeps_a_formula_like_permit_number_a_text(client, programme):
    permit("=HYPERLINK(1)", [tree("T1")])
    found = csv_rows(client, BASE + "data/permits.csv")
    assert found[1][0] == "'=HYPERLINK(1)"


def test_the_register_downloads_the_filtered_permits_as_geojson(client, register):
    response = client.get(BASE + "data/permits.geojson?state=unknown")
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "MultiPoint", "coordinates": [[76.93, 43.25]]}
    assert feature["properties"] | {"issued_on": None} == {
        "number": "P-E1",
        "issued_on": None,
        "reason": "construction",
        "district": "east",
        "trees_count": 1,
        "felled_count": 1,
        "owed": None,
        "planted_count": 0,
        "missing": None,
        "state": "unknown",
        "deadline": None,
        "sample": False,
    }


def test_a_permit_shows_what_it_owes_has_planted_its_state_and_the_rules_source(client, register):
    found = FellingPermit.objects.get(number="P-W1")
    html = page(client, BASE + f"permits/{found.pk}/")
    assert 'id="owed">20<' in html and 'id="planted">20<' in html
    assert "fulfilled: the compensation is planted" in html
    assert "10 trees to plant per tree felled" in html
    assert "Roadmap, item 2.2, description" in html, "the rule's source"
    assert "derived from the published plan" in html, "the rule's verification status"
    for code in ("T1", "T2"):
        assert f">{code}</a>" in html
    assert "P-W1/1" in html, "the planting"
    assert "open: no tree felled yet" in html and "compensation due" in html, "state history"


def test_a_permit_without_a_rule_says_its_compensation_is_unknown(client, register):
    found = FellingPermit.objects.get(number="P-E1")
    html = page(client, BASE + f"permits/{found.pk}/")
    assert 'id="owed">unknown<' in html
    assert 'id="unknown-rule"' in html
    assert "no compensation rule was in force for this reason" in html
    assert "Roadmap, item 2.2" not in html


def test_a_tree_shows_its_attributes_felling_permit_history_and_map_link(client, programme):
    oak = Species.objects.order_by("latin_name").first()
    felled = tree("T1", condition="hazardous", species=oak, trunk_diameter_cm="42.5")
    editor = make_user("tree_surveyor")
    save_tree(tree=felled, values={"height_m": "12"}, actor=editor, access=None)
    issued = permit("P-1", [felled], felled_on=datetime.date(2025, 3, 2))
    html = page(client, BASE + f"trees/{felled.pk}/")
    assert oak.latin_name in html and "42.5" in html and "west ауданы" in html
    assert f"/permits/{issued.pk}/" in html and "P-1" in html
    assert "/en/map/?lon=76.910000&amp;lat=43.250000&amp;z=17" in html
    assert "Height (m): — → 12" in html, "what changed"
    assert "Status: standing → felled" in html
    assert "Tree Surveyor" not in html, "the public does not see who"


def test_the_office_sees_who_changed_a_tree(client, programme, team):
    surveyed = tree("T1")
    save_tree(tree=surveyed, values={"height_m": "12"}, actor=team["editor"], access=None)
    client.force_login(team["reviewer"])
    html = page(client, BASE + f"trees/{surveyed.pk}/")
    assert "Editor" in html and "Height (m): — → 12" in html


def test_the_trees_page_filters_the_registry(client, register):
    html = page(client, BASE + "trees/?district=east&condition=hazardous")
    assert {row[0] for row in rows(html, "trees-table")} == {"T4", "T5", "T6"}


@pytest.fixture
def counted(programme):
    """Trees in two districts, the official count of the green fund's stock, one overdue."""
    sync_indicators(programme)
    for n in range(3):
        tree(f"W{n}", IN_WEST, planted_year=2023, condition="good")
    tree("E0", IN_EAST, planted_year=2024)
    permit(
        "P-1",
        [tree("E1", IN_EAST)],
        issued_on=datetime.date(2025, 1, 2),
        felled_on=datetime.date(2025, 1, 5),
        deadline=TODAY - DAY,
        applicant=Agency.objects.get(code="ЭжҚОБ"),
    )
    observe("2:green_fund_trees", 2024, 8, source="akimat's inventory")
    return programme


def test_the_district_statistics_count_the_registry_against_the_official_count(client, counted):
    html = page(client, BASE + "districts/")
    assert 'id="stock">4<' in html
    assert 'id="coverage">50\xa0%<' in html, "4 standing of 8 official"
    assert "akimat&#x27;s inventory" in html
    assert rows(html, "trees-by-district") == [
        ["east ауданы", "1", "25", "1", "1", "1"],
        ["west ауданы", "3", "75", "3", "0", "0"],
    ]
    assert rows(html, "planted-felled-by-year") == [
        ["2023", "3", "0", "3"],
        ["2024", "1", "0", "1"],
        ["2025", "0", "1", "-1"],
    ]
    assert rows(html, "tree-conditions")[0] == ["good", "3", "75"]


def test_the_district_statistics_download_as_csv(client, counted):
    found = csv_rows(client, BASE + "data/trees-by-district.csv")
    assert found[0][0] == "District"
    assert found[1:] == [
        ["east ауданы", "1", "25", "1", "1", "1"],
        ["west ауданы", "3", "75", "3", "0", "0"],
    ]
    coverage = csv_rows(client, BASE + "data/registry-coverage.csv")
    assert coverage[1] == ["4", "8", "2024-12-31", "akimat's inventory", "50"]
    assert csv_rows(client, BASE + "data/overdue-by-agency.csv")[1][-1] == "1"


def test_without_an_official_count_the_coverage_is_unknown(client, programme):
    sync_indicators(programme)
    tree("T1")
    html = page(client, BASE + "districts/")
    assert 'id="coverage">—<' in html
    assert "there is no official count of the green fund's trees yet" in html


def entry(model, **values):
    """A registry row written by the operator through the registries' service."""
    return save_entry(model=model, entry=None, values=values, actor=None, access=None).entry


@pytest.fixture
def places(programme):
    park = entry(Park, code="PK1", name_kk="Саябақ", geometry=square(WEST), kind="park")
    nursery = entry(
        Nursery, code="N1", name_en="City nursery", geometry=Point(*IN_EAST, srid=4326), area_ha=3
    )
    species = Species.objects.order_by("latin_name")[:2]
    for s, count, on in ((species[0], 100, "2025-01-01"), (species[0], 80, "2025-06-01")):
        NurseryStock.objects.create(nursery=nursery, species=s, count=count, counted_on=on)
    NurseryStock.objects.create(
        nursery=nursery, species=species[1], count=5, counted_on="2025-02-01"
    )
    entry(
        WoodWasteSite,
        code="WW1",
        name_ru="Площадка",
        geometry=Point(*IN_WEST, srid=4326),
        capacity_m3_per_year=1500,
    )
    return park


def test_the_places_are_listed_with_their_area_stock_and_capacity(client, places):
    assert rows(page(client, BASE + "parks/"), "parks")[0][:5] == [
        "PK1",
        "Саябақ",
        "park",
        "west ауданы",
        f"{places.area_ha:,}",
    ]
    nursery = rows(page(client, BASE + "nurseries/"), "nurseries")[0]
    assert nursery[:5] == ["N1", "City nursery", "east ауданы", "3", "85"], "80 + 5 seedlings"
    assert nursery[5] == "2025-06-01"
    assert rows(page(client, BASE + "wood-waste-sites/"), "wood-waste-sites")[0][3] == "1,500"
    geo = json.loads(client.get(BASE + "data/parks.geojson").content)
    assert geo["features"][0]["geometry"]["type"] == "MultiPolygon"
    nurseries = json.loads(client.get(BASE + "data/nurseries.geojson").content)
    assert nurseries["features"][0]["properties"]["seedlings"] == 85
    assert csv_rows(client, BASE + "data/wood-waste-sites.csv")[1][:4] == [
        "WW1",
        "Площадка",
        "west ауданы",
        "1500",
    ]


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", 'lang="kk"'), ("ru", 'lang="ru"'), ("en", "Felling register")],
)
def test_the_pages_open_in_every_language(client, register, language, heading):
    for path in ("permits/", "trees/", "districts/", "parks/", "nurseries/", "wood-waste-sites/"):
        html = page(client, f"/{language}/programmes/green-almaty/green-fund/{path}")
        assert heading in html


@pytest.mark.parametrize(
    "path", ["permits/", "trees/", "districts/", "parks/", "nurseries/", "wood-waste-sites/"]
)
def test_the_list_pages_read_in_a_fixed_number_of_queries(
    client, programme, django_assert_max_num_queries, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(prefix: str, count: int) -> None:
        """Rows of every list, written through the services (each write records an edit, so
        that the cached page is built again)."""
        for n in range(count):
            permit(
                f"{prefix}-P{n}",
                [tree(f"{prefix}{n}", IN_WEST if n % 2 else IN_EAST)],
                felled_on=datetime.date(2025, 3, 2),
            )
            entry(Park, code=f"{prefix}K{n}", name_kk="Саябақ", geometry=square(EAST))
            nursery = entry(
                Nursery,
                code=f"{prefix}N{n}",
                name_kk="Көшетхана",
                geometry=Point(*IN_WEST, srid=4326),
            )
            NurseryStock.objects.create(nursery=nursery, count=10, counted_on="2025-01-01")
            entry(
                WoodWasteSite,
                code=f"{prefix}S{n}",
                name_kk="Алаң",
                geometry=Point(*IN_EAST, srid=4326),
            )

    url = BASE + path
    add("A", 1)
    client.get(url)  # the plan, cached per edition, as in production
    add("B", 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add("C", 8)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
    # The statistics add the registry's eight grouped counts and the indicators' four reads.
    assert len(few) <= (16 if path == "districts/" else 10), f"{path}: {len(few)} queries"


def test_a_polygon_park_is_in_the_geojson_with_its_district(client, programme):
    ring = Polygon(((76.90, 43.24), (76.91, 43.24), (76.91, 43.25), (76.90, 43.24)), srid=4326)
    park = entry(Park, code="PK2", name_kk="Гүлзар", geometry=MultiPolygon(ring, srid=4326))
    assert json.loads(client.get(BASE + "data/parks.geojson").content)["features"][0]["id"] == (
        park.pk
    )


def test_the_demonstration_data_show_only_behind_the_sample_switch(client, programme):
    from jasyl.samples.greenfund import generate

    generate(seed=1, trees=50)
    official = page(client, BASE + "permits/")
    assert "No permit matches." in official and "SAMPLE-P-1" not in official
    shown = page(client, BASE + "permits/?data=sample")
    states = {row[0].split()[0]: row[8] for row in rows(shown, "permits-table")}
    assert states == {"SAMPLE-P-1": "fulfilled", "SAMPLE-P-2": "overdue", "SAMPLE-P-3": "due"}
    assert shown.count('class="badge badge-sample"') == 3
    assert 'id="stock">0<' in page(client, BASE + "districts/")
    assert 'id="stock">0<' not in page(client, BASE + "districts/?data=sample")
    sample_parks = page(client, BASE + "parks/?data=sample")
    assert "Sample park 1" in sample_parks and "Sample park 1" not in page(client, BASE + "parks/")


# What a sample row's holder, applicant, source and history note read as in each language.
SAMPLE_WORDS = {
    "kk": ("Үлгі деректер", "Таныстыруға арналған үлгі деректер", "(үлгі деректер)"),
    "ru": (
        "Демонстрационные данные",
        "Демонстрационные данные: это не",
        "(демонстрационные данные)",
    ),
}
# The English the sample command and the services store, which no kk or ru page may show.
STORED_ENGLISH = (
    "Sample data", "Sample applicant", "fictional", "(sample data)", "(compensatory planting)",
    "compensatory planting SAMPLE", "felled under permit", "planting for permit",
)  # fmt: skip


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_demonstration_datas_texts_read_in_the_pages_language(client, programme, language):
    from jasyl.samples.greenfund import generate

    generate(seed=1, trees=50)
    holder, source, note = SAMPLE_WORDS[language]
    base = BASE.replace("/en/", f"/{language}/")
    sample_tree = Tree.objects.get(code="SAMPLE-T-00001")
    shown = page(client, f"{base}trees/{sample_tree.pk}/?data=sample")
    assert f"<dd>{holder}</dd>" in shown and source in shown and note in shown
    sample_permit = FellingPermit.objects.get(number="SAMPLE-P-1")
    shown = page(client, f"{base}permits/{sample_permit.pk}/?data=sample")
    assert f"<dd>{holder}</dd>" in shown and source in shown
    felled, planted = sample_permit.trees.first(), Tree.objects.get(code="SAMPLE-PL-1-1")
    for row in (felled, planted):
        shown += page(client, f"{base}trees/{row.pk}/?data=sample")
    for path in ("trees/", "permits/", "parks/", "nurseries/", "wood-waste-sites/"):
        shown += page(client, f"{base}{path}?data=sample")
    for english in STORED_ENGLISH:
        assert english not in shown, english
