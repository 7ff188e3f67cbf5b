"""Reads of the registries' history, moderation queue and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from jasyl.domain.registries.lifecycle import LifecycleEntry
from jasyl.domain.registries.models import Attachment, Edit, RegistryEntry
from jasyl.domain.roadmap.models import Programme


def registry_models() -> list[type[RegistryEntry]]:
    """Every registry of the project (the concrete subclasses of `RegistryEntry`)."""
    return [m for m in apps.get_models() if issubclass(m, RegistryEntry)]


def history_of(row: models.Model) -> QuerySet[Edit]:
    """A row's edits, oldest first: applied, pending and rejected."""
    return (
        Edit.objects.filter(content_type=ContentType.objects.get_for_model(row), object_id=row.pk)
        .select_related("by", "reviewer")
        .order_by("at", "id")
    )


def pending_edits(
    *, programme: Programme | None = None, model: type[models.Model] | None = None
) -> QuerySet[Edit]:
    """The edits waiting for the programme office, oldest first."""
    edits = Edit.objects.filter(status=Edit.Status.PENDING)
    if programme is not None:
        edits = edits.filter(programme=programme)
    if model is not None:
        edits = edits.filter(content_type=ContentType.objects.get_for_model(model))
    return edits.select_related("content_type", "by").order_by("at", "id")


def attachments_of(row: models.Model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(row), object_id=row.pk
    ).select_related("uploaded_by")


def delivered_rows(
    model: type[LifecycleEntry], programme: Programme, activity: str, year: int | None
) -> QuerySet[LifecycleEntry]:
    """Official rows of a built-object registry that the activity delivered: in service (or
    since decommissioned) with the date they entered service in `year` (None: any year)."""
    rows = model._default_manager.filter(
        is_sample=False,
        activity__programme=programme,
        activity__code=activity,
        in_service_on__isnull=False,
    )
    if year is not None:
        rows = rows.filter(in_service_on__year=year)
    return rows


def delivered(
    model: type[LifecycleEntry], programme: Programme, activity: str, year: int | None
) -> Decimal:
    """How many rows `delivered_rows` finds."""
    return Decimal(delivered_rows(model, programme, activity, year).count())


def latest_edit() -> int:
    """The latest registry edit's id (0: none): what pages that count registry rows depend on
    beyond the plan's edition (every registry write records an edit)."""
    return int(Edit.objects.aggregate(latest=models.Max("id"))["latest"] or 0)
