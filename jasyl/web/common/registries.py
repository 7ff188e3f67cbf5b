"""What the pages of every registry share (the green fund's, the waste registries'...): the
stamp their cached pages depend on, the districts their filters offer, whether sample rows
exist, a row's history as people read it, and what a page offers the person reading it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jasyl.domain.people.access import ANONYMOUS, Access, access_for
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.registries.history import model_field
from jasyl.domain.registries.imports import may_propose
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.selectors import history_of, pending_edits
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan


def today() -> datetime.date:
    return timezone.localdate()


def stamp() -> str:
    """What the cached public pages of the registries depend on beyond the plan's edition: the
    latest registry edit (every write of a registry row records one) and the day
    (a permit becomes overdue when its deadline passes)."""
    latest = Edit.objects.aggregate(latest=Max("id"))["latest"]
    return f"{latest or 0}.{today().isoformat()}"


def districts() -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("code")
    )


def sample_exists(model: type[Any]) -> bool:
    """Whether demonstration rows exist, so that the sample switch is offered."""
    return bool(model._default_manager.filter(is_sample=True).exists())


# ------------------------------------------------------------------------------ history


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class HistoryRow:
    edit: Edit
    changes: list[Change]
    state: Change | None = None
    """The change of a permit's state, when the edit moved it."""
    note: str = ""
    """The edit's note as shown."""


def _field(model: type[Any] | None, name: str) -> Any:
    """The model's field, or None for one removed since the edit was recorded."""
    try:
        return model_field(model, name) if model is not None else None
    except FieldDoesNotExist:
        return None


def readable(model: type[Any] | None, name: str, value: str | None) -> str | None:
    """A value of history's display text as a person reads it: a choice by its label, a yes or
    no for a flag."""
    found = _field(model, name)
    if value is None or found is None:
        return value
    if found.choices:
        return str(dict(found.flatchoices).get(value, value))
    if value in ("true", "false") and found.get_internal_type() == "BooleanField":
        return _("yes") if value == "true" else _("no")
    return value


def changes_of(model: type[Any] | None, changes: Mapping[str, list[Any]]) -> list[Change]:
    """An edit's changes ({field: [old, new]}) as people read them."""
    found = []
    for name, (old, new) in changes.items():
        field = _field(model, name)
        if old is None and new == "false":
            continue  # a flag left unset on a new row says nothing
        label = capfirst(str(field.verbose_name)) if field is not None else name
        found.append(Change(label, readable(model, name, old), readable(model, name, new)))
    return found


def _as_stored(edit: Edit) -> Mapping[str, list[Any]]:
    changes: Mapping[str, list[Any]] = edit.changes
    return changes


def _note_as_stored(edit: Edit) -> str:
    return edit.note


def history(
    row: Any,
    *,
    applied_only: bool,
    changes: Callable[[Edit], Mapping[str, list[Any]]] = _as_stored,
    note: Callable[[Edit], str] = _note_as_stored,
) -> list[HistoryRow]:
    """A row's edits, oldest first, with their changes readable (applied ones only for the
    public: a proposal is not part of the row until the office approves it). `changes` and
    `note` give an edit's changes and note as shown (a registry whose services write texts
    shows them in the visitor's language)."""
    model = type(row)
    edits = history_of(row)
    if applied_only:
        edits = edits.filter(status=Edit.Status.APPLIED)
    rows = []
    for edit in edits:
        moved = edit.changes.get("state")
        state = changes_of(model, {"state": moved})[0] if moved else None
        rows.append(HistoryRow(edit, changes_of(model, changes(edit)), state, note(edit)))
    return rows


# ------------------------------------------------------------------------------ the pages


def access_of(request: HttpRequest, record: Programme) -> Access:
    return access_for(request.user, record) if request.user.is_authenticated else ANONYMOUS


def office_access(request: HttpRequest, record: Programme) -> Access:
    """The signed-in person's access, refused (403) unless they are the programme office."""
    access = access_for(request.user, record)
    if not access.is_reviewer:
        raise PermissionDenied(_("Only the programme office may do this."))
    return access


def rights(access: Access) -> dict[str, bool]:
    """What the pages offer this person to do (the services check it again)."""
    return {
        "office": access.is_reviewer,
        "propose": access.is_reviewer or may_propose(access),
        "names": access.reads_everything,
    }


def page_context(
    request: HttpRequest, record: Programme, sample: bool, has_sample: bool
) -> dict[str, Any]:
    """What every registry page shows: the plan, the sample switch, the person's rights and
    the number of edits waiting for the office."""
    access = access_of(request, record)
    return {
        "plan": current_plan(record),
        "progress": {"sample": sample, "has_sample": sample or has_sample},
        "can": rights(access),
        "pending": pending_edits(programme=record).count() if access.is_reviewer else 0,
    }


# ------------------------------------------------------------------------------ row pages

# The page of a registry's row, by import kind: the URL's name and the registry's slug in it
# (None: the URL has none). Parks, nurseries and wood-waste sites are listed on one page each.
ROW_PAGES: dict[str, tuple[str, str | None]] = {
    "container-sites": ("waste:row", "container-sites"),
    "waste-sites": ("waste:row", "sites"),
    "waste-plants": ("waste:row", "plants"),
    "ev-chargers": ("charging:entry", "ev-chargers"),
    "air-purifiers": ("charging:entry", "air-purifiers"),
    "trees": ("greenfund:tree", None),
    "water-objects": ("water:object", None),
}
LIST_PAGES = {
    "parks": "greenfund:parks",
    "nurseries": "greenfund:nurseries",
    "wood-waste-sites": "greenfund:wood_waste_sites",
}


def row_url(kind: str, programme: str, pk: int) -> str | None:
    """The address of a registry row's page (or of its registry's list); None for a kind with
    no page."""
    if kind in ROW_PAGES:
        name, slug = ROW_PAGES[kind]
        args = [programme, slug, pk] if slug is not None else [programme, pk]
        return reverse(name, args=args)
    if kind in LIST_PAGES:
        return reverse(LIST_PAGES[kind], args=[programme])
    return None
