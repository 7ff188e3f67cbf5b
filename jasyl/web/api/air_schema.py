"""The air-quality API's documented shapes (for the OpenAPI schema) and the validation of its
filters. The figures themselves come from the air-quality selectors and summaries, the same
the overview and station pages show; no rule lives here."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jasyl.domain.airquality.reference import Level, Status, bundled
from jasyl.web.api.geojson import POINT, CollectionType, FeatureType, Names
from jasyl.web.api.serializers import Number

# The longest period one request of measurements covers, in days.
MAX_DAYS = 31
# Dates and years outside these are refused: the ingest stores nothing older, and converting
# the extremes of Python's calendar to Almaty's time would overflow.
FIRST_YEAR = 1970
LAST_YEAR = 2100

STATUSES = [s.value for s in Status]
LEVELS = [level.value for level in Level]
# The parameters of the reference data as shipped, for the documentation; a request is checked
# against the reference data in force (the programme office may upload a later version).
DOCUMENTED_PARAMETERS = list(bundled().parameters)


def _year_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


def _checked_date(value: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise serializers.ValidationError(
            _("Give a date from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


# --- filters ---------------------------------------------------------------------------------


class YearFilter(serializers.Serializer[Any]):
    year = _year_field(
        required=False,
        help_text="The year (Almaty time); the last year with measurements if left out.",
    )


class MeasurementFilter(serializers.Serializer[Any]):
    station = serializers.CharField(max_length=50, help_text="The station's code.")
    parameter = serializers.CharField(
        required=False, max_length=20, help_text="One parameter; all of them if left out."
    )
    date_from = serializers.DateField(help_text="The first local (Almaty) day.")
    date_to = serializers.DateField(
        help_text=f"The last local day, included: at most {MAX_DAYS} days after `date_from`."
    )

    def validate_date_from(self, value: datetime.date) -> datetime.date:
        return _checked_date(value)

    def validate_date_to(self, value: datetime.date) -> datetime.date:
        return _checked_date(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        days = (attrs["date_to"] - attrs["date_from"]).days + 1
        if days < 1:
            raise serializers.ValidationError({"date_to": [_("It is before date_from.")]})
        if days > MAX_DAYS:
            raise serializers.ValidationError(
                {
                    "date_to": [
                        _("Ask for at most %(days)s days at a time (%(asked)s asked).")
                        % {"days": MAX_DAYS, "asked": days}
                    ]
                }
            )
        return attrs


# --- stations --------------------------------------------------------------------------------


@extend_schema_field({**POINT, "nullable": True})
class StationGeometry(serializers.JSONField):
    """The station's place; null where it is not recorded."""


