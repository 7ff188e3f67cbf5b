"""Eco-posts and the exhaust checks made at them (roadmap item 1.2). A check records what was
measured, never who drove: no plate numbers, no names. Its pass or fail is not stored: it is
judged against the limits in force on its day each time it is read (`assess.py`), so a
corrected limits table applies to every check at once."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jasyl.core.i18n import localized
from jasyl.domain.agencies.models import Agency
from jasyl.domain.exhaust import assess
from jasyl.domain.exhaust.reference import Aspiration, Fuel
from jasyl.domain.roadmap.models import Programme


class EcoPost(models.Model):
    """A stationary or mobile post where exhaust is measured at the roadside."""

    class Kind(models.TextChoices):
        STATIONARY = "stationary", _("stationary")
        MOBILE = "mobile", _("mobile")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="eco_posts"
    )
    code = models.CharField(verbose_name=_("code"), max_length=50)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        Agency,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eco_posts",
        limit_choices_to={"kind": Agency.Kind.DISTRICT_AKIMAT},
    )
    latitude = models.DecimalField(
        verbose_name=_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("eco-post")
        verbose_name_plural = _("eco-posts")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="eco_post_code_unique"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="eco_post_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="eco_post_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        if self.district is not None and self.district.kind != Agency.Kind.DISTRICT_AKIMAT:
            raise ValidationError({"district": _("Choose a district akimat.")})


class ExhaustImport(models.Model):
    """One uploaded file of checks: who brought it, when, and what it added."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="exhaust_imports",
    )
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    sha256 = models.CharField(verbose_name=_("SHA-256 checksum"), max_length=64)
    imported_at = models.DateTimeField(verbose_name=_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created = models.PositiveIntegerField(verbose_name=_("checks created"), default=0)
    skipped = models.PositiveIntegerField(verbose_name=_("rows skipped"), default=0)
    """Rows already imported before, or repeated in the file."""

    class Meta:
        verbose_name = _("exhaust check import")
        verbose_name_plural = _("exhaust check imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class ExhaustCheck(models.Model):
    """One vehicle's exhaust measured at a post."""

    class FuelChoice(models.TextChoices):
        PETROL = Fuel.PETROL.value, _("petrol")
        DIESEL = Fuel.DIESEL.value, _("diesel")

    class AspirationChoice(models.TextChoices):
        NATURAL = Aspiration.NATURAL.value, _("naturally aspirated")
        TURBO = Aspiration.TURBO.value, _("turbocharged")

    post = models.ForeignKey(
        EcoPost, verbose_name=_("eco-post"), on_delete=models.PROTECT, related_name="checks"
    )
    checked_at = models.DateTimeField(
        verbose_name=_("checked at"), help_text=_("Stored in UTC; entered in Almaty time.")
    )
    vehicle_category = models.CharField(
        verbose_name=_("vehicle category"), max_length=10, help_text=_("M1, N1 ...")
    )
    fuel = models.CharField(verbose_name=_("fuel"), max_length=10, choices=FuelChoice.choices)
    eco_class = models.PositiveSmallIntegerField(
        verbose_name=_("ecological class"), null=True, blank=True
    )
    aspiration = models.CharField(
        verbose_name=_("aspiration"), max_length=10, choices=AspirationChoice.choices, blank=True
    )
    # Measured values in their units (CO %, CH ppm, smoke k m-1), up to 999 999.999; blank:
    # not measured.
    co_min_idle = models.DecimalField(
        verbose_name=_("CO at minimum idle"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    co_raised_idle = models.DecimalField(
        verbose_name=_("CO at raised idle"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    ch_min_idle = models.DecimalField(
        verbose_name=_("CH at minimum idle"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    ch_raised_idle = models.DecimalField(
        verbose_name=_("CH at raised idle"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    smoke_k = models.DecimalField(
        verbose_name=_("smoke (light absorption k)"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
    )
    idle_rpm = models.PositiveIntegerField(verbose_name=_("idle speed, rpm"), null=True, blank=True)
    source = models.ForeignKey(
        ExhaustImport,
        verbose_name=_("exhaust check import"),
        on_delete=models.PROTECT,
        related_name="checks",
        null=True,
        blank=True,
    )
    source_row = models.PositiveIntegerField(
        verbose_name=_("row in the imported file"), null=True, blank=True
    )
    # The same post, time, vehicle and values read again are the same check.
    fingerprint = models.CharField(verbose_name=_("fingerprint (hash)"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("exhaust check")
        verbose_name_plural = _("exhaust checks")
        ordering = ["checked_at", "pk"]
        indexes = [models.Index(fields=["post", "checked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(eco_class__isnull=True) | Q(eco_class__lte=6),
                name="exhaust_eco_class_0_6",
            ),
            models.CheckConstraint(
                condition=Q(aspiration="") | Q(fuel=Fuel.DIESEL.value),
                name="exhaust_aspiration_diesel_only",
            ),
            models.CheckConstraint(
                condition=(
                    Q(co_min_idle__isnull=True) | Q(co_min_idle__gte=0, co_min_idle__lte=100)
                )
                & (
                    Q(co_raised_idle__isnull=True)
                    | Q(co_raised_idle__gte=0, co_raised_idle__lte=100)
                )
                & (Q(ch_min_idle__isnull=True) | Q(ch_min_idle__gte=0))
                & (Q(ch_raised_idle__isnull=True) | Q(ch_raised_idle__gte=0))
                & (Q(smoke_k__isnull=True) | Q(smoke_k__gte=0)),
                name="exhaust_measured_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} {self.checked_at:%Y-%m-%d %H:%M} {self.vehicle_category}"

    @property
    def local_day(self) -> datetime.date:
        return timezone.localtime(self.checked_at).date()

    def as_check(self) -> assess.Check:
        return assess.Check(
            fuel=Fuel(self.fuel),
            eco_class=self.eco_class,
            aspiration=Aspiration(self.aspiration) if self.aspiration else None,
            values={reading: getattr(self, reading.value) for reading in assess.Reading},
        )
