"""The waste pages' form of a container site with its containers (a row's next stage is the
shared `common.lifecycle.StatusForm`). It parses what people type; the services check the
rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.gis.geos import Point
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.places.models import WGS84
from jasyl.domain.waste.models import (
    CONTAINER_VOLUME_M3,
    CONTAINERS_AT_ONE_SITE,
    ContainerSite,
    Fraction,
)
from jasyl.domain.waste.services import Containers
from jasyl.web.common.fields import ActivityChoice, NumberField, latitude, longitude
from jasyl.web.common.lifecycle import StageFields


class ContainerSiteForm(StageFields):
    """A container site: where, what, who; then the containers of each fraction."""

    code = forms.CharField(label=gettext_lazy("Code"), max_length=100)
    name_kk = forms.CharField(label=gettext_lazy("Name (Kazakh)"), max_length=300, required=False)
    name_ru = forms.CharField(label=gettext_lazy("Name (Russian)"), max_length=300, required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContainerSite.Kind.choices)
    longitude = longitude(required=True)
    latitude = latitude(required=True)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    volume_m3 = NumberField(
        low=CONTAINER_VOLUME_M3[0],
        high=CONTAINER_VOLUME_M3[1],
        places=2,
        label=gettext_lazy("Volume of each container (m³)"),
    )

    def __init__(self, *args: Any, activities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"] = ActivityChoice(
            queryset=activities, required=False, label=gettext_lazy("Roadmap activity")
        )
        for value, label in Fraction.choices:
            self.fields[f"containers_{value}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=CONTAINERS_AT_ONE_SITE[1],
                required=False,
            )

    def fraction_fields(self) -> list[Any]:
        return [self[f"containers_{value}"] for value in Fraction.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"name_{lang}") for lang in ("kk", "ru", "en")):
            self.add_error("name_kk", _("Give a name in at least one language."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        place = Point(float(data["longitude"]), float(data["latitude"]), srid=WGS84)
        names = ("code", "name_kk", "name_ru", "name_en", "kind")
        return {
            **{name: data[name] for name in names},
            **self.stage_values(),
            "source": data.get("source") or "",
            "activity": data.get("activity"),
            "geometry": place,
        }

    def containers(self) -> dict[str, Containers]:
        volume: Decimal | None = self.cleaned_data.get("volume_m3")
        return {
            value: Containers(count, volume)
            for value in Fraction.values
            if (count := self.cleaned_data.get(f"containers_{value}"))
        }
