"""The interface's names for levels, AQI categories and statuses exist for every code the data
use and are translated; the gas temperature is a setting."""

from django.utils import translation

from jasyl.domain.airquality.interface import AQI_CATEGORIES, LEVELS, STATUSES, gas_temperature_c
from jasyl.domain.airquality.reference import Level, Status, bundled


def test_every_level_category_and_status_has_a_name():
    assert set(LEVELS) == set(Level)
    assert set(STATUSES) == set(Status)
    assert {c.code for c in bundled().us_aqi.categories} == set(AQI_CATEGORIES)


def test_the_names_read_in_kazhydromet_s_own_words():
    with translation.override("ru"):
        assert [str(LEVELS[level]) for level in Level] == [
            "низкий",
            "повышенный",
            "высокий",
            "очень высокий",
        ]
    with translation.override("kk"):
        assert str(LEVELS[Level.LOW]) == "төмен"
        assert str(AQI_CATEGORIES["hazardous"]) == "Қауіпті"
    with translation.override("en"):
        assert str(LEVELS[Level.VERY_HIGH]) == "very high"


def test_the_gas_temperature_is_a_setting(settings):
    assert gas_temperature_c() == 25
    settings.JASYL_AQ_GAS_TEMPERATURE_C = "20"
    assert gas_temperature_c() == 20
