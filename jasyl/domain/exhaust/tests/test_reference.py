"""The limits file: what the bundled table says, and the loader's errors, each naming the file
and the key."""

from decimal import Decimal

import pytest
import yaml

from jasyl.core.i18n import LANGUAGES
from jasyl.domain.exhaust.reference import (
    DATA,
    FILE,
    Fuel,
    Idle,
    Pollutant,
    ReferenceDataError,
    Status,
    load_limits,
)


def test_the_bundled_table_holds_the_facts_and_nothing_more():
    limits = load_limits()
    assert limits.version == 1
    (table,) = limits.tables
    assert table.effective_from is None, "the facts give no date from which the limits apply"
    rows = {
        (limit.fuel, limit.classes, limit.idle or limit.aspiration, limit.pollutant): limit.value
        for limit in table.limits
    }
    assert rows == {
        (Fuel.PETROL, (3, 6), "minimum", Pollutant.CO): Decimal("0.5"),
        (Fuel.PETROL, (3, 6), "raised", Pollutant.CO): Decimal("0.3"),
        (Fuel.PETROL, (3, 6), "unstated", Pollutant.CH): Decimal("100"),
        (Fuel.PETROL, (0, 1), "minimum", Pollutant.CO): Decimal("3.5"),
        (Fuel.PETROL, (0, 1), "raised", Pollutant.CO): Decimal("2.0"),
        (Fuel.PETROL, (0, 1), "minimum", Pollutant.CH): Decimal("1200"),
        (Fuel.PETROL, (0, 1), "raised", Pollutant.CH): Decimal("600"),
        (Fuel.DIESEL, None, "natural", Pollutant.SMOKE): Decimal("2.5"),
        (Fuel.DIESEL, None, "turbo", Pollutant.SMOKE): Decimal("3.0"),
    }
    assert {limit.status for limit in table.limits} == {Status.UNVERIFIED}
    assert all("TR CU 018/2011" in limit.source.en for limit in table.limits)
    assert not any(
        limit.classes and limit.classes[0] <= 2 <= limit.classes[1] for limit in table.limits
    )
    ch = next(limit for limit in table.limits if limit.idle is Idle.UNSTATED)
    assert "without an idle regime" in ch.note.en


def test_every_text_of_the_bundled_file_is_given_in_kazakh_russian_and_english():
    content = yaml.safe_load((DATA / FILE).read_text(encoding="utf-8"))
    texts = {f"sources.{k}": v for k, v in content["sources"].items()}
    for i, table in enumerate(content["tables"]):
        texts[f"tables[{i}].name"] = table.get("name")
        for j, row in enumerate(table["limits"]):
            if "note" in row:
                texts[f"tables[{i}].limits[{j}].note"] = row["note"]
    for key, text in texts.items():
        assert isinstance(text, dict) and all(text.get(lang) for lang in LANGUAGES), key
    (table,) = load_limits().tables
    assert (table.name.kk, table.name.ru) == (
        "КО ТР 018/2011, 8-қосымша",
        "ТР ТС 018/2011, приложение 8",
    )
    assert "ТР ТС 018/2011" in table.limits[0].source.ru


def test_a_text_left_out_in_one_language_falls_back_and_an_unknown_language_is_named(edited):
    def partial(content):
        content["tables"][0]["name"] = {"ru": "ТР ТС 018/2011, приложение 8"}

    (table,) = load_limits(edited(partial)).tables
    assert table.name.kk == table.name.en == "ТР ТС 018/2011, приложение 8"

    def unknown(content):
        content["sources"]["tr-cu-018"] = {"kz": "КО ТР 018/2011"}

    with pytest.raises(ReferenceDataError) as error:
        load_limits(edited(unknown))
    assert str(error.value) == "limits.yaml: sources.tr-cu-018: kz: not a language (kk, ru, en)"


@pytest.fixture
def edited(tmp_path):
    """Write an edited copy of the bundled file; return the folder."""

    def edit(change):
        content = yaml.safe_load((DATA / FILE).read_text(encoding="utf-8"))
        change(content)
        (tmp_path / FILE).write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
        return tmp_path

    return edit


def row(content, i=0):
    return content["tables"][0]["limits"][i]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.pop("version"), "limits.yaml: version: is missing"),
        (
            lambda c: row(c).update(fuel="gas"),
            "limits.yaml: tables[0].limits[0].fuel: 'gas' is not one of: petrol, diesel",
        ),
        (
            lambda c: row(c).update(unit="mg/m3"),
            "limits.yaml: tables[0].limits[0].unit: co is stated in %, not 'mg/m3'",
        ),
        (
            lambda c: row(c).update(value="abc"),
            "limits.yaml: tables[0].limits[0].value: 'abc' is not a number",
        ),
        (
            lambda c: row(c).update(value=-1),
            "limits.yaml: tables[0].limits[0].value: -1 must be a positive number",
        ),
        (
            lambda c: row(c).update(status="probably"),
            "limits.yaml: tables[0].limits[0].status: 'probably' is not one of: verified, "
            "secondary, unverified, kz_not_found",
        ),
        (
            lambda c: row(c).update(source="nowhere"),
            "limits.yaml: tables[0].limits[0].source: 'nowhere' is not one of the sources: "
            "tr-cu-018",
        ),
        (
            lambda c: row(c).update(classes=[3, 9]),
            "limits.yaml: tables[0].limits[0].classes: [3, 9] is not a range of classes 0-6",
        ),
        (
            lambda c: row(c).update(idle="hot"),
            "limits.yaml: tables[0].limits[0].idle: 'hot' is not one of: minimum, raised, unstated",
        ),
        (
            lambda c: row(c, 7).update(idle="minimum"),
            "limits.yaml: tables[0].limits[7].idle: is for petrol rows only",
        ),
        (
            lambda c: row(c, 1).update(idle="minimum"),
            "limits.yaml: tables[0].limits[1]: applies to the same vehicles as tables[0].limits[0]",
        ),
        (
            lambda c: c["tables"].append(dict(c["tables"][0], code="again")),
            "limits.yaml: tables: only one table may have no effective_from",
        ),
        (
            lambda c: c["tables"][0].update(effective_from="soon"),
            "limits.yaml: tables[0].effective_from: must be a date (YYYY-MM-DD)",
        ),
    ],
)
def test_the_loader_names_the_file_and_the_key(edited, change, message):
    with pytest.raises(ReferenceDataError) as error:
        load_limits(edited(change))
    assert str(error.value) == message


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ReferenceDataError, match=r"^limits\.yaml: no such file$"):
        load_limits(tmp_path)


def test_a_dated_table_comes_first(edited):
    import datetime

    def add(content):
        newer = dict(content["tables"][0], code="newer", effective_from=datetime.date(2026, 1, 1))
        content["tables"].append(newer)

    limits = load_limits(edited(add))
    assert [t.code for t in limits.tables] == ["newer", "tr-cu-018-annex-8"]
