import pytest

from jasyl.core.text import fold, matches


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
