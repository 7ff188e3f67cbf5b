"""What the project's plumbing keeps in the database: the claims of background jobs."""

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
