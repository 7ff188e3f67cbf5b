"""Form fields the pages of every registry share: numbers as people type them in any of the
site's languages, longitude and latitude in WGS 84, an agency, an activity, a district."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.i18n import current_language, localized
from jasyl.core.text import number_text
from jasyl.domain.agencies.models import Agency
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.roadmap.models import Activity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NumberField(forms.Field):
    """A number as people type it in any of the site's languages ("1 234,5" or "1234.5"),
    within (low, high]: above `low` (or at it, with `low_inclusive`), at most `high`."""

    def __init__(
        self,
        *,
        low: Decimal,
        high: Decimal,
        places: int,
        low_inclusive: bool = False,
        **kwargs: Any,
    ) -> None:
        self.low, self.high, self.places, self.low_inclusive = low, high, places, low_inclusive
        kwargs.setdefault("required", False)
        attrs = {"inputmode": "decimal", "autocomplete": "off", "maxlength": "30"}
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        typed = str(value).strip() if value not in self.empty_values else ""
        if not typed:
            return None
        if len(typed) > 30:
            raise forms.ValidationError(_("Enter a number, such as 12.5."))
        try:
            number = Decimal(number_text(typed))
        except InvalidOperation:
            raise forms.ValidationError(_("Enter a number, such as 12.5.")) from None
        if not number.is_finite():
            raise forms.ValidationError(_("Enter a number, such as 12.5."))
        bounds = {"low": self.low, "high": self.high}
        if self.low_inclusive and not self.low <= number <= self.high:
            raise forms.ValidationError(_("Enter a number from %(low)s to %(high)s.") % bounds)
        if not self.low_inclusive and not self.low < number <= self.high:
            raise forms.ValidationError(
                _("Enter a number above %(low)s and at most %(high)s.") % bounds
            )
        if -number.as_tuple().exponent > self.places:  # type: ignore[operator]
            raise forms.ValidationError(
                _("Give at most %(places)s decimals.") % {"places": self.places}
            )
        return number


def longitude(**kwargs: Any) -> NumberField:
    return NumberField(
        low=Decimal(-180),
        high=Decimal(180),
        places=8,
        low_inclusive=True,
        label=gettext_lazy("Longitude (degrees east, WGS 84)"),
        **kwargs,
    )


def latitude(**kwargs: Any) -> NumberField:
    return NumberField(
        low=Decimal(-90),
        high=Decimal(90),
        places=8,
        low_inclusive=True,
        label=gettext_lazy("Latitude (degrees north, WGS 84)"),
        **kwargs,
    )


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.code} — {obj.name}"


class ActivityChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.code} — {localized(obj, 'name')}"[:120]


class DistrictChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return obj.name.get(current_language()) or obj.code
