"""Word forms in Kazakh, Russian and English, ranking and snippets (jasyl/core/search)."""

import pytest

from jasyl.core.search import kazakh
from jasyl.core.search.folding import fold
from jasyl.core.search.ranking import Document, Field, best_snippet, match, parse, snippet
from jasyl.core.text import matches


@pytest.mark.parametrize(
    "forms",
    [
        ("ағаш", "ағаштар", "ағаштарды", "ағаштың", "ағашы", "агаштарды"),
        ("аудан", "ауданда", "ауданында", "аудандарда", "аудандардың"),
        ("тазалық", "тазалығы"),  # қ voiced to ғ before a vowel
    ],
)
def test_the_kazakh_rule_takes_a_word_to_one_stem_in_all_its_forms(forms):
    assert len({kazakh.stem(fold(form)) for form in forms}) == 1


def test_the_kazakh_rule_keeps_short_roots_apart():
    """ "ау" + "дан" would make "аудан" (district) one with "ауа" (air): a stem keeps 3 letters."""
    assert kazakh.stem(fold("аудан")) != kazakh.stem(fold("ауа"))


def test_an_endings_file_without_a_source_is_refused_naming_the_slot():
    content = {"min_stem": 3, "sources": {}, "slots": [{"slot": "plural", "groups": []}]}
    with pytest.raises(kazakh.EndingsError, match=r"endings.yaml: slot 1 \(plural\) cites"):
        kazakh.read_rule(content, "endings.yaml")


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("деревья", "Посадка деревьев"),
        ("дерево", "Уход за деревьями"),
        ("ағаш", "Ағаштарды отырғызу"),
        ("ағаштарды", "ағаш"),
        ("trees", "Planting a tree"),
        ("газ", "выбросы газа"),
    ],
)
def test_any_form_of_a_word_finds_the_others(typed, published):
    assert matches(typed, published)


def test_part_of_a_word_finds_nothing():
    assert not matches("газ", "Озеленение и газоны")
    assert not matches("tree", "street")


def test_results_rank_the_code_then_more_words_then_the_title():
    query = parse("tree planting")
    documents = {
        "description": Document((Field("Parks", "en", True), Field("Tree care", "en"))),
        "title": Document((Field("Tree care", "en", True), Field("Parks", "en"))),
        "both": Document((Field("Trees", "en", True), Field("Planting in spring", "en"))),
        "code": Document((Field("Parks", "en", True), Field("Planting", "en")), ("tree",)),
    }
    hits = {name: match(query, d) for name, d in documents.items()}
    assert sorted(hits, key=lambda name: hits[name].order) == [
        "code", "both", "title", "description",
    ]  # fmt: skip
    assert match(query, Document((Field("Streets", "en", True),))) is None


def test_a_snippet_marks_the_words_found_around_the_first_one():
    text = "Intro words here. " * 20 + "Planting trees along streets. " + "More text. " * 20
    cut = snippet(parse("tree"), Field(text, "en"))
    assert cut.cut_before and cut.cut_after
    assert [p.text for p in cut.parts if p.marked] == ["trees"]
    assert len("".join(p.text for p in cut.parts)) <= 180


def test_the_snippet_prefers_the_pages_language_when_both_show_the_word():
    fields = [Field("Ағаштар", "kk"), Field("Деревья", "ru"), Field("Trees", "en")]
    assert best_snippet(parse("ағаш дерево"), fields, "ru") is not None
    shown = best_snippet(parse("деревья"), fields, "ru")
    assert shown is not None and shown.language == "ru"


def test_a_long_query_is_cut():
    query = parse(" ".join(f"w{n}" for n in range(50)) + "x" * 500)
    assert len(query.words) == 10 and len(query.text) <= 200
