"""The approved plan as published: programme, sections, activities and their published figures.

Published figures are stored exactly as printed and never replaced by computed sums. A cell the
document leaves blank has no row in `PlannedAmount`: "not stated" is not zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import localized
from jasyl.domain.agencies.models import Agency


class Programme(models.Model):
    code = models.SlugField(verbose_name=_("code"), max_length=100, unique=True)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    source_document_kk = models.TextField(verbose_name=_("source document (Kazakh)"))
    source_document_ru = models.TextField(verbose_name=_("source document (Russian)"), blank=True)
    source_document_en = models.TextField(verbose_name=_("source document (English)"), blank=True)
    # The act that approved the plan, where the source names one.
    approval_act = models.CharField(verbose_name=_("approving act"), max_length=500, blank=True)
    parent_programme_kk = models.CharField(
        verbose_name=_("parent programme (Kazakh)"), max_length=300, blank=True
    )
    parent_programme_ru = models.CharField(
        verbose_name=_("parent programme (Russian)"), max_length=300, blank=True
    )
    parent_programme_en = models.CharField(
        verbose_name=_("parent programme (English)"), max_length=300, blank=True
    )
    currency = models.CharField(verbose_name=_("currency"), max_length=3)
    amount_unit = models.CharField(verbose_name=_("amount unit code"), max_length=20)
    amount_scale = models.PositiveBigIntegerField(verbose_name=_("amount unit scale"))
    amount_unit_name_kk = models.CharField(
        verbose_name=_("amount unit name (Kazakh)"), max_length=50
    )
    amount_unit_name_ru = models.CharField(
        verbose_name=_("amount unit name (Russian)"), max_length=50, blank=True
    )
    amount_unit_name_en = models.CharField(
        verbose_name=_("amount unit name (English)"), max_length=50, blank=True
    )
    footnote_kk = models.TextField(verbose_name=_("footnote (Kazakh)"), blank=True)
    footnote_ru = models.TextField(verbose_name=_("footnote (Russian)"), blank=True)
    footnote_en = models.TextField(verbose_name=_("footnote (English)"), blank=True)
    grand_total_label_kk = models.CharField(
        verbose_name=_("grand total label (Kazakh)"), max_length=300
    )
    grand_total_label_ru = models.CharField(
        verbose_name=_("grand total label (Russian)"), max_length=300, blank=True
    )
    grand_total_label_en = models.CharField(
        verbose_name=_("grand total label (English)"), max_length=300, blank=True
    )
    target_years = models.JSONField(verbose_name=_("target years"), default=list)
    # Bumped whenever published progress data change (a report approved or reopened), so that
    # cached public pages are rebuilt; the plan's own editions are `ProgrammeVersion`s.
    published_revision = models.PositiveIntegerField(
        verbose_name=_("revision of the published data"), default=0
    )
    agencies: models.ManyToManyField[Agency, ProgrammeAgency] = models.ManyToManyField(
        Agency, verbose_name=_("agencies"), through="ProgrammeAgency", related_name="programmes"
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class ProgrammeAgency(models.Model):
    """An agency taking part in a programme, in the order the programme lists them."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="agency_links",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="programme_links"
    )
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("programme agency")
        verbose_name_plural = _("programme agencies")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "agency"], name="unique_programme_agency")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.agency_id}"


