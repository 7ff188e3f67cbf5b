"""The green fund (roadmap items 2.2-2.5): the trees of the city with their species, the permits
that fell them and the compensatory planting they owe by the rule in force, the parks, the
nurseries and the wood-waste sites.

Trees, parks, nurseries and wood-waste sites are registries (`registries.RegistryEntry`): each
row has its district by a spatial join at write time, its roadmap activity, holder, provenance,
history and moderation. Writes go through `services.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import localized, localized_or_any
from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.compensation import PermitState, Reason, Terms, overlapping
from jasyl.domain.places.models import WGS84, AdministrativeUnit, area_in_hectares
from jasyl.domain.registries.models import RegistryEntry
from jasyl.domain.roadmap.models import Activity

# Bounds wider than any tree's: they catch a slip of the unit (metres for centimetres) or of
# the keyboard, they do not judge a tree. (low, high]: above low, at most high.
TRUNK_DIAMETER_CM = (Decimal(0), Decimal(1000))
HEIGHT_M = (Decimal(0), Decimal(150))
CROWN_DIAMETER_M = (Decimal(0), Decimal(100))
PLANTED_YEARS = (1800, 2100)


class VerificationStatus(models.TextChoices):
    """How far a piece of reference data is confirmed."""

    NAMED_BY_SOURCE = (
        "named_by_source",
        _(
            "named by the source; the Latin name and the names in other languages are the "
            "integrator's, to be confirmed by the programme office"
        ),
    )
    DERIVED_FROM_PLAN = "derived_from_plan", _("derived from the published plan")
    LEGAL_ACT = "legal_act", _("set by the legal act named")
    CONFIRMED = "confirmed", _("confirmed by the programme office")


class Species(models.Model):
    """A tree species, or a genus where the source names no more than the genus ("ash")."""

    class Rank(models.TextChoices):
        GENUS = "genus", _("genus")
        SPECIES = "species", _("species")

    latin_name = models.CharField(verbose_name=_("Latin name"), max_length=200, unique=True)
    rank = models.CharField(
        verbose_name=_("rank"), max_length=10, choices=Rank.choices, default=Rank.SPECIES
    )
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=200, blank=True)
    source = models.TextField(
        verbose_name=_("source"), blank=True, help_text=_("where it is named, with the words")
    )
    verification_status = models.CharField(
        verbose_name=_("verification status"),
        max_length=30,
        choices=VerificationStatus.choices,
        default=VerificationStatus.NAMED_BY_SOURCE,
    )

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = pgettext_lazy("model name", "species")
        ordering = ["latin_name"]

    def __str__(self) -> str:
        return self.latin_name

    @property
    def name(self) -> str:
        """The common name in the active language, else in any, else the Latin name."""
        return localized_or_any(self, "name", self.latin_name)


class Tree(RegistryEntry):
    """One tree of the registry (OpenTreeMap's plot and tree in one row: Jasyl registers trees,
    not empty pits)."""

    name_required = False

    class Condition(models.TextChoices):
        GOOD = "good", _("good")
        FAIR = "fair", _("fair")
        POOR = "poor", _("poor")
        HAZARDOUS = "hazardous", _("hazardous")
        DEAD = "dead", _("dead")

    class SiteType(models.TextChoices):
        STREET = "street", _("street")
        PARK = "park", _("park")
        COURTYARD = "courtyard", _("courtyard")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        STANDING = "standing", _("standing")
        FELLED = "felled", _("felled")

    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    species = models.ForeignKey(
        Species,
        verbose_name=_("species"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trees",
        help_text=_("empty: not known"),
    )
    trunk_diameter_cm = models.DecimalField(
        verbose_name=_("trunk diameter at 1.3 m (cm)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    height_m = models.DecimalField(
        verbose_name=_("height (m)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    crown_diameter_m = models.DecimalField(
        verbose_name=_("crown diameter (m)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    condition = models.CharField(
        verbose_name=_("condition"), max_length=10, choices=Condition.choices, blank=True
    )
    planted_year = models.PositiveSmallIntegerField(
        verbose_name=_("year planted"), null=True, blank=True
    )
    planted_on = models.DateField(verbose_name=_("planted on"), null=True, blank=True)
    site_type = models.CharField(
        verbose_name=_("site type"), max_length=10, choices=SiteType.choices, blank=True
    )
    site_name = models.CharField(verbose_name=_("site"), max_length=300, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.STANDING
    )
    felled_on = models.DateField(verbose_name=_("felled on"), null=True, blank=True)
    felled_by = models.ForeignKey(
        "FellingPermit",
        verbose_name=_("felled under permit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="felled_trees",
    )
    planting = models.ForeignKey(
        "CompensatoryPlanting",
        verbose_name=_("compensatory planting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trees",
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("tree")
        verbose_name_plural = _("trees")
        indexes = [
            # The KPIs group the official (or the sample) trees by status and district.
            models.Index(fields=["is_sample", "status", "district"], name="greenfund_tree_stock"),
            models.Index(
                fields=["is_sample", "planted_year", "district"], name="greenfund_tree_planted"
            ),
            models.Index(
                fields=["is_sample", "felled_on", "district"], name="greenfund_tree_felled"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trunk_diameter_cm__isnull=True)
                | Q(
                    trunk_diameter_cm__gt=TRUNK_DIAMETER_CM[0],
                    trunk_diameter_cm__lte=TRUNK_DIAMETER_CM[1],
                ),
                name="greenfund_tree_diameter_range",
            ),
            models.CheckConstraint(
                condition=Q(height_m__isnull=True)
                | Q(height_m__gt=HEIGHT_M[0], height_m__lte=HEIGHT_M[1]),
                name="greenfund_tree_height_range",
            ),
            models.CheckConstraint(
                condition=Q(crown_diameter_m__isnull=True)
                | Q(
                    crown_diameter_m__gt=CROWN_DIAMETER_M[0],
                    crown_diameter_m__lte=CROWN_DIAMETER_M[1],
                ),
                name="greenfund_tree_crown_range",
            ),
            models.CheckConstraint(
                condition=Q(planted_year__isnull=True)
                | Q(planted_year__gte=PLANTED_YEARS[0], planted_year__lte=PLANTED_YEARS[1]),
                name="greenfund_tree_planted_year_range",
            ),
            models.CheckConstraint(
                condition=Q(felled_on__isnull=True) | Q(status="felled"),
                name="greenfund_tree_felled_on_felled",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.planted_on is not None and self.planted_year not in (None, self.planted_on.year):
            raise ValidationError(
                {"planted_year": _("The year planted is not the year of the date planted.")}
            )

    def derive(self) -> None:
        if self.planted_on is not None:
            self.planted_year = self.planted_on.year


class CompensationRule(models.Model):
    """How many trees are planted per tree felled, for which reasons, from when to when: a
    versioned reference kept by the programme office. The rule in force on a permit's date
    applies (`compensation.in_force`); two rules for one reason may not overlap."""

    ratio = models.DecimalField(
        verbose_name=_("trees to plant per tree felled"), max_digits=8, decimal_places=2
    )
    reasons = models.JSONField(
        verbose_name=_("reasons it applies to"),
        default=list,
        help_text=_("the reasons of a felling, as permits state them"),
    )
    valid_from = models.DateField(
        verbose_name=_("valid from"),
        null=True,
        blank=True,
        help_text=_("empty: the source states no beginning"),
    )
    valid_to = models.DateField(
        verbose_name=_("valid to"), null=True, blank=True, help_text=_("empty: still in force")
    )
    source_kk = models.TextField(verbose_name=_("source (Kazakh)"))
    source_ru = models.TextField(verbose_name=_("source (Russian)"), blank=True)
    source_en = models.TextField(verbose_name=_("source (English)"), blank=True)
    verification_status = models.CharField(
        verbose_name=_("verification status"),
        max_length=30,
        choices=VerificationStatus.choices,
    )
    legal_act = models.TextField(
        verbose_name=_("legal act"),
        blank=True,
        help_text=_("its title, number and date, as issued"),
    )

    class Meta:
        verbose_name = _("compensation rule")
        verbose_name_plural = _("compensation rules")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ratio__gt=0), name="greenfund_rule_ratio_positive"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="greenfund_rule_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        reasons = ", ".join(self.reasons)
        return f"{self.ratio}:1 ({reasons}) {self.valid_from or '…'}–{self.valid_to or '…'}"

    @property
    def source(self) -> str:
        return localized(self, "source")

    @property
    def terms(self) -> Terms:
        return Terms(
            ratio=self.ratio,
            reasons=frozenset(self.reasons),
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            key=self.pk,
        )

    def clean(self) -> None:
        if not isinstance(self.reasons, list) or not self.reasons:
            raise ValidationError({"reasons": _("Choose at least one reason.")})
        unknown = [r for r in self.reasons if r not in Reason.values]
        if unknown:
            raise ValidationError(
                {
                    "reasons": _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": ", ".join(map(str, unknown)), "choices": ", ".join(Reason.values)}
                }
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The rule ends before it begins.")})
        others = [r.terms for r in CompensationRule.objects.exclude(pk=self.pk)]
        clash = overlapping(self.terms, others)
        if clash:
            raise ValidationError(
                _(
                    "Another rule for the same reason is in force on some of these dates "
                    "(%(rules)s): end it the day before this one begins."
                )
                % {
                    "rules": "; ".join(
                        str(rule)
                        for rule in CompensationRule.objects.filter(pk__in=[c.key for c in clash])
                    )
                }
            )


class FellingPermit(models.Model):
    """A permit to fell trees, and the compensatory planting it owes: the ratio of the rule in
    force on the day it was issued times its trees (stored with the rule used), planted by its
    deadline where the permit sets one."""

    number = models.CharField(verbose_name=_("number"), max_length=100, unique=True)
    issued_on = models.DateField(verbose_name=_("issued on"))
    issuer = models.ForeignKey(
        Agency,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issuer_name = models.CharField(
        verbose_name=_("issued by (not an agency)"), max_length=300, blank=True
    )
    applicant = models.ForeignKey(
        Agency,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("the agency that owes the compensation and is reminded of it"),
    )
    applicant_name = models.CharField(
        verbose_name=_("applicant (not an agency)"), max_length=300, blank=True
    )
    reason = models.CharField(verbose_name=_("reason"), max_length=20, choices=Reason.choices)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("roadmap activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trees = models.ManyToManyField(
        Tree, verbose_name=_("trees in the registry"), blank=True, related_name="permits"
    )
    points = models.MultiPointField(
        verbose_name=_("places of trees not in the registry"),
        srid=WGS84,
        null=True,
        blank=True,
    )
    trees_count = models.PositiveIntegerField(verbose_name=_("trees to fell"))
    rule = models.ForeignKey(
        CompensationRule,
        verbose_name=_("compensation rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="permits",
        help_text=_("the rule in force on the day of issue; empty: none was"),
    )
    owed = models.DecimalField(
        verbose_name=_("trees owed"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("empty: unknown, no rule was in force"),
    )
    deadline = models.DateField(
        verbose_name=_("compensation deadline"),
        null=True,
        blank=True,
        help_text=_("as the permit states it; empty: it states none"),
    )
    felled_count = models.PositiveIntegerField(verbose_name=_("trees felled"), default=0)
    felled_on = models.DateField(verbose_name=_("first felling on"), null=True, blank=True)
    planted_count = models.PositiveIntegerField(verbose_name=_("trees planted"), default=0)
    state = models.CharField(
        verbose_name=_("state"),
        max_length=10,
        choices=PermitState.choices,
        default=PermitState.OPEN,
    )
    district = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.TextField(verbose_name=_("source"), blank=True)
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("felling permit")
        verbose_name_plural = _("felling permits")
        ordering = ["-issued_on", "number"]
        indexes = [
            models.Index(fields=["is_sample", "state", "deadline"], name="greenfund_permit_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trees_count__gte=1), name="greenfund_permit_trees_count"
            ),
            models.CheckConstraint(
                condition=Q(felled_count__lte=models.F("trees_count")),
                name="greenfund_permit_felled_at_most",
            ),
            models.CheckConstraint(
                condition=Q(owed__isnull=True) | Q(owed__gte=0), name="greenfund_permit_owed"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("issued_on")),
                name="greenfund_permit_deadline_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(owed__isnull=True, rule__isnull=True)
                | Q(owed__isnull=False, rule__isnull=False),
                name="greenfund_permit_owed_by_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_text(self) -> str:
        return self.applicant.name if self.applicant is not None else self.applicant_name

    @property
    def missing(self) -> Decimal | None:
        """Trees still to plant (0 once fulfilled); None when what is owed is unknown."""
        if self.owed is None:
            return None
        return max(self.owed - self.planted_count, Decimal(0))


class CompensatoryPlanting(models.Model):
    """Trees planted in compensation of a permit: how many, when, where (a place, or the trees
    registered one by one), of which species."""

    code = models.CharField(verbose_name=_("code"), max_length=100, unique=True)
    permit = models.ForeignKey(
        FellingPermit,
        verbose_name=_("felling permit"),
        on_delete=models.PROTECT,
        related_name="plantings",
    )
    planted_on = models.DateField(verbose_name=_("planted on"))
    count = models.PositiveIntegerField(verbose_name=_("trees planted"))
    species = models.ForeignKey(
        Species,
        verbose_name=_("species"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.PointField(
        verbose_name=_("place"),
        srid=WGS84,
        null=True,
        blank=True,
        spatial_index=True,
        help_text=_("where they were planted, when not registered tree by tree"),
    )
    points = models.MultiPointField(
        verbose_name=_("places of the trees planted"),
        srid=WGS84,
        null=True,
        blank=True,
        help_text=_("each becomes a tree of the registry"),
    )
    district = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), default=timezone.now)
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("compensatory planting")
        verbose_name_plural = _("compensatory plantings")
        ordering = ["planted_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="greenfund_planting_count"),
        ]

    def __str__(self) -> str:
        return self.code


class Park(RegistryEntry):
    """A park, square, boulevard or forest park, as a polygon with its area."""

    derived_fields = ("area_ha",)

    class Kind(models.TextChoices):
        PARK = "park", _("park")
        SQUARE = "square", _("square")
        BOULEVARD = "boulevard", _("boulevard")
        FOREST_PARK = "forest_park", _("forest park")
        OTHER = "other", _("other")

    geometry = models.MultiPolygonField(verbose_name=_("boundary"), srid=WGS84, spatial_index=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARK
    )
    area_ha = models.DecimalField(
        verbose_name=_("area (ha)"), max_digits=12, decimal_places=2, editable=False
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def derive(self) -> None:
        # Measured in UTM 43N, like the districts (places.models.area_in_hectares).
        self.area_ha = area_in_hectares(self.geometry)


class Nursery(RegistryEntry):
    """A nursery of seedlings (item 2.5): a point, or its polygon with the area measured."""

    derived_fields = ("area_ha",)
    geometry_types = ("Point", "MultiPolygon")

    geometry = models.GeometryField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    area_ha = models.DecimalField(
        verbose_name=_("area (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("measured from the polygon; for a point, as the source states it"),
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("nursery")
        verbose_name_plural = _("nurseries")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_ha__isnull=True) | Q(area_ha__gt=0), name="greenfund_nursery_area"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.geometry is not None and self.geometry.geom_type not in self.geometry_types:
            raise ValidationError({"geometry": _("A nursery is a point or a (multi)polygon.")})

    def derive(self) -> None:
        if self.geometry is not None and self.geometry.geom_type != "Point":
            self.area_ha = area_in_hectares(self.geometry)


class NurseryStock(models.Model):
    """Seedlings of one species in a nursery, counted on a date."""

    nursery = models.ForeignKey(
        Nursery, verbose_name=_("nursery"), on_delete=models.CASCADE, related_name="stock"
    )
    species = models.ForeignKey(
        Species,
        verbose_name=_("species"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveIntegerField(verbose_name=_("seedlings"))
    counted_on = models.DateField(verbose_name=_("counted on"))

    class Meta:
        verbose_name = _("nursery stock")
        verbose_name_plural = pgettext_lazy("model name", "nursery stock")
        ordering = ["nursery", "-counted_on", "species"]
        constraints = [
            models.UniqueConstraint(
                fields=["nursery", "species", "counted_on"], name="greenfund_stock_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nursery_id} {self.species_id} {self.counted_on}: {self.count}"


class WoodWasteSite(RegistryEntry):
    """A site that collects and processes wood waste (item 2.4)."""

    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    capacity_m3_per_year = models.DecimalField(
        verbose_name=_("capacity (m³ a year)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta(RegistryEntry.Meta):
        verbose_name = _("wood-waste site")
        verbose_name_plural = _("wood-waste sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_m3_per_year__isnull=True) | Q(capacity_m3_per_year__gte=0),
                name="greenfund_site_capacity",
            ),
        ]


class CompensationReminder(models.Model):
    """A reminder sent about a permit's compensation, once per stage (like `reporting.Reminder`)."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("deadline near")
        OVERDUE = "overdue", _("overdue")

    permit = models.ForeignKey(
        FellingPermit,
        verbose_name=_("felling permit"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    stage = models.CharField(verbose_name=_("stage"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), default=timezone.now)
    recipients = models.JSONField(verbose_name=_("sent to"), default=list)

    class Meta:
        verbose_name = _("compensation reminder")
        verbose_name_plural = _("compensation reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["permit", "stage"], name="greenfund_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.permit_id} {self.stage}"
