"""The waste pages' form of a container site with its containers (a row's next stage is the
shared `common.lifecycle.StatusForm`). It parses what people type; the services check the
rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from jasyl.domain.waste.models import (
    CONTAINER_VOLUME_M3,
    CONTAINERS_AT_ONE_SITE,
    ContainerSite,
    Fraction,
)
from jasyl.domain.waste.services import Containers
from jasyl.web.common.fields import NumberField
from jasyl.web.common.lifecycle import BuiltEntryForm


class ContainerSiteForm(BuiltEntryForm):
    """A container site: where, what, who; then the containers of each fraction."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContainerSite.Kind.choices)
    volume_m3 = NumberField(
        low=CONTAINER_VOLUME_M3[0],
        high=CONTAINER_VOLUME_M3[1],
        places=2,
        label=gettext_lazy("Volume of each container (m³)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Fraction.choices:
            self.fields[f"containers_{value}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=CONTAINERS_AT_ONE_SITE[1],
                required=False,
            )

    def fraction_fields(self) -> list[Any]:
        return [self[f"containers_{value}"] for value in Fraction.values]

    def values(self) -> dict[str, Any]:
        return {**self.entry_values(), "kind": self.cleaned_data["kind"]}

    def containers(self) -> dict[str, Containers]:
        volume: Decimal | None = self.cleaned_data.get("volume_m3")
        return {
            value: Containers(count, volume)
            for value in Fraction.values
            if (count := self.cleaned_data.get(f"containers_{value}"))
        }
