"""The water pages' forms: a water object drawn by its shape (a canal section is a line), a
work on an object, and a status advanced. They parse what people type; the services check the
rules of the registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.gis.gdal.error import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.places.models import WGS84
from jasyl.domain.registries.lifecycle import DATE_FIELDS, Stage
from jasyl.domain.water.models import KM_DONE, Kind, Usage, WorkKind
from jasyl.web.common.fields import DATE, ActivityChoice, NumberField
from jasyl.web.common.lifecycle import EntryFields, StatusForm

__all__ = ["GeometryText", "StatusForm", "WaterObjectForm", "WorkForm"]

GEOMETRY_CHARACTERS = 100_000
GEOMETRY_POINTS = 10_000


class GeometryText(forms.CharField):
    """A shape pasted as WKT or as a GeoJSON geometry, in WGS 84 longitude and latitude."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", GEOMETRY_CHARACTERS)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> GEOSGeometry | None:  # type: ignore[override]
        typed = str(super().to_python(value) or "").strip()
        if not typed:
            return None
        try:
            shape = GEOSGeometry(typed, srid=WGS84)
        except (GEOSException, GDALException, ValueError, TypeError):
            raise forms.ValidationError(
                _(
                    "This is neither WKT nor a GeoJSON geometry, such as LINESTRING(76.91 43.25, "
                    "76.92 43.26)."
                )
            ) from None
        if shape.srid != WGS84:
            raise forms.ValidationError(_("Give longitude and latitude in WGS 84."))
        if shape.empty:
            raise forms.ValidationError(_("The shape is empty."))
        if shape.num_coords > GEOMETRY_POINTS:
            raise forms.ValidationError(
                _("The shape has more than %(most)s points.") % {"most": GEOMETRY_POINTS}
            )
        west, south, east, north = shape.extent
        if west < -180 or east > 180 or south < -90 or north > 90:
            raise forms.ValidationError(
                _(
                    "A point is outside longitude -180 to 180 or latitude -90 to 90: give "
                    "longitude first, then latitude."
                )
            )
        if not shape.valid:
            raise forms.ValidationError(
                _("The shape is not valid: %(reason)s.") % {"reason": shape.valid_reason}
            )
        return shape


class WaterObjectForm(EntryFields):
    """A water object: what, where (its shape), who; its stage with the day it was reached."""

    # The order the error summary lists them in (the activity comes last).
    field_order = [
        "code", "kind", "name_kk", "name_ru", "name_en", "usage", "geometry", "status",
        "stage_on", "source",
    ]  # fmt: skip
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices, initial=Kind.CANAL)
    usage = forms.ChoiceField(
        label=gettext_lazy("Usage (canals and aryks)"),
        choices=[("", "—"), *Usage.choices],
        required=False,
    )
    geometry = GeometryText(
        label=gettext_lazy("Shape (WKT or GeoJSON, longitude then latitude)"),
        help_text=gettext_lazy(
            "A canal, aryk or river is a line, such as LINESTRING(76.910 43.250, 76.915 "
            "43.252); an intake or structure a point; a pond, water body or reservoir a polygon."
        ),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Stage.choices, initial=Stage.PLANNED
    )
    stage_on = forms.DateField(
        label=gettext_lazy("Reached on"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("the day it reached its status (a river has none)"),
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in ("kind", "usage", "status", "geometry")}
        if data.get("stage_on") is not None:
            values[DATE_FIELDS[data["status"]]] = data["stage_on"]
        return {**self.common_values(), **values}


class WorkForm(forms.Form):
    """A work done on a water object."""

    kind = forms.ChoiceField(label=gettext_lazy("Work"), choices=WorkKind.choices)
    done_on = forms.DateField(label=gettext_lazy("Done on"), widget=DATE)
    km_done = NumberField(
        low=KM_DONE[0],
        high=KM_DONE[1],
        places=3,
        label=gettext_lazy("Kilometres done (works on a channel)"),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, activities: QuerySet[Any], periods: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"] = ActivityChoice(
            queryset=activities, required=False, label=gettext_lazy("Roadmap activity")
        )
        self.fields["budget_period"] = forms.ModelChoiceField(
            queryset=periods, required=False, label=gettext_lazy("Budget period")
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("kind", "done_on", "km_done", "activity", "budget_period", "source", "note")
        return {name: data.get(name) if name != "note" else data.get(name) or "" for name in names}