class StationProperties(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = Names()
    operator = serializers.CharField()
    official = serializers.BooleanField(help_text="Kazhydromet's data: the official figures.")
    kind = serializers.ChoiceField(choices=["reference", "low_cost"])
    district = serializers.CharField(allow_null=True, help_text="The district akimat's code.")
    parameters = serializers.ListField(
        child=serializers.CharField(), help_text="What it measures; empty: not stated."
    )
    active_from = serializers.DateField(allow_null=True)
    active_to = serializers.DateField(allow_null=True)
    sample = serializers.BooleanField(help_text="Demonstration data, never official.")


class StationFeature(serializers.Serializer[Any]):
    type = FeatureType()
    geometry = StationGeometry()
    properties = StationProperties()


class StationPage(serializers.Serializer[Any]):
    type = CollectionType()
    count = serializers.IntegerField(help_text="Stations on all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    features = StationFeature(many=True)


# --- measurements ----------------------------------------------------------------------------


class MeasurementRow(serializers.Serializer[Any]):
    station = serializers.CharField()
    parameter = serializers.CharField()
    unit = serializers.CharField(help_text="The parameter's one unit: ug/m3, CO mg/m3.")
    observed_at = serializers.DateTimeField(help_text="ISO 8601 with Almaty's UTC offset.")
    value = serializers.FloatField()
    suspicious = serializers.BooleanField(
        help_text="Above the parameter's screening bound: stored, but to be looked at."
    )


class MeasurementPage(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MeasurementRow(many=True)


# --- daily values and indices ----------------------------------------------------------------


class DayValue(serializers.Serializer[Any]):
    mean = serializers.FloatField(help_text="The mean of the day's hourly means.")
    highest_hour = serializers.FloatField(help_text="The highest hourly mean.")
    hours = serializers.IntegerField(help_text="Hours with a mean (a complete day has 18).")


class SubIndex(serializers.Serializer[Any]):
    row = serializers.CharField(help_text="The table's row read: pm25_24h, o3_8h ...")
    concentration = serializers.FloatField(help_text="Truncated, in the row's unit.")
    index = serializers.IntegerField()
    beyond = serializers.BooleanField(help_text="Above the table: the index means “at least”.")


class Aqi(serializers.Serializer[Any]):
    index = serializers.IntegerField()
    category = serializers.CharField(allow_null=True)
    table = serializers.CharField(help_text="The breakpoint table in force that day.")
    dominant = serializers.ListField(child=serializers.CharField())
    sub_indices = serializers.DictField(child=SubIndex())
    not_computed = serializers.DictField(
        child=serializers.CharField(), help_text="By pollutant: why it gave no sub-index."
    )


class Day(serializers.Serializer[Any]):
    date = serializers.DateField()
    values = serializers.DictField(
        child=DayValue(), help_text="Complete days by parameter, in its unit."
    )
    aqi = Aqi(allow_null=True, help_text="The US AQI of the day; null: none computed.")


class Limit(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=["mpc", "who"], help_text="ПДК с.с., or the WHO 2021 24-hour guideline."
    )
    value = serializers.FloatField(help_text="In the parameter's unit.")
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=STATUSES)


class ParameterYear(serializers.Serializer[Any]):
    code = serializers.CharField()
    unit = serializers.CharField()
    complete_days = serializers.IntegerField()
    months = serializers.DictField(
        child=serializers.FloatField(), help_text="Monthly means of complete days, by month 1-12."
    )
    above_mpc = serializers.IntegerField(
        allow_null=True, help_text="Complete days above the ПДК с.с.; null: no ПДК с.с."
    )
    above_who = serializers.IntegerField(
        allow_null=True, help_text="Complete days above the WHO guideline; null: none."
    )
    limits = Limit(many=True)


class Episode(serializers.Serializer[Any]):
    at = serializers.DateTimeField(help_text="The start of the 20-minute period.")
    parameter = serializers.CharField()
    value_mg_m3 = serializers.FloatField()
    multiple = serializers.FloatField(help_text="The value / its ПДК м.р.")
    extreme = serializers.BooleanField(help_text="ЭВЗ rather than ВЗ.")


class StationYear(serializers.Serializer[Any]):
    station = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    year = serializers.IntegerField(allow_null=True)
    aqi_days = serializers.IntegerField()
    categories = serializers.DictField(
        child=serializers.IntegerField(), help_text="Days per US AQI category."
    )
    who_days = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Complete days above the WHO 24-hour guideline, by parameter.",
    )
    parameters = ParameterYear(many=True)
    episodes = Episode(many=True)


class SubstanceValue(serializers.Serializer[Any]):
    substance = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class Iza5(serializers.Serializer[Any]):
    value = serializers.FloatField()
    level = serializers.ChoiceField(choices=LEVELS)
    substances = serializers.ListField(
        child=serializers.CharField(), help_text="The terms summed, largest first."
    )


class CityLevel(serializers.Serializer[Any]):
    month = serializers.IntegerField(allow_null=True, help_text="1-12; null: the whole year.")
    si = SubstanceValue(allow_null=True, help_text="The highest СИ.")
    si_level = serializers.ChoiceField(choices=LEVELS, allow_null=True)
    np = SubstanceValue(allow_null=True, help_text="The highest НП, %.")
    np_level = serializers.ChoiceField(choices=LEVELS, allow_null=True)
    iza5 = Iza5(allow_null=True)
    level = serializers.ChoiceField(choices=LEVELS, allow_null=True)


class LatestPm25(serializers.Serializer[Any]):
    date = serializers.DateField()
    mean = serializers.FloatField()
    category = serializers.CharField(allow_null=True)


class CityStation(serializers.Serializer[Any]):
    code = serializers.CharField()
    official = serializers.BooleanField()
    aqi_days = serializers.IntegerField()
    categories = serializers.DictField(child=serializers.IntegerField())
    who_days = serializers.DictField(child=serializers.IntegerField())
    latest_pm25 = LatestPm25(allow_null=True)


class City(serializers.Serializer[Any]):
    years = serializers.ListField(child=serializers.IntegerField())
    year = serializers.IntegerField(allow_null=True)
    official_stations = serializers.ListField(
        child=serializers.CharField(), help_text="The stations the city's level is computed from."
    )
    months = CityLevel(many=True)
    whole_year = CityLevel(allow_null=True)
    stations = CityStation(many=True)


# --- reference values ------------------------------------------------------------------------


@extend_schema_field(
    {"oneOf": [{"type": "number"}, {"type": "string", "format": "date"}], "nullable": True}
)
class ReferenceNumber(serializers.JSONField):
    """A number, or a date (a table's effective date); null where the source states none."""


class SourcedValue(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Its place: mpc.pm25.daily_mean, who.no2.24h ...")
    value = ReferenceNumber()
    unit = serializers.CharField(allow_blank=True)
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=STATUSES)
    note = serializers.CharField(allow_blank=True)


class AqiBand(serializers.Serializer[Any]):
    c_lo = serializers.FloatField()
    c_hi = serializers.FloatField()
    i_lo = serializers.IntegerField()
    i_hi = serializers.IntegerField()


class AqiRow(serializers.Serializer[Any]):
    row = serializers.CharField()
    averaging = serializers.CharField()
    unit = serializers.CharField()
    decimals = serializers.IntegerField()
    bands = AqiBand(many=True)
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=STATUSES)


class AqiTable(serializers.Serializer[Any]):
    code = serializers.CharField()
    effective_from = serializers.DateField(
        allow_null=True, help_text="null: the table in force before all the others."
    )
    rows = AqiRow(many=True)


class AqiCategory(serializers.Serializer[Any]):
    code = serializers.CharField()
    upper = serializers.IntegerField()


class Band(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=LEVELS)
    printed = serializers.CharField()
    upper = Number()


class Grading(serializers.Serializer[Any]):
    bands = Band(many=True)
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=STATUSES)
    note = serializers.CharField(allow_blank=True)


class Gradings(serializers.Serializer[Any]):
    si = Grading()
    np = Grading()
    iza5 = Grading()


class Reference(serializers.Serializer[Any]):
    versions = serializers.DictField(
        child=serializers.IntegerField(), help_text="The version in force of each file."
    )
    gas_temperature_c = serializers.FloatField(
        help_text="The temperature gases are converted between ppb and ug/m3 at."
    )
    values = SourcedValue(many=True)
    aqi_tables = AqiTable(many=True)
    aqi_categories = AqiCategory(many=True)
    gradings = Gradings()
