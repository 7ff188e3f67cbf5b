"""Low-emission zones (roadmap item 1.3): the zone's polygon, its phases (the start of each
tightening step), each phase's rules as data with their legal act, and the camera operator's
daily detection statistics. The rules' meaning and the checker are in `rules.py`; writes go
through `services.py`. No plate number is ever stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jasyl.core.i18n import localized
from jasyl.domain.lez import rules
from jasyl.domain.places.models import WGS84


class VerificationStatus(models.TextChoices):
    """How far a rule is confirmed."""

    SAMPLE = "sample", _("sample for demonstration: no legal act")
    NAMED_BY_SOURCE = "named_by_source", _("named by the source, not yet checked against the act")
    LEGAL_ACT = "legal_act", _("set by the legal act named")
    CONFIRMED = "confirmed", _("confirmed by the programme office")


class Zone(models.Model):
    code = models.SlugField(verbose_name=_("code"), max_length=50, unique=True)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=200, blank=True)
    geometry = models.MultiPolygonField(verbose_name=_("area"), srid=WGS84, spatial_index=True)
    information_url = models.URLField(verbose_name=_("information page"), blank=True)
    # Made-up demonstration data (`jasyl sample-lez`): shown only on request (`?data=sample`).
    sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("low-emission zone")
        verbose_name_plural = _("low-emission zones")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(geometry__isvalid=True), name="lez_zone_valid")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name") or self.code


class Phase(models.Model):
    """One step of the zone: the rules in force from its start until the next step starts (or
    its own end)."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="phases"
    )
    starts_on = models.DateField(verbose_name=_("in force from"))
    ends_on = models.DateField(verbose_name=_("in force until"), null=True, blank=True)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["zone", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "starts_on"], name="lez_phase_start_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="lez_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone.code} {self.starts_on.isoformat()}"

    @property
    def name(self) -> str:
        return localized(self, "name")


