import pytest

from jasyl.core.text import fold, matches, number_text


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("әуезов", "Әуезов ауданының әкімдігі"),
        ("ауезов", "Әуезов ауданының әкімдігі"),
        ("АУЕЗОВ", "Әуезов ауданының әкімдігі"),
        ("зеленый", "Зелёный Алматы"),
        ("қоқыс", "Қоқыс жағу зауыты"),
        ("кокыс", "Қоқыс жағу зауыты"),
        ("CHARGING", "Electric-vehicle charging stations"),
        ("cafe", "Café"),
    ],
)
def test_search_ignores_case_diacritics_and_kazakh_letters(typed, published):
    assert matches(typed, published)


def test_every_word_must_occur_somewhere():
    assert matches("зарядтау станция", "Электромобильдерді", "зарядтау станцияларын орнату")
    assert not matches("зарядтау ағаш", "зарядтау станцияларын орнату")


def test_folding_keeps_different_words_apart():
    assert fold("Ауа") != fold("Су")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1 234,5", "1234.5"),
        ("6\u00a0500\u00a0000", "6500000"),
        ("7\u202f648.25", "7648.25"),
        (" 12 ", "12"),
    ],
)
def test_numbers_are_read_as_people_type_them(typed, read):
    assert number_text(typed) == read
