"""Progress reports of executing agencies, per activity and reporting period.

A report moves draft -> submitted -> returned | approved (see `reporting/workflow.py`); every
save is a numbered revision with a snapshot, every transition an `AuditEntry`. Reports of a
sample period (`ReportingPeriod.sample`) are demonstration data: they never count in the
official figures.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jasyl.domain.agencies.models import Agency
from jasyl.domain.roadmap.models import Activity, FundingSource, Measure, Programme


class ReportingPeriod(models.Model):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        LOCKED = "locked", _("Locked")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    # 1-4 for a quarter, 0 for a whole year.
    quarter = models.PositiveSmallIntegerField(verbose_name=_("quarter"), default=0)
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    due_on = models.DateField(verbose_name=_("due date"))
    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    # Demonstration data made by `jasyl sample-progress`; never part of the official figures.
    sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["programme", "sample", "starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "year", "quarter", "sample"],
                name="unique_reporting_period",
            ),
            models.CheckConstraint(
                name="quarter_only_for_quarters",
                condition=(Q(kind="quarter", quarter__gte=1, quarter__lte=4))
                | Q(kind="year", quarter=0),
            ),
            models.CheckConstraint(
                name="reporting_period_in_order",
                condition=Q(starts_on__lte=models.F("ends_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def slug(self) -> str:
        """The period in URLs: `2025`, `2025-q1`; sample periods `sample-2025`."""
        base = f"{self.year}-q{self.quarter}" if self.quarter else str(self.year)
        return f"sample-{base}" if self.sample else base

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ProgressReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # PROTECT: an amendment of the plan cannot silently drop an activity that has reports.
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    status = models.CharField(
        verbose_name=_("implementation status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
    )
    # Physical progress of the whole activity at the end of the period, in per cent.
    progress = models.DecimalField(
        verbose_name=_("physical progress, per cent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    narrative = models.TextField(verbose_name=_("narrative"), blank=True)
    # Optimistic locking: every save must name the revision it was based on.
    revision = models.PositiveIntegerField(verbose_name=_("revision"), default=0)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period", "activity__position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="unique_report"),
            models.CheckConstraint(
                name="progress_is_a_percentage",
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}@{self.period_id}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ReportSpending(models.Model):
    """Money committed and actually spent in the period, per funding source, in the
    programme's amount unit."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="spending",
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    committed = models.DecimalField(
        verbose_name=_("committed amount"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    spent = models.DecimalField(
        verbose_name=_("amount spent"), max_digits=18, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("spending from a funding source")
        verbose_name_plural = _("spending by funding source")
        ordering = ["report", "source__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="unique_report_source"),
            models.CheckConstraint(
                name="spending_not_negative",
                condition=(Q(committed__isnull=True) | Q(committed__gte=0))
                & (Q(spent__isnull=True) | Q(spent__gte=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.source_id}"


class ReportQuantity(models.Model):
    """An output achieved in the period, or a KPI's value at its end, in the measure's unit."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output achieved")
        KPI = "kpi", _("KPI value")

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="quantities",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.PROTECT)
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("reported quantity")
        verbose_name_plural = _("reported quantities")
        ordering = ["report", "kind", "measure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "measure"], name="unique_report_quantity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.kind}:{self.measure_id}={self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    report = instance.report
    suffix = PurePath(filename).suffix.lower()
    return (
        f"evidence/{report.period.programme.code}/{report.period.slug}/"
        f"{report.activity.code}/{uuid.uuid4().hex}{suffix}"
    )


class Evidence(models.Model):
    """A file backing a report (an act of acceptance, a photo, a spreadsheet), kept through
    Django's storage API so that production can keep it in object storage."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        PHOTO = "photo", _("Photo")
        SPREADSHEET = "spreadsheet", _("Spreadsheet")

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(verbose_name=_("file"), upload_to=evidence_path, max_length=300)
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(verbose_name=_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(verbose_name=_("size in bytes"))
    content_type = models.CharField(verbose_name=_("content type (MIME)"), max_length=100)
    description = models.CharField(verbose_name=_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now_add=True)
    # Removed evidence stays listed in the history; its file is kept for the audit trail.
    removed = models.BooleanField(verbose_name=_("removed"), default=False)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportRevision(models.Model):
    """Every saved version of a report, as a snapshot a reviewer can compare with another."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(verbose_name=_("revision number"))
    snapshot = models.JSONField(verbose_name=_("report snapshot"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.PROTECT
    )
    # The agency the author saved for (a co-executor's contribution is visible as such).
    agency = models.ForeignKey(
        Agency, verbose_name=_("for agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    saved_at = models.DateTimeField(verbose_name=_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_revision")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} r{self.number}"


class AuditEntry(models.Model):
    """One line of the audit trail: who did what, when, from which state to which, and why.

    Written only by the services in `reporting/workflow.py`; never changed or deleted.
    """

    # The comment of the entries `jasyl sample-progress` writes (by no one): a code, shown to
    # people as "Sample data" in their language (`templatetags/reporting.py`, `comment`).
    SAMPLE_COMMENT = "sample-progress"

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Reopened")
        EVIDENCE_ADDED = "evidence_added", _("Evidence added")
        EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
        CITED = "cited", _("Registry rows cited")
        PERIOD_OPENED = "period_opened", _("Period opened")
        PERIOD_CLOSED = "period_closed", _("Period closed")
        PERIOD_LOCKED = "period_locked", _("Period locked")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="audit_trail"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trail",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trail",
    )
    action = models.CharField(verbose_name=_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(verbose_name=_("state before"), max_length=10, blank=True)
    to_state = models.CharField(verbose_name=_("state after"), max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        on_delete=models.PROTECT,
        null=True,
    )
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    revision = models.PositiveIntegerField(verbose_name=_("revision"), null=True, blank=True)
    at = models.DateTimeField(verbose_name=_("date and time"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class Reminder(models.Model):
    """A reminder stage already sent for a report that is due, so that each stage goes once."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED_HEAD = "escalated_head", _("Escalated to the agency head")
        ESCALATED_OFFICE = "escalated_office", _("Escalated to the programme office")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.CharField(verbose_name=_("stage"), max_length=20, choices=Stage.choices)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), auto_now_add=True)
    recipients = models.JSONField(verbose_name=_("recipients"), default=list)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["period", "activity", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "activity", "stage"], name="unique_reminder_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.activity_id}:{self.stage}"
