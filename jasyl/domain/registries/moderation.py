"""How an approved edit is applied: field by field for a plain row, or by the function its
domain app registered for rows whose writing has more to it (a compensatory planting creates
trees and moves its permit's state).

An edit proposed for a row that changed since is stale: every field it changes must still hold
the value it had when the edit was proposed, otherwise approving it would silently undo the
other change. The office rejects it, and the agency proposes again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import (
    Diff,
    assign,
    diff,
    model_field,
    python,
    same,
    snapshot,
)
from jasyl.domain.registries.models import Edit, RegistryEntry
from jasyl.domain.registries.placing import place_row

Applier = Callable[[Edit], tuple[models.Model | None, Diff]]
"""Applies a pending edit's `values`; returns the row (None once deleted) and what changed."""

_APPLIERS: dict[str, Applier] = {}


def register_applier(model: type[models.Model], applier: Applier) -> None:
    """Let `applier` apply the approved edits of `model` (a domain app does it when it starts)."""
    _APPLIERS[model._meta.label_lower] = applier


def model_of(edit: Edit) -> type[models.Model]:
    model = edit.content_type.model_class()
    assert model is not None, f"no model for {edit.content_type}"
    return model


def apply_pending(edit: Edit) -> tuple[models.Model | None, Diff]:
    model = model_of(edit)
    return _APPLIERS.get(model._meta.label_lower, apply_values)(edit)


def locked_row(edit: Edit) -> models.Model:
    """The row an update or delete is about, locked; refused when it is gone."""
    model = model_of(edit)
    row = model._default_manager.select_for_update().filter(pk=edit.object_id).first()
    if row is None:
        raise RegistryError(_("The row %(code)s no longer exists.") % {"code": edit.code})
    return row


def check_not_stale(edit: Edit, row: models.Model) -> None:
    model = type(row)
    for name, (old, _new) in edit.values.items():
        field = model_field(model, name)
        if not same(field, getattr(row, name), python(field, old)):
            raise RegistryError(
                _(
                    "%(code)s changed since this edit was proposed (%(field)s): reject it and "
                    "propose it again."
                )
                % {"code": edit.code, "field": name},
                name,
            )


def validated(row: models.Model) -> None:
    """Check every field and constraint of a row; `RegistryError` says what is wrong."""
    try:
        row.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise RegistryError(problems) from None


def save_checked(row: models.Model) -> None:
    """Place a registry row, check every field and constraint, and save it."""
    if isinstance(row, RegistryEntry):
        row.derive()
        place_row(row)
    validated(row)
    row.save()


def apply_values(edit: Edit) -> tuple[models.Model | None, Diff]:
    """The plain way: set each field to its proposed value."""
    model = model_of(edit)
    before: dict[str, Any]
    if edit.action == Edit.Action.CREATE:
        row = model()
        before = {}
    else:
        row = locked_row(edit)
        check_not_stale(edit, row)
        before = snapshot(row)
        if edit.action == Edit.Action.DELETE:
            row.delete()
            return None, diff(model, before, {})
    for name, (_old, new) in edit.values.items():
        assign(row, name, new)
    save_checked(row)
    return row, diff(model, before, snapshot(row))
