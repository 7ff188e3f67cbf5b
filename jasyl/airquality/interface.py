"""What the interface needs from the air-quality app: the translated names of levels, AQI
categories, episodes and verification statuses, and the gas reference temperature setting."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from jasyl.airquality.reference import Level, Status

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
}


def gas_temperature_c() -> float:
    """The temperature (°C, at 1 atm) at which gases are converted between ppb and ug/m3."""
    return float(settings.JASYL_AQ_GAS_TEMPERATURE_C)
