"""What the interface needs from the air-quality app: the translated names of levels, AQI
categories, episodes and verification statuses, and the gas reference temperature setting."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from jasyl.domain.airquality.reference import Level, Status

LEVELS: dict[Level, Promise] = {
    Level.LOW: pgettext_lazy("air pollution level", "low"),
    Level.ELEVATED: pgettext_lazy("air pollution level", "elevated"),
    Level.HIGH: pgettext_lazy("air pollution level", "high"),
    Level.VERY_HIGH: pgettext_lazy("air pollution level", "very high"),
}

# Keyed by the category codes of data/us-aqi.yaml.
AQI_CATEGORIES: dict[str, Promise] = {
    "good": pgettext_lazy("US AQI category", "Good"),
    "moderate": pgettext_lazy("US AQI category", "Moderate"),
    "unhealthy_sensitive": pgettext_lazy("US AQI category", "Unhealthy for sensitive groups"),
    "unhealthy": pgettext_lazy("US AQI category", "Unhealthy"),
    "very_unhealthy": pgettext_lazy("US AQI category", "Very unhealthy"),
    "hazardous": pgettext_lazy("US AQI category", "Hazardous"),
}

EPISODES: dict[bool, Promise] = {
    False: pgettext_lazy("air pollution episode", "high pollution"),
    True: pgettext_lazy("air pollution episode", "extremely high pollution"),
}

STATUSES: dict[Status, Promise] = {
    Status.VERIFIED: pgettext_lazy("reference value status", "verified: a cited source states it"),
    Status.SECONDARY: pgettext_lazy(
        "reference value status", "secondary: press, foreign or third-party lists"
    ),
    Status.UNVERIFIED: pgettext_lazy("reference value status", "not verified"),
    Status.KZ_NOT_FOUND: pgettext_lazy(
        "reference value status",
        "Kazakhstan's own value not found: the value of another country's act, cited",
    ),
}


def gas_temperature_c() -> float:
    """The temperature (°C, at 1 atm) at which gases are converted between ppb and ug/m3."""
    return float(settings.JASYL_AQ_GAS_TEMPERATURE_C)


# Keyed by IngestLine.Reason; each names what its `detail` holds.
LINE_REASONS: dict[str, Promise] = {
    "bad_value": pgettext_lazy("ingest", "“%(text)s” is not a number"),
    "bad_time": pgettext_lazy("ingest", "“%(text)s” is not a date and time"),
    "negative": pgettext_lazy("ingest", "%(parameter)s: %(value)s is negative"),
    "above_ceiling": pgettext_lazy(
        "ingest",
        "%(parameter)s: %(value)s %(unit)s is above the plausible ceiling of %(ceiling)s %(unit)s",
    ),
    "unknown_station": pgettext_lazy("ingest", "unknown station “%(station)s”"),
    "unknown_parameter": pgettext_lazy("ingest", "unknown parameter “%(parameter)s”"),
    "unknown_unit": pgettext_lazy(
        "ingest", "%(parameter)s: the unit “%(unit)s” is unknown or does not convert"
    ),
    "not_measured": pgettext_lazy(
        "ingest", "the station %(station)s does not measure %(parameter)s"
    ),
    "inactive": pgettext_lazy("ingest", "the station %(station)s was not active on %(date)s"),
    "duplicate_in_file": pgettext_lazy(
        "ingest", "the same station, parameter and time as line %(first)s"
    ),
    "already_stored": pgettext_lazy("ingest", "already stored, from the file %(file)s"),
}


def line_message(reason: str, detail: dict[str, object]) -> str:
    """The sentence shown for a line that was not stored, in the active language."""
    return str(LINE_REASONS[reason]) % detail


# Short forms shown beside a value ("ПДК: secondary").
STATUS_SHORT: dict[Status, Promise] = {
    Status.VERIFIED: pgettext_lazy("reference value status, short", "verified"),
    Status.SECONDARY: pgettext_lazy("reference value status, short", "secondary source"),
    Status.UNVERIFIED: pgettext_lazy("reference value status, short", "not verified"),
    Status.KZ_NOT_FOUND: pgettext_lazy(
        "reference value status, short", "Kazakhstan's value not found"
    ),
}

# The units measurements are stored in (data/measurements.yaml).
UNITS: dict[str, Promise] = {
    "ug/m3": pgettext_lazy("unit", "µg/m³"),
    "mg/m3": pgettext_lazy("unit", "mg/m³"),
}

LIMITS: dict[str, Promise] = {
    "mpc": pgettext_lazy("air quality limit", "MPC, daily mean (ПДК с.с.)"),
    "who": pgettext_lazy("air quality limit", "WHO 2021 24-hour guideline"),
}

STATION_KINDS: dict[str, Promise] = {
    "reference": pgettext_lazy("station kind", "reference monitor"),
    "low_cost": pgettext_lazy("station kind", "low-cost sensor"),
}
