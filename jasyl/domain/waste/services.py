"""Writes of the waste registries, each through the registries' services (one transaction, the
district by a spatial join, the history): a site or plant saved, a container site registered
with its containers, the containers of a site set. A row's stage is advanced by the
registries' `services.advance_status`, shared by every registry of built objects.

`access=None` is the operator on the command line (or the admin site); the programme office
writes at once, the agencies executing a row's activity propose (`registries.rights`).
Containers are the office's: a site's containers change only with the office's write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from jasyl.domain.people.access import Access
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.rights import require_office
from jasyl.domain.registries.services import Saved, record_edits, save_entry
from jasyl.domain.waste.models import (
    CONTAINERS_AT_ONE_SITE,
    Container,
    ContainerSite,
    Fraction,
    WasteEntry,
)

W = TypeVar("W", bound=WasteEntry)


@dataclass(frozen=True)
class Containers:
    """The containers of one fraction at a site: how many, and the volume of each (m³)."""

    count: int
    volume_m3: Decimal | None = None


def save_site(
    *, model: type[W], entry: W | None, values: Mapping[str, Any], actor: Any, access: Access | None
) -> Saved:
    """Register (`entry` None) or change a container site, collection site or plant."""
    return save_entry(model=model, entry=entry, values=values, actor=actor, access=access)


def set_containers(
    *, site: ContainerSite, containers: Mapping[str, Containers], actor: Any, note: str = ""
) -> list[Edit]:
    """Make the site's containers those given (one entry per fraction; a fraction left out has
    none), recording each change in the history. The caller holds the transaction."""
    for fraction, wanted in containers.items():
        if fraction not in Fraction.values:
            raise RegistryError(_("“%(value)s” is not a fraction.") % {"value": fraction})
        if not 1 <= wanted.count <= CONTAINERS_AT_ONE_SITE[1]:
            raise RegistryError(
                _("The number of containers must be from 1 to %(most)s.")
                % {"most": CONTAINERS_AT_ONE_SITE[1]}
            )
    current = {c.fraction: c for c in Container.objects.filter(site=site)}
    changes: list[tuple[Any, str, Mapping[str, Any], Mapping[str, Any]]] = []
    for fraction, row in current.items():
        if fraction not in containers:
            before = snapshot(row)
            pk = row.pk
            row.delete()
            row.pk = pk
            changes.append((row, Edit.Action.DELETE, before, {}))
    for fraction, wanted in containers.items():
        held = current.get(fraction)
        if held is None:
            held = Container.objects.create(
                site=site, fraction=fraction, count=wanted.count, volume_m3=wanted.volume_m3
            )
            changes.append((held, Edit.Action.CREATE, {}, snapshot(held)))
        elif (held.count, held.volume_m3) != (wanted.count, wanted.volume_m3):
            before = snapshot(held)
            held.count, held.volume_m3 = wanted.count, wanted.volume_m3
            held.save(update_fields=["count", "volume_m3"])
            changes.append((held, Edit.Action.UPDATE, before, snapshot(held)))
    return record_edits(changes=changes, actor=actor, note=note)


def register_container_site(
    *,
    values: Mapping[str, Any],
    containers: Mapping[str, Containers],
    actor: Any,
    access: Access | None,
) -> Saved:
    """Register a container site with its containers (the programme office)."""
    require_office(access)
    with transaction.atomic():
        saved = save_entry(
            model=ContainerSite, entry=None, values=values, actor=actor, access=access
        )
        set_containers(site=saved.entry, containers=containers, actor=actor)
    return saved
