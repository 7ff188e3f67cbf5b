"""The reference data: what the bundled files say, that every value has a source and a status,
and the loader's errors, each naming the file and the key."""

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from jasyl.domain.airquality.reference import (
    DATA,
    FILES,
    Level,
    ReferenceDataError,
    Status,
    bundled,
    load_reference,
)


def test_the_bundled_files_load_with_their_versions():
    reference = load_reference()
    assert set(reference.versions) == set(FILES)
    assert all(version >= 1 for version in reference.versions.values())


def test_concentrations_are_given_in_one_unit_whatever_the_file_states():
    reference = bundled()
    # Benzo(a)pyrene's ПДК с.с. is written as 1 ng/m3: 1e-6 mg/m3.
    assert reference.substances["bap"].daily_mean.value == pytest.approx(1e-6)
    assert reference.substances["bap"].max_single is None
    # WHO CO 24 h is written as 4 mg/m3: 4000 ug/m3.
    assert reference.who.guidelines[("co", "24h")].value == pytest.approx(4000)


def test_the_statuses_follow_the_facts():
    reference = bundled()
    pm25 = reference.substances["pm25"]
    assert pm25.daily_mean.status is Status.VERIFIED
    assert pm25.max_single.status is Status.SECONDARY
    assert pm25.hazard_class.value is None
    # Kazakhstan's class of NO2 was not found: Russia's ГН 2.1.6.3492-17 gives 3.
    no2 = reference.substances["no2"]
    assert (no2.hazard_class.value, no2.hazard_class.status) == (3, Status.KZ_NOT_FOUND)
    assert no2.daily_mean.status is Status.KZ_NOT_FOUND
    assert reference.substances["o3"].daily_mean.status is Status.KZ_NOT_FOUND
    assert reference.kazhydromet.pm_hazard_class.value == 3
    assert reference.kazhydromet.pm_hazard_class.status is Status.UNVERIFIED
    assert reference.kazhydromet.si.status is Status.VERIFIED
    assert reference.kazhydromet.iza5.status is Status.SECONDARY
    before = reference.us_aqi.table_on(datetime.date(2020, 1, 1)).pollutants
    assert before["pm25_24h"].status is Status.VERIFIED
    # Read in 40 CFR 58 Appendix G as corrected at 74 FR 30469; the others were not found.
    assert before["pm10_24h"].status is Status.VERIFIED
    assert before["no2_1h"].status is Status.UNVERIFIED


def test_every_reference_value_has_a_source_and_a_status():
    loaded = bundled().sourced_values()
    assert len(loaded) > 50
    assert [name for name, v in loaded if not v.source or v.status not in Status] == []
    for table in bundled().us_aqi.tables:
        for row in table.pollutants.values():
            assert row.source and row.status in Status, f"{table.code}.{row.code}"
    # Straight from the files too: any mapping with a value names its source and status.
    unsourced = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if "value" in node and not ("source" in node and "status" in node):
                unsourced.append(where)
            if "bands" in node and not ("source" in node and "status" in node):
                unsourced.append(where)
            for key, child in node.items():
                walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{where}[{i}]")

    for name in FILES:
        walk(yaml.safe_load((DATA / name).read_text(encoding="utf-8")), name)
    assert unsourced == []


def test_the_aqi_table_is_chosen_by_date():
    aqi = bundled().us_aqi
    # AirNow: the 2015 table is obsolete on 6 May 2024, the 2024 table valid from that day.
    assert aqi.table_on(datetime.date(2024, 5, 5)).code == "epa-pre-2024"
    assert aqi.table_on(datetime.date(2024, 5, 6)).code == "epa-2024"
    assert aqi.table_on(datetime.date(2030, 1, 1)).code == "epa-2024"


def test_the_gradings_list_every_level_in_order():
    for grading in (bundled().kazhydromet.si, bundled().kazhydromet.np):
        assert [band.level for band in grading.bands] == list(Level)


