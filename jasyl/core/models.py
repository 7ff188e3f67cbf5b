"""What the project's plumbing keeps in the database: the claims of background jobs, the log of
imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobClaim(models.Model):
    """A background job claimed under a key, at most one per key: a document asked for by many
    visitors is built by one job, and the daily jobs are enqueued once a day however many
    workers run (`jobs.enqueue_once`, `jobs.enqueue_daily`)."""

    key = models.CharField(verbose_name=_("key"), max_length=255, unique=True)
    # The django-tasks result id; blank between the claim and the enqueueing.
    task_id = models.CharField(verbose_name=_("job id"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(verbose_name=_("claimed at"))

    class Meta:
        verbose_name = _("background job claim")
        verbose_name_plural = _("background job claims")

    def __str__(self) -> str:
        return self.key


class ImportLog(models.Model):
    """One import of a file (`jasyl.core.imports`): who gave which file for what, the file itself
    (kept in the default storage), what the import did or why it refused the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("running")
        DONE = "done", _("imported")
        CHECKED = "checked", _("checked (dry run): nothing written")
        REFUSED = "refused", _("refused: nothing written")
        FAILED = "failed", _("failed: nothing written")

    kind = models.CharField(verbose_name=_("kind"), max_length=50)
    scope = models.CharField(
        verbose_name=_("programme"), max_length=100, blank=True, help_text=_("its code")
    )
    file = models.FileField(verbose_name=_("file"), upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    sha256 = models.CharField(verbose_name=_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    dry_run = models.BooleanField(verbose_name=_("dry run"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("empty: the server's operator, on the command line"),
    )
    language = models.CharField(verbose_name=_("language"), max_length=10, default="en")
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    started_at = models.DateTimeField(verbose_name=_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(verbose_name=_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(verbose_name=_("rows checked"), default=0)
    created = models.PositiveIntegerField(verbose_name=_("rows created"), default=0)
    updated = models.PositiveIntegerField(verbose_name=_("rows updated"), default=0)
    unchanged = models.PositiveIntegerField(verbose_name=_("rows unchanged"), default=0)
    refused = models.JSONField(
        verbose_name=_("refused rows"),
        default=list,
        help_text=_("the first refused rows: line, column and message"),
    )
    refused_count = models.PositiveIntegerField(verbose_name=_("refused rows (all)"), default=0)
    message = models.TextField(verbose_name=_("message"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["kind", "scope", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


from jasyl.core.tiles.models import GridCount  # noqa: E402,F401
