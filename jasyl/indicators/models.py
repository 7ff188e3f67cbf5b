"""The indicator registry: every KPI of the plan as an indicator with its targets, and the
observations that say where it stands.

An indicator is one measure of one activity's KPI targets (`1:air_emissions`: the city's
emissions, the KPI of item 1). Its values are counted by `kind`:

- `level`: a level at a date (emissions in kt/yr, trees in the green fund, a reduction reached);
- `annual`: a yearly figure (people reached in a year);
- `cumulative`: a count since the plan began (trees planted, sites built). A target the plan
  states as a sum since the previous target is stored here as the cumulative total it implies;
  the printed figure is kept in `published_value`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jasyl.agencies.models import Agency
from jasyl.core.i18n import localized
from jasyl.roadmap.models import Activity, Measure, Programme


class Indicator(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", _("Level")
        ANNUAL = "annual", _("Yearly figure")
        CUMULATIVE = "cumulative", _("Cumulative since the plan began")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=100)
    # PROTECT: an amendment of the plan cannot silently drop an activity or a measure that has
    # an indicator with observations; `sync_indicators` removes indicators without any first.
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="indicators")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="indicators")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    # Why the direction is what it is: the plan states a reduction, or it is read off the targets.
    direction_reason = models.CharField(max_length=300)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_source = models.CharField(max_length=300, blank=True)
    # The lead agency of the activity: who answers for the indicator.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self.measure, "name")

    @property
    def unit_name(self) -> str:
        return localized(self.measure.unit, "name")


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField()
    # The value to reach, in the indicator's kind (cumulative targets as totals).
    value = models.DecimalField(max_digits=20, decimal_places=4)
    # The figure as the plan prints it, and how it prints it (the KPI's basis).
    published_value = models.DecimalField(max_digits=20, decimal_places=4)
    basis = models.CharField(max_length=20)
    amended = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.year}={self.value}"


class TargetAmendment(models.Model):
    """A target changed after publication: the value before, the value after, why and by which
    act. The published figure itself is never overwritten."""

    target = models.ForeignKey(IndicatorTarget, on_delete=models.CASCADE, related_name="amendments")
    previous_value = models.DecimalField(max_digits=20, decimal_places=4)
    new_value = models.DecimalField(max_digits=20, decimal_places=4)
    reason = models.TextField()
    act = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "changed_at"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.previous_value} -> {self.new_value}"


class Observation(models.Model):
    """A value of an indicator at a date, with its source; optionally for one district."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=4)
    source = models.CharField(max_length=500)
    evidence_url = models.URLField(max_length=500, blank=True)
    district = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    # Demonstration data: never part of the official figures.
    sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "observed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "observed_on", "sample"],
                condition=models.Q(district__isnull=True),
                name="unique_city_observation",
            ),
            models.UniqueConstraint(
                fields=["indicator", "observed_on", "district", "sample"],
                condition=models.Q(district__isnull=False),
                name="unique_district_observation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.observed_on}={self.value}"


class EmissionInventory(models.Model):
    """An edition of the city's emission inventory, on its own basis: the programme office adds
    them as they are published. The plan's own baseline (127 thousand t in 2021 for Almaty) is
    the baseline of the total emissions indicator and is not stored here. Totals of different
    bases are shown side by side, never compared with each other."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published by its author")
        SECONDARY = "secondary", _("From a secondary source")
        UNVERIFIED = "unverified", _("Not verified")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="emission_inventories"
    )
    year = models.PositiveSmallIntegerField()
    # In the unit of the programme's total emissions indicator (thousand t per year).
    total = models.DecimalField(max_digits=20, decimal_places=4)
    edition_kk = models.CharField(max_length=300)
    edition_ru = models.CharField(max_length=300)
    edition_en = models.CharField(max_length=300)
    # What the total counts: which sources, which pollutants, how it was estimated.
    basis_kk = models.TextField()
    basis_ru = models.TextField()
    basis_en = models.TextField()
    source = models.CharField(max_length=500)
    source_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)

    class Meta:
        ordering = ["programme", "year", "edition_en"]
        verbose_name_plural = "emission inventories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="emission_inventory_total_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_en} ({self.year}): {self.total}"

    @property
    def edition(self) -> str:
        return localized(self, "edition")

    @property
    def basis(self) -> str:
        return localized(self, "basis")
