"""What every registry of the maps has (trees, parks, and later waste sites, water objects,
chargers...): the base of a registry row (`RegistryEntry`), the history of every change with
its moderation (`Edit`), the photos and documents attached to a row (`Attachment`), and the
rows an agency's progress report cites as its evidence (`Citation`).

A registry is a small model that subclasses `RegistryEntry` and declares its `geometry` (srid
4326, with a spatial index); what differs between registries stays in the subclass. Writes go
through `services.py`, which sets the district by a spatial join (`placing.place_row`) and
records the `Edit`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import LANGUAGES, localized_or_any
from jasyl.domain.agencies.models import Agency
from jasyl.domain.places.models import WGS84, AdministrativeUnit
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.models import Activity, Programme

__all__ = ["WGS84", "Attachment", "Citation", "Edit", "RegistryEntry"]


class RegistryEntry(models.Model):
    """One row of a registry: its code, names, district, the roadmap activity that delivers it,
    its holder and its provenance. The subclass declares `geometry`."""

    name_required: ClassVar[bool] = True
    """False where a row has no name of its own (a tree)."""
    derived_fields: ClassVar[tuple[str, ...]] = ()
    """Fields computed from the others by `derive` (an area from the polygon)."""

    code = models.CharField(verbose_name=_("code"), max_length=100, unique=True)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    # Set by a spatial join when the row is written (docs/architecture.md, "Maps and
    # geometry"): counting per district at read time does not scale.
    district = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    district_by_hand = models.BooleanField(
        verbose_name=_("district chosen by hand"),
        default=False,
        help_text=_("kept as chosen: the spatial join does not change it"),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("roadmap activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("the activity of the plan that delivered it"),
    )
    holder = models.ForeignKey(
        Agency,
        verbose_name=_("balance holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    holder_name = models.CharField(
        verbose_name=_("balance holder (not an agency)"), max_length=300, blank=True
    )
    source = models.TextField(verbose_name=_("source"), blank=True)
    verified_on = models.DateField(verbose_name=_("verified on"), null=True, blank=True)
    # Demonstration data: shown only as such, never counted in official figures.
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    geometry: Any

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the active language, else in any language, else the code."""
        return localized_or_any(self, "name", self.code)

    def derive(self) -> None:
        """Compute `derived_fields` from the other fields; the services call it before a
        write (not `save()`: a model's save has no logic of its own)."""

    @property
    def holder_text(self) -> str:
        return self.holder.name if self.holder is not None else self.holder_name

    def clean(self) -> None:
        if self.name_required and not any(getattr(self, f"name_{lang}") for lang in LANGUAGES):
            raise ValidationError({"name_kk": _("Give a name in at least one language.")})
        if self.district_by_hand and self.district_id is None:
            raise ValidationError({"district": _("A district chosen by hand needs the district.")})


class Edit(models.Model):
    """One change of a registry row (or of a registry's reference data): who, when, what, with
    the changed fields as {field: [old, new]}.

    The programme office's edits (and the operator's, from the command line) are applied at
    once. An agency editor's edit is pending until the office approves it (then applied) or
    rejects it (then the row stays as it was): OpenTreeMap's pending edits. Only a pending edit
    moves, and only to applied or rejected (`services.approve_edit`, `services.reject_edit`).
    """

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("edit action", "created")
        UPDATE = "update", pgettext_lazy("edit action", "changed")
        DELETE = "delete", pgettext_lazy("edit action", "deleted")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the programme office")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of row"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(
        verbose_name=_("row"),
        null=True,
        blank=True,
        help_text=_("empty: a proposed new row, not created yet"),
    )
    entry = GenericForeignKey("content_type", "object_id")
    code = models.CharField(
        verbose_name=_("code"), max_length=200, help_text=_("the row's code, kept after a delete")
    )
    action = models.CharField(verbose_name=_("action"), max_length=10, choices=Action.choices)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    # {field: [old, new]} as display text: codes, plain numbers, ISO dates, short WKT.
    changes = models.JSONField(verbose_name=_("changes"), default=dict)
    # The same in machine form (primary keys, EWKT): what a pending edit applies, and what the
    # row must still hold for it to apply.
    values = models.JSONField(verbose_name=_("values"), default=dict)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("whose office reviews it"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("empty: the server's operator, on the command line"),
    )
    at = models.DateTimeField(verbose_name=_("at"), default=timezone.now)
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(verbose_name=_("reviewed at"), null=True, blank=True)
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("registry edit")
        verbose_name_plural = _("registry edits")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="registries_edit_row"),
            models.Index(fields=["status", "at"], name="registries_edit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(reviewer__isnull=True, reviewed_at__isnull=True),
                name="registries_edit_pending_unreviewed",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | Q(reviewed_at__isnull=False),
                name="registries_edit_rejected_reviewed",
            ),
            models.CheckConstraint(
                condition=Q(action="create", status="pending")
                | Q(action="create", status="rejected")
                | Q(object_id__isnull=False),
                name="registries_edit_row_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.code} {self.action} ({self.status})"


class Attachment(models.Model):
    """A photo or a document about a registry row."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of row"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("row"))
    entry = GenericForeignKey("content_type", "object_id")
    file = models.FileField(verbose_name=_("file"), upload_to="registries/%Y/%m/", max_length=300)
    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    media_type = models.CharField(verbose_name=_("media type"), max_length=50)
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    caption = models.CharField(verbose_name=_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="registries_attachment_row")
        ]

    def __str__(self) -> str:
        return self.file_name


class Citation(models.Model):
    """A registry row that a progress report cites as evidence of its outputs: "these are the
    container sites we built". Written only by `citations.cite`, under the report's own rules
    (a new revision of the report, an audit entry, nothing once it is submitted or approved).

    The code is kept as it was when cited, so that the citation still reads if the row is
    deleted; a deleted row no longer counts as cited."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="citations",
    )
    kind = models.CharField(
        verbose_name=_("registry"), max_length=50, help_text=_("its import kind, e.g. ev-chargers")
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of row"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("row"))
    entry = GenericForeignKey("content_type", "object_id")
    code = models.CharField(verbose_name=_("code"), max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(verbose_name=_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("registry row cited")
        verbose_name_plural = _("registry rows cited")
        ordering = ["report", "kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content_type", "object_id"], name="registries_citation_once"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="registries_citation_row")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.kind} {self.code}"
