"""The green fund's forms: a tree, a felling permit, a felling, a compensatory planting and a
decision on a pending edit. They parse what people type; the services check the rules."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.contrib.gis.geos import MultiPoint, Point
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.compensation import Reason
from jasyl.domain.greenfund.models import (
    CROWN_DIAMETER_M,
    HEIGHT_M,
    PLANTED_YEARS,
    TRUNK_DIAMETER_CM,
    Species,
    Tree,
)
from jasyl.domain.places.models import WGS84, AdministrativeUnit
from jasyl.domain.roadmap.models import Activity
from jasyl.web.common.fields import DATE as DATE
from jasyl.web.common.fields import ActivityChoice as ActivityChoice
from jasyl.web.common.fields import AgencyChoice as AgencyChoice
from jasyl.web.common.fields import DistrictChoice as DistrictChoice
from jasyl.web.common.fields import NumberField as NumberField
from jasyl.web.common.fields import latitude as latitude
from jasyl.web.common.fields import longitude as longitude

# The most places one planting form takes (a larger planting is imported from a file).
MOST_PLACES = 2000
PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$")


class SpeciesChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Species) -> str:
        return obj.latin_name if obj.name == obj.latin_name else f"{obj.name} ({obj.latin_name})"


def _choices(options: Any, blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *options]


class TreeForm(forms.Form):
    """A tree of the registry: where it stands, what it is, who keeps it."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=100,
        help_text=gettext_lazy("The tree's code in the registry, unique: for example its tag."),
    )
    longitude = longitude(required=True)
    latitude = latitude(required=True)
    species = SpeciesChoice(
        queryset=Species.objects.order_by("latin_name"),
        required=False,
        label=gettext_lazy("Species"),
        empty_label=gettext_lazy("not known"),
    )
    trunk_diameter_cm = NumberField(
        low=TRUNK_DIAMETER_CM[0],
        high=TRUNK_DIAMETER_CM[1],
        places=1,
        label=gettext_lazy("Trunk diameter at 1.3 m (cm)"),
    )
    height_m = NumberField(
        low=HEIGHT_M[0], high=HEIGHT_M[1], places=2, label=gettext_lazy("Height (m)")
    )
    crown_diameter_m = NumberField(
        low=CROWN_DIAMETER_M[0],
        high=CROWN_DIAMETER_M[1],
        places=2,
        label=gettext_lazy("Crown diameter (m)"),
    )
    condition = forms.ChoiceField(
        label=gettext_lazy("Condition"),
        choices=_choices(Tree.Condition.choices, gettext_lazy("not recorded")),
        required=False,
    )
    planted_year = forms.IntegerField(
        label=gettext_lazy("Year planted"),
        min_value=PLANTED_YEARS[0],
        max_value=PLANTED_YEARS[1],
        required=False,
    )
    planted_on = forms.DateField(label=gettext_lazy("Date planted"), required=False, widget=DATE)
    site_type = forms.ChoiceField(
        label=gettext_lazy("Site type"),
        choices=_choices(Tree.SiteType.choices, gettext_lazy("not recorded")),
        required=False,
    )
    site_name = forms.CharField(label=gettext_lazy("Site"), max_length=300, required=False)
    district = DistrictChoice(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT),
        required=False,
        label=gettext_lazy("District"),
        empty_label=gettext_lazy("found from the place"),
        help_text=gettext_lazy(
            "Leave it to be found from the place; choose one only where the place's district "
            "is wrong."
        ),
    )
    activity = ActivityChoice(
        queryset=Activity.objects.none(),
        required=False,
        label=gettext_lazy("Roadmap activity"),
        empty_label=gettext_lazy("none"),
    )
    holder = AgencyChoice(
        queryset=Agency.objects.none(),
        required=False,
        label=gettext_lazy("Balance holder"),
        empty_label=gettext_lazy("not an agency of the programme"),
    )
    holder_name = forms.CharField(
        label=gettext_lazy("Balance holder (not an agency)"), max_length=300, required=False
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    verified_on = forms.DateField(label=gettext_lazy("Verified on"), required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        activities: QuerySet[Activity],
        agencies: QuerySet[Agency],
        activity_required: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["activity"].queryset = activities
        fields["activity"].required = activity_required
        if activity_required:
            fields["activity"].help_text = _(
                "An activity your agency executes: the programme office approves the tree."
            )
        fields["holder"].queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, year = data.get("planted_on"), data.get("planted_year")
        if on is not None and on > timezone.localdate():
            self.add_error("planted_on", _("The date is in the future."))
        if on is not None and year not in (None, on.year):
            self.add_error("planted_year", _("The year planted is not the year of the date."))
        return data

    def values(self) -> dict[str, Any]:
        """The tree's fields as the services take them."""
        data = self.cleaned_data
        place = Point(float(data["longitude"]), float(data["latitude"]), srid=WGS84)
        values = {
            "code": data["code"].strip(),
            "geometry": place,
            "species": data["species"],
            "trunk_diameter_cm": data["trunk_diameter_cm"],
            "height_m": data["height_m"],
            "crown_diameter_m": data["crown_diameter_m"],
            "condition": data["condition"],
            "planted_year": data["planted_on"].year if data["planted_on"] else data["planted_year"],
            "planted_on": data["planted_on"],
            "site_type": data["site_type"],
            "site_name": data["site_name"],
            "district_by_hand": data["district"] is not None,
            "activity": data["activity"],
            "holder": data["holder"],
            "holder_name": "" if data["holder"] else data["holder_name"],
            "source": data["source"],
            "verified_on": data["verified_on"],
        }
        if data["district"] is not None:
            values["district"] = data["district"]
        return values

    @staticmethod
    def initial_of(tree: Tree) -> dict[str, Any]:
        return {
            "code": tree.code,
            "longitude": tree.geometry.x,
            "latitude": tree.geometry.y,
            "species": tree.species_id,
            "trunk_diameter_cm": tree.trunk_diameter_cm,
            "height_m": tree.height_m,
            "crown_diameter_m": tree.crown_diameter_m,
            "condition": tree.condition,
            "planted_year": tree.planted_year,
            "planted_on": tree.planted_on,
            "site_type": tree.site_type,
            "site_name": tree.site_name,
            "district": tree.district_id if tree.district_by_hand else None,
            "activity": tree.activity_id,
            "holder": tree.holder_id,
            "holder_name": tree.holder_name,
            "source": tree.source,
            "verified_on": tree.verified_on,
        }


def codes(typed: str) -> list[str]:
    """Codes typed one a line or separated by commas."""
    return [c.strip() for c in re.split(r"[\n,;]", typed) if c.strip()]


class PermitForm(forms.Form):
    """A felling permit as issued: its number, date, reason and trees."""

    number = forms.CharField(label=gettext_lazy("Permit number"), max_length=100)
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=DATE)
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=Reason.choices)
    trees = forms.CharField(
        label=gettext_lazy("Trees of the registry it allows felling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Their codes, one a line or separated by commas."),
    )
    trees_count = forms.IntegerField(
        label=gettext_lazy("Trees it allows felling in all"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=gettext_lazy(
            "Leave empty when it allows exactly the trees listed; more when it also allows "
            "trees that are not in the registry."
        ),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Compensation deadline"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("As the permit states it; empty when it states none."),
    )
    issuer = AgencyChoice(
        queryset=Agency.objects.none(),
        required=False,
        label=gettext_lazy("Issued by"),
        empty_label=gettext_lazy("not an agency of the programme"),
    )
    issuer_name = forms.CharField(
        label=gettext_lazy("Issued by (not an agency)"), max_length=300, required=False
    )
    applicant = AgencyChoice(
        queryset=Agency.objects.none(),
        required=False,
        label=gettext_lazy("Applicant"),
        empty_label=gettext_lazy("not an agency of the programme"),
        help_text=gettext_lazy("The agency that owes the compensation and is reminded of it."),
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Applicant (not an agency)"), max_length=300, required=False
    )
    activity = ActivityChoice(
        queryset=Activity.objects.none(),
        required=False,
        label=gettext_lazy("Roadmap activity"),
        empty_label=gettext_lazy("none"),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, activities: QuerySet[Activity], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["activity"].queryset = activities
        fields["issuer"].queryset = agencies
        fields["applicant"].queryset = agencies

    def tree_codes(self) -> list[str]:
        return codes(self.cleaned_data.get("trees") or "")


class FellingForm(forms.Form):
    felled_on = forms.DateField(label=gettext_lazy("Felled on"), widget=DATE)
    trees = forms.MultipleChoiceField(
        label=gettext_lazy("Trees of the registry felled"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    count = forms.IntegerField(
        label=gettext_lazy("Trees felled in all"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to count the trees ticked above (or, when the permit lists none, "
            "all it has left to fell)."
        ),
    )

    def __init__(self, *args: Any, standing: list[Tree], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["trees"].choices = [(t.code, t.code) for t in standing]
        if not standing:
            del self.fields["trees"]
        self.initial.setdefault("felled_on", timezone.localdate())
        self.initial.setdefault("trees", [t.code for t in standing])

    def clean_felled_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["felled_on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return on


def places(typed: str) -> MultiPoint | None:
    """Places typed one a line as "longitude, latitude" (decimal points)."""
    lines = [line for line in typed.splitlines() if line.strip()]
    if not lines:
        return None
    if len(lines) > MOST_PLACES:
        raise forms.ValidationError(
            _("At most %(most)s places; import a larger planting from a file.")
            % {"most": MOST_PLACES}
        )
    points = []
    for number, line in enumerate(lines, start=1):
        match = PAIR.match(line)
        lon, lat = (float(match[1]), float(match[2])) if match else (999.0, 999.0)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise forms.ValidationError(
                _("Line %(number)s: write the longitude and the latitude, such as 76.91, 43.25.")
                % {"number": number}
            )
        points.append(Point(lon, lat, srid=WGS84))
    return MultiPoint(points, srid=WGS84)


class PlantingForm(forms.Form):
    planted_on = forms.DateField(label=gettext_lazy("Planted on"), widget=DATE)
    count = forms.IntegerField(
        label=gettext_lazy("Trees planted"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=gettext_lazy("Leave empty to count the places listed below."),
    )
    species = SpeciesChoice(
        queryset=Species.objects.order_by("latin_name"),
        required=False,
        label=gettext_lazy("Species"),
        empty_label=gettext_lazy("not known, or several"),
    )
    points = forms.CharField(
        label=gettext_lazy("Places of the trees planted"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One tree a line, as longitude, latitude (for example 76.91, 43.25): each becomes a "
            "tree of the registry. Leave empty to record the count only."
        ),
    )
    longitude = longitude(help_text=gettext_lazy("Where they were planted, without places."))
    latitude = latitude()
    code = forms.CharField(
        label=gettext_lazy("Code of the planting"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Leave empty for the permit's number and the planting's order."),
    )

    def clean_planted_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["planted_on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return on

    def clean_points(self) -> MultiPoint | None:
        return places(self.cleaned_data.get("points") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lon, lat = data.get("longitude"), data.get("latitude")
        if (lon is None) != (lat is None) and not self.errors:
            self.add_error("latitude", _("Give both the longitude and the latitude, or neither."))
        return data

    def location(self) -> Point | None:
        lon, lat = self.cleaned_data.get("longitude"), self.cleaned_data.get("latitude")
        if lon is None or lat is None:
            return None
        return Point(float(lon), float(lat), srid=WGS84)


class DecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, gettext_lazy("approve")), (REJECT, gettext_lazy("reject"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