class ProgrammeVersion(models.Model):
    """One loaded edition of the plan: the original publication, then each amendment."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        AMENDMENT = "amendment", _("Amendment")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(verbose_name=_("edition number"))
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    act = models.CharField(verbose_name=_("act"), max_length=500, blank=True)
    content_hash = models.CharField(verbose_name=_("content hash (SHA-256)"), max_length=64)
    # The plan as exported (`jasyl roadmap export --format json`) at this version.
    snapshot = models.JSONField(verbose_name=_("plan snapshot"))
    loaded_at = models.DateTimeField(verbose_name=_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan edition")
        verbose_name_plural = _("plan editions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} v{self.number}"


class BudgetPeriod(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="periods"
    )
    code = models.CharField(verbose_name=_("code"), max_length=20)
    start_year = models.PositiveSmallIntegerField(verbose_name=_("start year"))
    end_year = models.PositiveSmallIntegerField(verbose_name=_("end year"))
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("budget period")
        verbose_name_plural = _("budget periods")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_period_code"),
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="period_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class FundingSource(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sources"
    )
    code = models.CharField(verbose_name=_("code"), max_length=20)
    abbreviation_kk = models.CharField(verbose_name=_("abbreviation (Kazakh)"), max_length=20)
    abbreviation_ru = models.CharField(
        verbose_name=_("abbreviation (Russian)"), max_length=20, blank=True
    )
    abbreviation_en = models.CharField(
        verbose_name=_("abbreviation (English)"), max_length=20, blank=True
    )
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=200, blank=True)
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_source_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def abbreviation(self) -> str:
        return localized(self, "abbreviation")


class Unit(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField(verbose_name=_("code"), max_length=30)
    dimension = models.CharField(verbose_name=_("dimension"), max_length=30)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=50)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=50, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("unit of measurement")
        verbose_name_plural = _("units of measurement")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_unit")]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class Measure(models.Model):
    """What a structured quantity counts (EV charging stations installed, km of river channel)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="measures"
    )
    code = models.CharField(verbose_name=_("code"), max_length=60)
    unit = models.ForeignKey(Unit, verbose_name=_("unit of measurement"), on_delete=models.PROTECT)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_measure")]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class Section(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.SlugField(verbose_name=_("code"), max_length=50)
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    subtotal_label_kk = models.CharField(verbose_name=_("subtotal label (Kazakh)"), max_length=300)
    subtotal_label_ru = models.CharField(
        verbose_name=_("subtotal label (Russian)"), max_length=300, blank=True
    )
    subtotal_label_en = models.CharField(
        verbose_name=_("subtotal label (English)"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_section_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class Activity(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="activities"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="activities"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(verbose_name=_("item number"), max_length=20)
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )
    name_kk = models.TextField(verbose_name=_("name (Kazakh)"))
    name_ru = models.TextField(verbose_name=_("name (Russian)"), blank=True)
    name_en = models.TextField(verbose_name=_("name (English)"), blank=True)
    # The "responsible" and "period" cells exactly as printed.
    responsible_text = models.TextField(
        verbose_name=_("responsible executors as printed"), blank=True
    )
    period_text = models.CharField(
        verbose_name=_("implementation period as printed"), max_length=100
    )
    description_kk = models.TextField(verbose_name=_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(verbose_name=_("description (Russian)"), blank=True)
    description_en = models.TextField(verbose_name=_("description (English)"), blank=True)
    # Items that carry KPIs here but are funded in another section of the city programme.
    funded_elsewhere = models.BooleanField(
        verbose_name=_("funded in another section"), default=False
    )
    # The transcriber's reasoning about ambiguous cells.
    notes_kk = models.TextField(verbose_name=_("transcription notes (Kazakh)"), blank=True)
    notes_ru = models.TextField(verbose_name=_("transcription notes (Russian)"), blank=True)
    notes_en = models.TextField(verbose_name=_("transcription notes (English)"), blank=True)
    agencies: models.ManyToManyField[Agency, ActivityAgency] = models.ManyToManyField(
        Agency, verbose_name=_("agencies"), through="ActivityAgency", related_name="activities"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = pgettext_lazy("model name", "activities")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_activity_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ActivityAgency(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="agency_links"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="activity_links"
    )
    # 0 is the lead agency, as printed first.
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("activity agency")
        verbose_name_plural = _("activity agencies")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "agency"], name="unique_activity_agency")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.agency_id}"


class ImplementationRange(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="ranges"
    )
    start_year = models.PositiveSmallIntegerField(verbose_name=_("start year"))
    end_year = models.PositiveSmallIntegerField(verbose_name=_("end year"))
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("implementation period")
        verbose_name_plural = _("implementation periods")
        ordering = ["activity", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="range_starts_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class ActivityReference(models.Model):
    """A pointer to another section of the city programme where the item is funded."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="references"
    )
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )
    text_kk = models.TextField(verbose_name=_("text (Kazakh)"))
    text_ru = models.TextField(verbose_name=_("text (Russian)"), blank=True)
    text_en = models.TextField(verbose_name=_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("reference to another section")
        verbose_name_plural = _("references to other sections")
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return self.text_kk

    @property
    def text(self) -> str:
        return localized(self, "text")


class PlannedOutput(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outputs"
    )
    period = models.ForeignKey(
        BudgetPeriod, verbose_name=_("budget period"), on_delete=models.CASCADE
    )
    text_kk = models.TextField(verbose_name=_("text (Kazakh)"))
    text_ru = models.TextField(verbose_name=_("text (Russian)"), blank=True)
    text_en = models.TextField(verbose_name=_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("planned output")
        verbose_name_plural = _("planned outputs")
        ordering = ["activity", "period__position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="unique_output_period")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.period_id}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class KpiTarget(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="kpi_targets"
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    text_kk = models.TextField(verbose_name=_("text (Kazakh)"))
    text_ru = models.TextField(verbose_name=_("text (Russian)"), blank=True)
    text_en = models.TextField(verbose_name=_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["activity", "year"]
        constraints = [models.UniqueConstraint(fields=["activity", "year"], name="unique_kpi_year")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.year}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class Quantity(models.Model):
    """A structured quantity read from an output, a KPI target or a baseline, in its unit."""

    class Basis(models.TextChoices):
        CUMULATIVE = "cumulative", _("Cumulative from the start of the plan")
        PERIOD_SUM = "period_sum", _("Sum since the previous target")
        LEVEL = "level", _("Level to reach")
        ANNUAL = "annual", _("Yearly rate")
        REDUCTION = "reduction", _("Yearly reduction")

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.PROTECT)
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4)
    output = models.ForeignKey(
        PlannedOutput,
        verbose_name=_("planned output"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quantities",
    )
    kpi = models.ForeignKey(
        KpiTarget,
        verbose_name=_("KPI target"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quantities",
    )
    baseline_of = models.ForeignKey(
        Activity,
        verbose_name=_("baseline of the activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="baselines",
    )
    basis = models.CharField(
        verbose_name=_("counting basis"), max_length=20, choices=Basis.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), null=True, blank=True)
    position = models.PositiveIntegerField(
        verbose_name=pgettext_lazy("order in a list", "position")
    )

    class Meta:
        verbose_name = _("quantity")
        verbose_name_plural = _("quantities")
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                name="quantity_has_one_owner",
                condition=(
                    Q(output__isnull=False, kpi__isnull=True, baseline_of__isnull=True)
                    | Q(output__isnull=True, kpi__isnull=False, baseline_of__isnull=True)
                    | Q(output__isnull=True, kpi__isnull=True, baseline_of__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.measure_id}"


class PlannedAmount(models.Model):
    """One published money cell: a row (activity, section subtotal or grand total) by a column
    (a budget period, a funding source, or the total)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="amounts"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, null=True, blank=True
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, null=True, blank=True
    )
    period = models.ForeignKey(
        BudgetPeriod,
        verbose_name=_("budget period"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    amount = models.DecimalField(verbose_name=_("amount"), max_digits=18, decimal_places=3)

    class Meta:
        verbose_name = _("planned amount")
        verbose_name_plural = _("planned amounts")
        constraints = [
            models.CheckConstraint(
                name="amount_row_is_one_thing",
                condition=Q(section__isnull=True) | Q(activity__isnull=True),
            ),
            models.CheckConstraint(
                name="amount_column_is_one_thing",
                condition=Q(period__isnull=True) | Q(source__isnull=True),
            ),
            models.CheckConstraint(name="amount_not_negative", condition=Q(amount__gte=0)),
            *[
                models.UniqueConstraint(
                    fields=[*row_fields, *column_fields],
                    condition=row_condition & column_condition,
                    name=f"unique_amount_{row_name}_{column_name}",
                )
                for row_name, row_fields, row_condition in [
                    ("activity", ["activity"], Q(activity__isnull=False)),
                    ("section", ["section"], Q(section__isnull=False)),
                    ("grand", ["programme"], Q(activity__isnull=True, section__isnull=True)),
                ]
                for column_name, column_fields, column_condition in [
                    ("period", ["period"], Q(period__isnull=False)),
                    ("source", ["source"], Q(source__isnull=False)),
                    ("total", [], Q(period__isnull=True, source__isnull=True)),
                ]
            ],
        ]

    def __str__(self) -> str:
        return str(self.amount)


class PlanImport(models.Model):
    """One workbook applied to the plan: who, when, the file as uploaded, why, and what changed."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    imported_at = models.DateTimeField(verbose_name=_("imported at"), auto_now_add=True)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    file = models.FileField(verbose_name=_("file"), upload_to="roadmap/imports/%Y/", max_length=300)
    language = models.CharField(verbose_name=_("language"), max_length=2)
    reason = models.TextField(verbose_name=_("reason"))
    # The edition the import produced; the latest one when the workbook changed nothing.
    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("resulting plan edition"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    changed = models.BooleanField(verbose_name=_("changed the plan"))
    # `diff.PlanDiff.summary()`: activities added, removed, changed, and figures old -> new.
    diff = models.JSONField(verbose_name=_("changes"), default=dict)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["programme", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.file_name} ({self.imported_at:%Y-%m-%d})"
