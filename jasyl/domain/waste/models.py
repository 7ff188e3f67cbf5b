"""Municipal waste (roadmap items 10-11): the container sites with their containers per
fraction, the eco-stations, mesh containers and the bulky- and construction-waste sites, the
treatment plants with their capacity, and the tonnage collected per site or operator, fraction
and month.

Sites and plants are registries (`registries.RegistryEntry`): a point each, placed in its
district at write time, with their roadmap activity, holder, provenance, history and
moderation, and the shared lifecycle of built objects (`registries.lifecycle.LifecycleEntry`:
the stage with the date each stage was reached, and the budget period). Their
vocabulary follows FIWARE's Smart Data Models (`WasteContainerIsle`, `WasteContainer`) and
OpenStreetMap's `amenity=recycling` (docs/waste.md). Writes go through `services.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jasyl.domain.agencies.models import Agency
from jasyl.domain.places.models import WGS84
from jasyl.domain.registries.lifecycle import LifecycleEntry

# Bounds that catch a slip of unit or keyboard, not a judgement of a site.
CONTAINERS_AT_ONE_SITE = (0, 1000)
CONTAINER_VOLUME_M3 = (Decimal(0), Decimal(100))
SITE_AREA_M2 = (Decimal(0), Decimal(1_000_000))
PLANT_CAPACITY_T = (Decimal(0), Decimal(100_000_000))
MONTH_TONNES = (Decimal(0), Decimal(10_000_000))


class Fraction(models.TextChoices):
    """What a container or a tonnage record holds (FIWARE `WasteContainer.storedWasteKind`;
    OSM `recycling:*`). Almaty collects "dry" (recyclables) and "wet" (the rest) apart."""

    DRY = "dry", _("dry (mixed recyclables)")
    WET = "wet", _("wet (residual)")
    GLASS = "glass", _("glass")
    PLASTIC = "plastic", _("plastic")
    PAPER = "paper", _("paper and cardboard")
    METAL = "metal", _("metal")
    BULKY = "bulky", _("bulky waste")


class Destination(models.TextChoices):
    """Where collected waste went: only recycling counts towards the recyclables KPI
    (Directive 2008/98/EC, art. 3(17): energy recovery and fuels are not recycling)."""

    RECYCLING = "recycling", _("recycling")
    ENERGY_RECOVERY = "energy_recovery", _("energy recovery (RDF, incineration)")
    DISPOSAL = "disposal", _("disposal (landfill)")
    NOT_STATED = "not_stated", _("not stated")


class WasteEntry(LifecycleEntry):
    """A waste registry's row: a point with its lifecycle (stage, the date of each stage)."""

    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)

    class Meta(LifecycleEntry.Meta):
        abstract = True


class ContainerSite(WasteEntry):
    """A container site (FIWARE `WasteContainerIsle`): in a courtyard or underground, with its
    containers per fraction (`Container`)."""

    class Kind(models.TextChoices):
        COURTYARD = "courtyard", _("courtyard")
        UNDERGROUND = "underground", _("underground")

    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.COURTYARD
    )

    class Meta(WasteEntry.Meta):
        verbose_name = _("container site")
        verbose_name_plural = _("container sites")
        indexes = [
            models.Index(
                fields=["is_sample", "kind", "status", "in_service_on"],
                name="waste_csite_counted",
            )
        ]
        constraints = [*LifecycleEntry.Meta.constraints]