# ------------------------------------------------------------------------------ errors


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder: Path) -> str:
    with pytest.raises(ReferenceDataError) as error:
        load_reference(folder)
    return str(error.value)


def test_a_missing_file_is_named(folder):
    (folder / "who-2021.yaml").unlink()
    assert refused(folder) == "who-2021.yaml: no such file"


def test_invalid_yaml_names_the_file(folder):
    (folder / "gases.yaml").write_text("factors: [1,\n", encoding="utf-8")
    assert refused(folder).startswith("gases.yaml: not valid YAML")


def test_a_value_without_a_source_names_its_key(folder):
    edit(
        folder,
        "mpc.yaml",
        "max_single: {value: 0.2, unit: mg/m3, source: ru-kz-list, status: secondary}",
        "max_single: {value: 0.2, unit: mg/m3, status: secondary}",
    )
    assert refused(folder) == "mpc.yaml: substances.no2.max_single.source: is missing"


def test_an_unknown_source_names_its_key(folder):
    edit(
        folder,
        "kazhydromet.yaml",
        "high: {value: 10, source: akimat-2025",
        "high: {value: 10, source: akimat",
    )
    assert refused(folder).startswith("kazhydromet.yaml: episodes.high.source: 'akimat' is not one")


def test_an_unknown_status_names_its_key(folder):
    edit(
        folder,
        "who-2021.yaml",
        "24h: {value: 40, unit: ug/m3, source: who-2021, status: verified}",
        "24h: {value: 40, unit: ug/m3, source: who-2021, status: probably}",
    )
    assert refused(folder) == (
        "who-2021.yaml: guidelines.so2.24h.status: 'probably' is not one of: "
        "verified, secondary, unverified, kz_not_found"
    )


def test_a_negative_or_missing_value_names_its_key(folder):
    edit(folder, "gases.yaml", "no2: {value: 1.882", "no2: {value: -1.882")
    assert refused(folder) == "gases.yaml: factors.no2.value: -1.882 must be a positive number"


def test_an_unknown_unit_names_its_key(folder):
    edit(
        folder, "mpc.yaml", "daily_mean: {value: 1, unit: ng/m3", "daily_mean: {value: 1, unit: ppb"
    )
    assert refused(folder).startswith("mpc.yaml: substances.bap.daily_mean.unit: 'ppb'")


def test_a_hazard_class_outside_1_to_4_names_its_key(folder):
    edit(folder, "mpc.yaml", "hazard_class: {value: 4, source", "hazard_class: {value: 5, source")
    assert refused(folder) == "mpc.yaml: substances.co.hazard_class.value: 5 is not a class 1-4"


def test_a_gap_between_aqi_bands_names_the_band(folder):
    edit(folder, "us-aqi.yaml", "- [9.1, 35.4, 51, 100]", "- [9.2, 35.4, 51, 100]")
    assert refused(folder).startswith(
        "us-aqi.yaml: tables[0].pollutants.pm25_24h.bands[1]: does not follow on"
    )


def test_levels_out_of_order_are_refused(folder):
    edit(
        folder,
        "kazhydromet.yaml",
        '{level: elevated, printed: "2-4"',
        '{level: high, printed: "2-4"',
    )
    assert refused(folder).startswith("kazhydromet.yaml: gradings.si.bands: must list the levels")


def test_an_extreme_threshold_not_above_the_high_one_is_refused(folder):
    edit(folder, "kazhydromet.yaml", "extremely_high: {value: 50", "extremely_high: {value: 10")
    assert refused(folder) == (
        "kazhydromet.yaml: episodes.extremely_high.value: must be above episodes.high"
    )


def test_a_table_date_that_is_not_a_date_is_refused(folder):
    edit(folder, "us-aqi.yaml", "value: 2024-05-06", "value: May 2024")
    assert refused(folder) == (
        "us-aqi.yaml: tables[0].effective_from.value: must be a date (YYYY-MM-DD)"
    )
