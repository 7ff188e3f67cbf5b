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
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import localized
from jasyl.domain.agencies.models import Agency
from jasyl.domain.roadmap.models import Activity, Measure, Programme


class Indicator(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", _("Level")
        ANNUAL = "annual", _("Yearly figure")
        CUMULATIVE = "cumulative", _("Cumulative since the plan began")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(verbose_name=_("code"), max_length=100)
    # PROTECT: an amendment of the plan cannot silently drop an activity or a measure that has
    # an indicator with observations; `sync_indicators` removes indicators without any first.
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="indicators"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="indicators"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices)
    direction = models.CharField(
        verbose_name=_("desired direction"), max_length=10, choices=Direction.choices
    )
    # Why the direction is what it is: the plan states a reduction, or it is read off the targets.
    direction_reason = models.CharField(verbose_name=_("reason for the direction"), max_length=300)
    baseline_value = models.DecimalField(
        verbose_name=_("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        verbose_name=_("baseline year"), null=True, blank=True
    )
    baseline_source = models.CharField(
        verbose_name=_("baseline source"), max_length=300, blank=True
    )
    # The lead agency of the activity: who answers for the indicator.
    agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
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
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    # The value to reach, in the indicator's kind (cumulative targets as totals).
    value = models.DecimalField(verbose_name=_("target value"), max_digits=20, decimal_places=4)
    # The figure as the plan prints it, and how it prints it (the KPI's basis).
    published_value = models.DecimalField(
        verbose_name=_("published value"), max_digits=20, decimal_places=4
    )
    basis = models.CharField(verbose_name=_("counting basis"), max_length=20)
    amended = models.BooleanField(verbose_name=_("amended"), default=False)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.year}={self.value}"


class TargetAmendment(models.Model):
    """A target changed after publication: the value before, the value after, why and by which
    act. The published figure itself is never overwritten."""

    target = models.ForeignKey(
        IndicatorTarget,
        verbose_name=_("indicator target"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    previous_value = models.DecimalField(
        verbose_name=_("previous value"), max_digits=20, decimal_places=4
    )
    new_value = models.DecimalField(verbose_name=_("new value"), max_digits=20, decimal_places=4)
    reason = models.TextField(verbose_name=_("reason"))
    act = models.CharField(verbose_name=_("act"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT
    )
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target amendment")
        verbose_name_plural = _("target amendments")
        ordering = ["target", "changed_at"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.previous_value} -> {self.new_value}"


class Observation(models.Model):
    """A value of an indicator at a date, with its source; optionally for one district."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    observed_on = models.DateField(verbose_name=_("date of the value"))
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(verbose_name=_("source"), max_length=500)
    evidence_url = models.URLField(verbose_name=_("evidence URL"), max_length=500, blank=True)
    district = models.ForeignKey(
        Agency, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    entered_at = models.DateTimeField(verbose_name=_("entered at"), auto_now_add=True)
    # Demonstration data: never part of the official figures.
    sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
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
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="emission_inventories",
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    # In the unit of the programme's total emissions indicator (thousand t per year).
    total = models.DecimalField(verbose_name=_("total emissions"), max_digits=20, decimal_places=4)
    edition_kk = models.CharField(verbose_name=_("edition (Kazakh)"), max_length=300)
    edition_ru = models.CharField(verbose_name=_("edition (Russian)"), max_length=300)
    edition_en = models.CharField(verbose_name=_("edition (English)"), max_length=300)
    # What the total counts: which sources, which pollutants, how it was estimated.
    basis_kk = models.TextField(verbose_name=_("basis (Kazakh)"))
    basis_ru = models.TextField(verbose_name=_("basis (Russian)"))
    basis_en = models.TextField(verbose_name=_("basis (English)"))
    source = models.CharField(verbose_name=_("source"), max_length=500)
    source_url = models.URLField(verbose_name=_("source URL"), max_length=500, blank=True)
    status = models.CharField(verbose_name=_("status"), max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = _("emission inventory")
        verbose_name_plural = _("emission inventories")
        ordering = ["programme", "year", "edition_en"]
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
