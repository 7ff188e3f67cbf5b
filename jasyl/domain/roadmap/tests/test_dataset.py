"""The loader refuses bad data files with errors that name the file and the place."""

import shutil

import pytest
import yaml

from jasyl.domain.roadmap.dataset import DatasetError, load_plan, programme_folder


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "green-almaty"
    shutil.copytree(programme_folder("green-almaty"), target)
    return target


def edit(folder, name, change):
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def errors(folder):
    with pytest.raises(DatasetError) as caught:
        load_plan(folder)
    return caught.value.errors


def item(data, code):
    return next(a for a in data["activities"] if a["code"] == code)


def test_an_unknown_agency_is_named_with_its_place(folder):
    edit(folder, "section-air.yaml", lambda d: item(d, "1.4")["agencies"].append("ЖОҚ"))
    assert errors(folder) == [
        "section-air.yaml: activities[4] (1.4).agencies: unknown agency 'ЖОҚ'"
    ]


def test_text_in_a_number_cell_is_refused(folder):
    edit(
        folder, "section-waste.yaml", lambda d: item(d, "10.2")["funding"].update({"2023": "2 8x9"})
    )
    assert errors(folder) == [
        "section-waste.yaml: activities[2] (10.2).funding.2023: expected a number, found '2 8x9'"
    ]


def test_a_wrong_unit_is_refused(folder):
    def change(d):
        item(d, "1.4")["outputs"]["2023"]["quantities"][0]["unit"] = "km"

    edit(folder, "section-air.yaml", change)
    assert errors(folder) == [
        "(all files): activity 1.4: outputs.2023: wrong unit 'km' for 'ev_charging_stations'; "
        "its unit is 'item'"
    ]


def test_a_duplicate_code_is_refused(folder):
    edit(folder, "section-air.yaml", lambda d: d["activities"].append(dict(item(d, "1.9"))))
    assert "(all files): activity 1.9: the code is used twice" in errors(folder)


def test_an_unknown_period_and_a_null_cell_are_both_reported(folder):
    def change(d):
        item(d, "1.1")["funding"]["2031"] = 5
        item(d, "1.1")["funding"]["2022"] = None

    edit(folder, "section-air.yaml", change)
    found = errors(folder)
    assert len(found) == 2
    assert any("funding.2031: unknown key" in e for e in found)
    assert any("funding.2022: leave a blank cell out instead of writing null" in e for e in found)


def test_a_negative_amount_is_refused(folder):
    edit(folder, "programme.yaml", lambda d: d["grand_total"].update({"total": -1}))
    assert errors(folder) == [
        "programme.yaml: grand_total.total: a published amount cannot be negative (-1)"
    ]


def test_a_child_before_its_parent_is_refused(folder):
    edit(folder, "section-air.yaml", lambda d: d["activities"].reverse())
    assert "(all files): activity 1.9: its parent 1 must come before it" in errors(folder)


def test_broken_yaml_names_the_file(folder):
    (folder / "section-waste.yaml").write_text("activities: [\n", encoding="utf-8")
    assert errors(folder)[0].startswith("section-waste.yaml: file: not valid YAML")


def test_notes_missing_a_language_are_refused_with_the_activity_and_the_key(folder):
    edit(folder, "section-air.yaml", lambda d: item(d, "1.4")["notes"].pop("ru"))
    assert errors(folder) == [
        "section-air.yaml: activities[4] (1.4).notes.ru: missing: give the text in kk, ru and en"
    ]


def test_notes_in_one_language_only_are_refused(folder):
    def change(d):
        item(d, "1.1")["notes"] = item(d, "1.1")["notes"]["en"]

    edit(folder, "section-air.yaml", change)
    assert errors(folder) == [
        "section-air.yaml: activities[1] (1.1).notes: expected a mapping of kk, ru and en"
    ]


def test_the_notes_are_read_in_every_language_as_written(folder):
    notes = load_plan(folder).activity("10.1").notes
    assert "бір көз; көз — жергілікті бюджет (ЖБ)" in notes.kk
    assert "один источник; источник — местный бюджет (ЖБ)" in notes.ru
    # The quoted document words keep their double space in every language.
    assert all("«көлемдегі  және»" in text for text in (notes.kk, notes.ru))
    assert '"көлемдегі  және"' in notes.en