class Container(models.Model):
    """The containers of one fraction at a site (FIWARE `WasteContainer`): how many, and the
    volume of each."""

    site = models.ForeignKey(
        ContainerSite,
        verbose_name=_("container site"),
        on_delete=models.CASCADE,
        related_name="containers",
    )
    fraction = models.CharField(verbose_name=_("fraction"), max_length=10, choices=Fraction.choices)
    count = models.PositiveIntegerField(verbose_name=_("containers"))
    volume_m3 = models.DecimalField(
        verbose_name=_("volume of each (m³)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("containers of a fraction")
        verbose_name_plural = _("containers")
        ordering = ["site", "fraction"]
        constraints = [
            models.UniqueConstraint(fields=["site", "fraction"], name="waste_container_fraction"),
            models.CheckConstraint(
                condition=Q(count__gte=1) & Q(count__lte=CONTAINERS_AT_ONE_SITE[1]),
                name="waste_container_count",
            ),
            models.CheckConstraint(
                condition=Q(volume_m3__isnull=True) | Q(volume_m3__gt=0),
                name="waste_container_volume",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.fraction} ×{self.count}"


class WasteSite(WasteEntry):
    """A collection point that is not a container site: an eco-station (a staffed point that
    takes recyclables), a mesh container for bottles and cans, a site for bulky or for
    construction waste (OSM `amenity=recycling`, `recycling_type=centre|container`)."""

    class Kind(models.TextChoices):
        ECO_STATION = "eco_station", _("eco-station")
        MESH_CONTAINER = "mesh_container", _("mesh container")
        BULKY_WASTE = "bulky_waste", _("bulky-waste site")
        CONSTRUCTION_WASTE = "construction_waste", _("construction-waste site")

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    area_m2 = models.DecimalField(
        verbose_name=_("area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True
    )

    class Meta(WasteEntry.Meta):
        verbose_name = _("waste collection site")
        verbose_name_plural = _("waste collection sites")
        indexes = [
            models.Index(
                fields=["is_sample", "kind", "status", "in_service_on"],
                name="waste_site_counted",
            )
        ]
        constraints = [
            *LifecycleEntry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gt=0), name="waste_site_area"
            ),
        ]


class TreatmentPlant(WasteEntry):
    """A plant that treats waste (item 11): RDF production, incineration, construction-waste
    processing, with its design capacity."""

    class Kind(models.TextChoices):
        RDF = "rdf", _("refuse-derived fuel (RDF) plant")
        INCINERATION = "incineration", _("incineration plant")
        CONSTRUCTION_WASTE = "construction_waste", _("construction-waste processing")

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    capacity_t_per_year = models.DecimalField(
        verbose_name=_("capacity (t a year)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta(WasteEntry.Meta):
        verbose_name = _("waste treatment plant")
        verbose_name_plural = _("waste treatment plants")
        constraints = [
            *LifecycleEntry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(capacity_t_per_year__isnull=True) | Q(capacity_t_per_year__gt=0),
                name="waste_plant_capacity",
            ),
        ]


class TonnageRecord(models.Model):
    """Tonnes of one fraction collected in one month, at a site (by its code in a waste
    registry) or by an operator, with where they went and the source that states them."""

    month = models.DateField(verbose_name=_("month"), help_text=_("its first day"))
    site_code = models.CharField(
        verbose_name=_("site"),
        max_length=100,
        blank=True,
        help_text=_("the code of a container site, collection site or plant"),
    )
    operator = models.ForeignKey(
        Agency,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operator_name = models.CharField(
        verbose_name=_("operator (not an agency)"), max_length=300, blank=True
    )
    fraction = models.CharField(verbose_name=_("fraction"), max_length=10, choices=Fraction.choices)
    destination = models.CharField(
        verbose_name=_("destination"),
        max_length=20,
        choices=Destination.choices,
        default=Destination.NOT_STATED,
    )
    tonnes = models.DecimalField(verbose_name=_("tonnes"), max_digits=12, decimal_places=3)
    source = models.TextField(verbose_name=_("source"))
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("tonnage record")
        verbose_name_plural = _("tonnage records")
        ordering = ["-month", "site_code", "operator_name", "fraction"]
        indexes = [models.Index(fields=["is_sample", "month"], name="waste_tonnage_month")]
        constraints = [
            # An operator's record has no operator row when it is named as text: the key
            # takes no operator as 0, so that two such records of one month collide.
            models.UniqueConstraint(
                "month",
                "site_code",
                Coalesce("operator", Value(0)),
                "operator_name",
                "fraction",
                "destination",
                "is_sample",
                name="waste_tonnage_once",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="waste_tonnage_first_day"),
            models.CheckConstraint(condition=Q(tonnes__gte=0), name="waste_tonnage_positive"),
            models.CheckConstraint(
                condition=~Q(site_code="") | Q(operator__isnull=False) | ~Q(operator_name=""),
                name="waste_tonnage_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.tonnes} t"

    @property
    def who(self) -> str:
        """The site's code, else the operator's."""
        if self.site_code:
            return self.site_code
        return self.operator.code if self.operator is not None else self.operator_name

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m} {self.who} {self.fraction} {self.destination}"

    def clean(self) -> None:
        if not (self.site_code or self.operator_id or self.operator_name):
            raise ValidationError({"site_code": _("Name the site or the operator.")})