class Rule(models.Model):
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(verbose_name=_("code"), max_length=50)
    effect = models.CharField(
        verbose_name=_("effect"),
        max_length=10,
        choices=[(rules.Effect.CHARGE.value, _("charge")), (rules.Effect.BAN.value, _("ban"))],
    )
    # Empty lists: every category, every fuel.
    categories = models.JSONField(verbose_name=_("vehicle categories"), default=list, blank=True)
    fuels = models.JSONField(verbose_name=_("fuels"), default=list, blank=True)
    min_euro = models.PositiveSmallIntegerField(
        verbose_name=_("lowest Euro class not concerned"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("vehicles of a lower class are concerned; empty: every class"),
    )
    over_kg = models.PositiveIntegerField(
        verbose_name=_("above this maximum mass (kg)"), null=True, blank=True
    )
    hours = models.CharField(
        verbose_name=_("time window"),
        max_length=255,
        blank=True,
        help_text=_("OpenStreetMap opening_hours syntax, e.g. “Mo-Fr 07:00-19:00”; empty: always"),
    )
    charge = models.DecimalField(
        verbose_name=_("charge (tenge per day)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    exemptions = models.JSONField(verbose_name=_("exemptions"), default=list, blank=True)
    legal_act = models.TextField(verbose_name=_("legal act"))
    legal_act_url = models.URLField(verbose_name=_("legal act (link)"), blank=True)
    verification_status = models.CharField(
        verbose_name=_("verification status"),
        max_length=30,
        choices=VerificationStatus.choices,
    )

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["phase", "code"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "code"], name="lez_rule_code_unique"),
            models.CheckConstraint(
                condition=Q(effect="ban", charge__isnull=True)
                | Q(effect="charge", charge__gt=Decimal(0)),
                name="lez_rule_charge_only_for_charges",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name, known in (
            ("categories", rules.Category),
            ("fuels", rules.Fuel),
            ("exemptions", rules.Exemption),
        ):
            values = getattr(self, name)
            if not isinstance(values, list):
                errors[name] = str(_("A list is expected."))
                continue
            unknown = [str(v) for v in values if v not in {k.value for k in known}]
            if unknown:
                errors[name] = str(
                    _("Unknown: %(values)s. Known: %(known)s.")
                    % {"values": ", ".join(unknown), "known": ", ".join(k.value for k in known)}
                )
        try:
            rules.parse_hours(self.hours)
        except rules.RuleError as error:
            errors["hours"] = str(error)
        if self.effect == rules.Effect.CHARGE and not self.charge:
            errors["charge"] = str(_("A charge needs its amount."))
        if self.effect == rules.Effect.BAN and self.charge is not None:
            errors["charge"] = str(_("A ban has no charge."))
        if errors:
            raise ValidationError(errors)

    def as_rule(self) -> rules.Rule:
        """The rule as the checker reads it."""
        return rules.Rule(
            code=self.code,
            effect=rules.Effect(self.effect),
            categories=frozenset(rules.Category(c) for c in self.categories),
            fuels=frozenset(rules.Fuel(f) for f in self.fuels),
            min_euro=self.min_euro,
            over_kg=self.over_kg,
            hours=self.hours,
            charge=self.charge,
            exemptions=frozenset(rules.Exemption(e) for e in self.exemptions),
            legal_act=self.legal_act,
            verification_status=self.verification_status,
        )


class Camera(models.Model):
    """Where one of the zone's cameras stands, as the operator's export places it (its counts
    name it by `code`). Only its place is kept: what it sees is counted in `DailyDetection`."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="cameras"
    )
    code = models.CharField(verbose_name=_("camera"), max_length=50)
    geometry = models.PointField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    # A sample zone's cameras are sample data too: shown only with the sample zone.
    sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="lez_camera_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class DailyDetection(models.Model):
    """What one camera of the zone saw on one day, as the operator's export counts it: in all
    (`vehicle_class` empty) or for one vehicle category. Compliant, non-compliant and exempt
    vehicles add up to at most the vehicles detected (the rest were not classified, e.g. an
    unread plate); violations are issued to non-compliant vehicles only."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="detections"
    )
    camera = models.CharField(verbose_name=_("camera"), max_length=50)
    day = models.DateField(verbose_name=_("day"))
    vehicle_class = models.CharField(
        verbose_name=_("vehicle category"),
        max_length=5,
        blank=True,
        choices=[(c.value, c.value) for c in rules.Category],
    )
    detected = models.PositiveIntegerField(verbose_name=_("vehicles detected"))
    compliant = models.PositiveIntegerField(verbose_name=_("compliant"))
    non_compliant = models.PositiveIntegerField(verbose_name=_("non-compliant"))
    exempt = models.PositiveIntegerField(verbose_name=_("exempt"))
    violations = models.PositiveIntegerField(verbose_name=_("violations issued"))
    source = models.CharField(verbose_name=_("source file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("daily detection count")
        verbose_name_plural = _("daily detection counts")
        ordering = ["zone", "day", "camera", "vehicle_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "camera", "day", "vehicle_class"], name="lez_detection_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    detected__gte=models.F("compliant")
                    + models.F("non_compliant")
                    + models.F("exempt")
                ),
                name="lez_detection_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(violations__lte=models.F("non_compliant")),
                name="lez_detection_violations_within_non_compliant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone.code} {self.camera} {self.day.isoformat()}"


def zone_rules(zone: Zone, phases: list[Phase] | None = None) -> rules.Zone:
    """The zone with its phases and rules as the checker reads them (two queries)."""
    found = phases if phases is not None else list(zone.phases.prefetch_related("rules"))
    return rules.Zone(
        code=zone.code,
        name={"kk": zone.name_kk, "ru": zone.name_ru, "en": zone.name_en},
        phases=tuple(
            rules.Phase(
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                name={"kk": phase.name_kk, "ru": phase.name_ru, "en": phase.name_en},
                rules=tuple(rule.as_rule() for rule in phase.rules.all()),
            )
            for phase in found
        ),
    )
