"""The programme office's form of an EV charging location with its connectors (OCPI 2.2.1):
the location's place, names, operator and stage, then up to `CONNECTOR_ROWS` connectors, each
with its EVSE, standard, format, power type and maximum power. Connectors with the same EVSE
uid are one EVSE (a charging point that charges one vehicle at a time). The choices are OCPI's
code lists (`charging/data/ocpi-2.2.1.yaml`); the services check them again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.charging.models import MAX_POWER_KW
from jasyl.domain.charging.reference import choices
from jasyl.domain.charging.services import ConnectorIn
from jasyl.web.common.fields import NumberField
from jasyl.web.common.lifecycle import BuiltEntryForm

CONNECTOR_ROWS = 4
CONNECTOR_FIELDS = ("evse_uid", "connector_id", "standard", "format", "power_type", "max_power_kw")


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class ChargingLocationForm(BuiltEntryForm):
    """A charging location (OCPI 8.3.1) and its connectors (8.3.3) on their EVSEs (8.3.2)."""

    address = forms.CharField(label=gettext_lazy("Address"), max_length=45, required=False)
    operator = forms.CharField(
        label=gettext_lazy("Operator"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("the operator or balance holder, as named"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, CONNECTOR_ROWS + 1):
            self.fields[f"c{n}_evse_uid"] = forms.CharField(
                label=_("Charging point (EVSE uid)"), max_length=36, required=False
            )
            self.fields[f"c{n}_connector_id"] = forms.CharField(
                label=_("Connector id"), max_length=36, required=False
            )
            self.fields[f"c{n}_standard"] = forms.ChoiceField(
                label=_("Standard"),
                choices=_blank("—") + choices("connector_types"),
                required=False,
            )
            self.fields[f"c{n}_format"] = forms.ChoiceField(
                label=_("Format"),
                choices=_blank("—") + choices("connector_formats"),
                required=False,
            )
            self.fields[f"c{n}_power_type"] = forms.ChoiceField(
                label=_("Power type"),
                choices=_blank("—") + choices("power_types"),
                required=False,
            )
            self.fields[f"c{n}_max_power_kw"] = NumberField(
                low=MAX_POWER_KW[0],
                high=MAX_POWER_KW[1],
                places=1,
                label=_("Maximum power, kW"),
            )

    def connector_rows(self) -> list[tuple[int, list[Any]]]:
        """Each connector's number and its fields, for the template."""
        return [
            (n, [self[f"c{n}_{name}"] for name in CONNECTOR_FIELDS])
            for n in range(1, CONNECTOR_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = 0
        for n in range(1, CONNECTOR_ROWS + 1):
            typed = {name: data.get(f"c{n}_{name}") for name in CONNECTOR_FIELDS}
            if not any(typed.values()):
                continue
            given += 1
            for name in ("evse_uid", "connector_id", "standard", "power_type", "max_power_kw"):
                if typed[name] in (None, ""):
                    self.add_error(
                        f"c{n}_{name}",
                        _("Connector %(number)s: this is required.") % {"number": n},
                    )
        if not given:
            self.add_error("c1_standard", _("Give at least one connector."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.entry_values(),
            "address": data.get("address") or "",
            "holder_name": data.get("operator") or "",
        }

    def connectors(self) -> list[ConnectorIn]:
        data = self.cleaned_data
        found = []
        for n in range(1, CONNECTOR_ROWS + 1):
            typed: dict[str, Any] = {name: data.get(f"c{n}_{name}") for name in CONNECTOR_FIELDS}
            if not any(typed.values()):
                continue
            found.append(
                ConnectorIn(
                    evse_uid=typed["evse_uid"],
                    connector_id=typed["connector_id"],
                    standard=typed["standard"],
                    format=typed["format"] or "",
                    power_type=typed["power_type"],
                    max_power_kw=typed["max_power_kw"],
                )
            )
        return found
