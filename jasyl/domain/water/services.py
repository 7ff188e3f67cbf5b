"""Writes of the water registry, each through the registries' services (one transaction, the
district by a spatial join, the length or area measured, the history): a water object saved, its
status advanced (never a river's: a river is not built), and a work recorded in its log.

`access=None` is the operator on the command line (or the admin site); the programme office
writes at once, the agencies executing a row's activity propose objects (`registries.rights`).
Works are the office's: a work changes the figures counted against the plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.domain.people.access import Access
from jasyl.domain.registries import services as registries
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.rights import require_office
from jasyl.domain.registries.services import Saved, record_edit, save_entry
from jasyl.domain.water.models import WaterObject, WaterWork, work_errors

WORK_FIELDS = ("kind", "done_on", "km_done", "activity", "budget_period", "source", "note")


def save_object(
    *, entry: WaterObject | None, values: Mapping[str, Any], actor: Any, access: Access | None
) -> Saved:
    """Register (`entry` None) or change a water object."""
    return save_entry(model=WaterObject, entry=entry, values=values, actor=actor, access=access)


def advance_status(
    *,
    entry: WaterObject,
    status: str,
    on: datetime.date,
    actor: Any,
    access: Access | None,
    note: str = "",
) -> Saved:
    """Move a built water object forward in its lifecycle, reached on `on`."""
    if entry.natural:
        raise RegistryError(
            _("%(code)s is a river: it is not built, so it has no status to advance.")
            % {"code": entry.code},
            "status",
        )
    return registries.advance_status(
        entry=entry, status=status, on=on, actor=actor, access=access, note=note
    )


def record_work(
    *,
    water_object: WaterObject,
    values: Mapping[str, Any],
    actor: Any,
    access: Access | None,
    work: WaterWork | None = None,
) -> WaterWork:
    """Record a work done on a water object (`work` None), or change one (the office). The
    work is sample data exactly when its object is."""
    require_office(access)
    unknown = set(values) - set(WORK_FIELDS)
    if unknown:
        raise RegistryError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    row = work if work is not None else WaterWork(water_object=water_object)
    before = snapshot(row) if work is not None else {}
    for name, value in values.items():
        setattr(row, name, value)
    row.is_sample = water_object.is_sample
    errors = work_errors(
        water_object=water_object,
        kind=row.kind,
        done_on=row.done_on,
        km_done=row.km_done,
        activity=row.activity,
        budget_period=row.budget_period,
        today=timezone.localdate(),
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise RegistryError(message, field)
    registries.validated(row)
    with transaction.atomic():
        row.save()
        record_edit(
            row=row,
            action=Edit.Action.CREATE if work is None else Edit.Action.UPDATE,
            before=before,
            after=snapshot(row),
            actor=actor,
        )
    return row
