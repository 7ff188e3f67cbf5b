"""Writes of the EV charging registry, through the registries' services (one transaction, the
district by a spatial join, the lifecycle checked, the history): a charging location registered
with its EVSEs and their connectors (OCPI 2.2.1, 8.3.1-8.3.3). The programme office registers
them; a location's stage is advanced by `registries.services.advance_status`, as every
registry of built objects is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jasyl.domain.charging.models import MAX_POWER_KW, ChargingLocation, Connector, Evse
from jasyl.domain.charging.reference import ocpi
from jasyl.domain.people.access import Access
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.rights import require_office
from jasyl.domain.registries.services import Saved, record_edits, save_entry


@dataclass(frozen=True)
class ConnectorIn:
    """A connector as typed: its EVSE (by uid), its id, OCPI's standard, format and power
    type, and its maximum power in kW."""

    evse_uid: str
    connector_id: str
    standard: str
    power_type: str
    max_power_kw: Decimal
    format: str = ""
    evse_id: str = ""


def _check(connector: ConnectorIn, place: str) -> None:
    """OCPI 2.2.1's code lists and the power's bounds, naming the connector."""
    lists = [
        ("standard", connector.standard, "connector_types"),
        ("power_type", connector.power_type, "power_types"),
    ]
    if connector.format:
        lists.append(("format", connector.format, "connector_formats"))
    for field, value, name in lists:
        allowed = list(ocpi()[name])
        if value not in allowed:
            raise RegistryError(
                _("%(place)s: “%(value)s” is not one of OCPI 2.2.1's values: %(choices)s.")
                % {"place": place, "value": value, "choices": ", ".join(allowed)},
                field,
            )
    low, high = MAX_POWER_KW
    if not low < connector.max_power_kw <= high:
        raise RegistryError(
            _("%(place)s: the maximum power must be above %(low)s and at most %(high)s kW.")
            % {"place": place, "low": low, "high": high},
            "max_power_kw",
        )


def register_location(
    *,
    values: Mapping[str, Any],
    connectors: Sequence[ConnectorIn],
    actor: Any,
    access: Access | None,
) -> Saved:
    """Register a charging location with its EVSEs and connectors (the programme office):
    connectors with the same `evse_uid` are one EVSE; a connector id is unique in its EVSE."""
    require_office(access)
    if not connectors:
        raise RegistryError(_("Give at least one connector."), "connectors")
    seen: set[tuple[str, str]] = set()
    for number, connector in enumerate(connectors, start=1):
        place = _("Connector %(number)s") % {"number": number}
        _check(connector, place)
        key = (connector.evse_uid, connector.connector_id)
        if key in seen:
            raise RegistryError(
                _("%(place)s: connector “%(id)s” is already given for EVSE “%(evse)s”.")
                % {"place": place, "id": connector.connector_id, "evse": connector.evse_uid},
                "connector_id",
            )
        seen.add(key)
    with transaction.atomic():
        saved = save_entry(
            model=ChargingLocation, entry=None, values=values, actor=actor, access=access
        )
        location = saved.entry
        evses: dict[str, Evse] = {}
        changes: list[tuple[Any, str, Mapping[str, Any], Mapping[str, Any]]] = []
        for connector in connectors:
            evse = evses.get(connector.evse_uid)
            if evse is None:
                evse = Evse(location=location, uid=connector.evse_uid, evse_id=connector.evse_id)
                _valid(evse)
                evse.save()
                evses[connector.evse_uid] = evse
                changes.append((evse, Edit.Action.CREATE, {}, snapshot(evse)))
            row = Connector(
                evse=evse,
                connector_id=connector.connector_id,
                standard=connector.standard,
                format=connector.format,
                power_type=connector.power_type,
                max_power_kw=connector.max_power_kw,
            )
            _valid(row)
            row.save()
            changes.append((row, Edit.Action.CREATE, {}, snapshot(row)))
        record_edits(changes=changes, actor=actor)
    return saved


def _valid(row: Evse | Connector) -> None:
    try:
        row.full_clean(exclude=["evse", "location"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RegistryError(" ".join(messages), field) from error
