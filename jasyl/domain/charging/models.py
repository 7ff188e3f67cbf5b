"""EV charging (roadmap item 1.4) and air-purification modules (item 1.8): registries of what
the programme builds, on the registry framework with its lifecycle
(`registries.lifecycle.LifecycleEntry`: planned -> ... -> in service -> decommissioned).

Charging follows OCPI 2.2.1's Locations module (`docs/charging.md`): a `ChargingLocation`
(8.3.1 Location: where a group of EVSEs is installed, with its operator) has `Evse`s (8.3.2: the
part that charges one vehicle at a time) and each EVSE has `Connector`s (8.3.3: the socket or
cable, its standard, power type and maximum power). The lifecycle is the location's: its EVSEs
enter service with it.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jasyl.domain.charging.reference import choices
from jasyl.domain.places.models import WGS84
from jasyl.domain.registries.lifecycle import LifecycleEntry

# Bounds wider than any charger's: they catch a slip of the unit (W for kW), they do not judge
# a charger. (low, high]: above low, at most high. Megawatt charging of lorries reaches 3.75 MW.
MAX_POWER_KW = (Decimal(0), Decimal(4000))
MODULES = (1, 1000)


class ChargingLocation(LifecycleEntry):
    """A charging location (OCPI 2.2.1, 8.3.1): the place and its operator (`holder`)."""

    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    address = models.CharField(verbose_name=_("address"), max_length=45, blank=True)

    class Meta(LifecycleEntry.Meta):
        verbose_name = _("EV charging location")
        verbose_name_plural = _("EV charging locations")


class Evse(models.Model):
    """An EVSE (OCPI 2.2.1, 8.3.2): charges one vehicle at a time through one of its
    connectors; what the roadmap's "charging stations" count (`docs/charging.md`)."""

    location = models.ForeignKey(
        ChargingLocation,
        verbose_name=_("charging location"),
        on_delete=models.CASCADE,
        related_name="evses",
    )
    uid = models.CharField(
        verbose_name=_("EVSE uid"),
        max_length=36,
        help_text=_("unique within the location (OCPI's uid)"),
    )
    evse_id = models.CharField(
        verbose_name=_("EVSE ID"),
        max_length=48,
        blank=True,
        help_text=_("the eMI3 identifier, where the operator has one"),
    )
    physical_reference = models.CharField(
        verbose_name=_("label on the charger"), max_length=16, blank=True
    )

    class Meta:
        verbose_name = _("EVSE")
        verbose_name_plural = _("EVSEs")
        ordering = ["location", "uid"]
        constraints = [
            models.UniqueConstraint(fields=["location", "uid"], name="charging_evse_uid_once"),
        ]

    def __str__(self) -> str:
        return f"{self.location.code}/{self.uid}"


class Connector(models.Model):
    """A connector of an EVSE (OCPI 2.2.1, 8.3.3)."""

    evse = models.ForeignKey(
        Evse, verbose_name=_("EVSE"), on_delete=models.CASCADE, related_name="connectors"
    )
    connector_id = models.CharField(
        verbose_name=_("connector id"), max_length=36, help_text=_("unique within the EVSE")
    )
    standard = models.CharField(
        verbose_name=_("standard"), max_length=30, choices=choices("connector_types")
    )
    format = models.CharField(
        verbose_name=_("format"),
        max_length=10,
        choices=choices("connector_formats"),
        blank=True,
    )
    power_type = models.CharField(
        verbose_name=_("power type"), max_length=12, choices=choices("power_types")
    )
    max_power_kw = models.DecimalField(
        verbose_name=_("maximum power, kW"), max_digits=7, decimal_places=1
    )

    class Meta:
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        ordering = ["evse", "connector_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evse", "connector_id"], name="charging_connector_id_once"
            ),
            models.CheckConstraint(
                condition=Q(max_power_kw__gt=0) & Q(max_power_kw__lte=MAX_POWER_KW[1]),
                name="charging_connector_power",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.connector_id} {self.standard} {self.power_type} {self.max_power_kw} kW"


class AirPurifierBlock(LifecycleEntry):
    """A block of air-purification modules (item 1.8: 7 blocks of 28 modules in a pilot)."""

    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    modules = models.PositiveSmallIntegerField(verbose_name=_("modules"))
    equipment = models.CharField(
        verbose_name=_("equipment"),
        max_length=100,
        blank=True,
        help_text=_("the make or model, as the source names it"),
    )

    class Meta(LifecycleEntry.Meta):
        verbose_name = _("air-purification block")
        verbose_name_plural = _("air-purification blocks")
        constraints = [
            *LifecycleEntry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(modules__gte=MODULES[0]) & Q(modules__lte=MODULES[1]),
                name="charging_airpurifierblock_modules",
            ),
        ]
