"""The search page and the activity list's text filter, with the bundled roadmap."""

import datetime

import pytest
from django.utils import translation

from jasyl.domain.greenfund.models import FellingPermit, Park, Species
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.testing.greenfund import WEST, square
from jasyl.web.common.tables import search

PAGE = "/en/programmes/green-almaty/search/"


@pytest.fixture(scope="module")
def plan():
    return load_plan(programme_folder("green-almaty"))


@pytest.mark.parametrize(
    "forms",
    [
        ("деревья", "дерево", "деревьев"),
        ("ағаш", "ағаштар", "ағаштарды"),
        ("tree", "trees"),
    ],
)
def test_every_form_of_a_word_finds_the_same_activities(plan, forms):
    found = [{a.code for a in search(plan, {"q": form})} for form in forms]
    assert found[0] >= {"2.1", "2.2", "2.3"}
    assert all(f == found[0] for f in found)


def test_activities_found_by_their_name_come_before_those_found_by_their_text(plan):
    ranked = search(plan, {"q": "trees"})
    named = ["tree" in a.name.en.lower() for a in ranked]
    assert named == sorted(named, reverse=True) and True in named and False in named
    assert search(plan, {"q": "10.3"})[0].code == "10.3"


@pytest.fixture
def found(roadmap):
    sync_indicators(roadmap)
    Park.objects.create(
        code="P-1", name_ru="Парк <b>Ботанический</b>", geometry=square(WEST), area_ha=1
    )
    FellingPermit.objects.create(
        number="ВР-2025/17", issued_on=datetime.date(2025, 3, 1), reason="hazardous",
        trees_count=1,
    )  # fmt: skip
    return roadmap


def page(client, query):
    with translation.override("en"):
        return client.get(PAGE, {"q": query}).content.decode()


def test_the_page_finds_indicators_agencies_and_registry_objects(client, found):
    species = Species.objects.filter(name_ru__gt="").first()
    assert 'href="/en/programmes/green-almaty/indicators/' in page(client, "trees")
    agency = page(client, "akimat")
    assert 'href="/en/programmes/green-almaty/agencies/' in agency
    park = page(client, "ботанического")
    assert "Park P-1" in park and 'href="/en/programmes/green-almaty/green-fund/parks/"' in park
    permit = page(client, "вр-2025/17")
    assert "Felling permit ВР-2025/17" in permit and "Found by its code or number." in permit
    kind = page(client, species.name_ru)
    assert "Tree species" in kind and "/green-fund/trees/?species=" in kind


def test_found_words_are_marked_and_nothing_typed_or_stored_runs_as_html(client, found):
    text = page(client, "<script>alert(1)</script> ботанический")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Парк &lt;b&gt;<mark>Ботанический</mark>&lt;/b&gt;" in text
    assert "1 of the 4 words found." in text


def test_a_partial_word_is_not_found_and_the_page_says_so(client, found):
    text = page(client, "газ")
    assert "газон" not in text.split('id="search-hint"')[1].split("</p>", 1)[1]
    assert "“газ” does not find “газон”" in text
