"""The forms' parts of the registries of built objects (`registries.lifecycle`): a new row's
code, names, place, activity and source with its stage and the day it reached it
(`BuiltEntryForm`), and a row's next stage (`StatusForm`). They parse what people type; the
registries' services check the rules (forward only, no future day, dates in order)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.gis.geos import Point
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.places.models import WGS84
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.lifecycle import DATE_FIELDS, Stage
from jasyl.domain.registries.services import advance_status
from jasyl.web.common.fields import DATE, ActivityChoice, latitude, longitude


def _not_future(form: Form, name: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        form.add_error(
            name,
            _("%(day)s is in the future: record a stage once it is reached.")
            % {"day": day.isoformat()},
        )


class StageFields(forms.Form):
    """A new row's stage and the day it reached it (required past planned)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Stage"), choices=Stage.choices, initial=Stage.PLANNED
    )
    stage_on = forms.DateField(
        label=gettext_lazy("Reached on"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("the day the row reached its stage"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, day = data.get("status"), data.get("stage_on")
        if status and status != Stage.PLANNED and day is None:
            self.add_error(
                "stage_on",
                _("Give the date the row reached its stage (%(stage)s).")
                % {"stage": Stage(status).label},
            )
        _not_future(self, "stage_on", day)
        return data

    def stage_values(self) -> dict[str, Any]:
        """The row's stage and the date column of that stage."""
        status = self.cleaned_data["status"]
        return {"status": status, DATE_FIELDS[status]: self.cleaned_data.get("stage_on")}


class EntryFields(forms.Form):
    """A new registry row's code, names (one language at least), roadmap activity and source;
    the registry's form adds its place and its own fields."""

    code = forms.CharField(label=gettext_lazy("Code"), max_length=100)
    name_kk = forms.CharField(label=gettext_lazy("Name (Kazakh)"), max_length=300, required=False)
    name_ru = forms.CharField(label=gettext_lazy("Name (Russian)"), max_length=300, required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=300, required=False)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, activities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"] = ActivityChoice(
            queryset=activities, required=False, label=gettext_lazy("Roadmap activity")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"name_{lang}") for lang in ("kk", "ru", "en")):
            self.add_error("name_kk", _("Give a name in at least one language."))
        return data

    def common_values(self) -> dict[str, Any]:
        """The row's code, names, source and activity."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in ("code", "name_kk", "name_ru", "name_en")},
            "source": data.get("source") or "",
            "activity": data.get("activity"),
        }


class BuiltEntryForm(EntryFields, StageFields):
    """A new row of a registry of built objects: where (a point), what, who, its stage; a kind's
    form adds its own fields."""

    # The order the error summary lists them in (the activity comes last).
    field_order = [
        "status", "stage_on", "code", "name_kk", "name_ru", "name_en", "longitude", "latitude",
        "source",
    ]  # fmt: skip
    longitude = longitude(required=True)
    latitude = latitude(required=True)

    def entry_values(self) -> dict[str, Any]:
        """The registry row's common values and its stage."""
        data = self.cleaned_data
        return {
            **self.common_values(),
            **self.stage_values(),
            "geometry": Point(float(data["longitude"]), float(data["latitude"]), srid=WGS84),
        }


class StatusForm(forms.Form):
    """A row's next stage and the day it reached it."""

    status = forms.ChoiceField(label=gettext_lazy("New stage"))
    on = forms.DateField(label=gettext_lazy("Reached on"), widget=DATE)

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_future(self, "on", data.get("on"))
        return data


def status_page(
    request: HttpRequest,
    *,
    plan: Any,
    row: Any,
    access: Any,
    list_url: str,
    list_title: Any,
    row_url: str,
    advance: Callable[..., Any] = advance_status,
) -> HttpResponse:
    """The office's page that advances a row's stage (`advance`: the registry's service,
    `registries.services.advance_status` unless the registry has its own rules): the form,
    then back to the row's page once saved."""
    form = StatusForm(
        request.POST if request.method == "POST" else None, statuses=row.next_stages()
    )
    if form.is_valid():
        try:
            advance(
                entry=row,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                actor=request.user,
                access=access,
            )
        except RegistryError as error:
            refused(form, error)
        else:
            messages.success(request, _("The stage is changed."))
            return redirect(row_url)
    return render(
        request,
        "registries/status_form.html",
        {
            "plan": plan,
            "form": form,
            "row": row,
            "list_url": list_url,
            "list_title": list_title,
            "row_url": row_url,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def register_page(
    request: HttpRequest,
    *,
    plan: Any,
    form: Form,
    save: Callable[[], Any],
    done: str,
    row_url: Callable[[Any], str],
    template: str,
) -> HttpResponse:
    """The office's page that registers a new row: the form; once it is valid, `save()` (the
    domain's service, which returns what it saved); a refusal beside its field, or the message
    `done` and the new row's page."""
    if form.is_valid():
        try:
            saved = save()
        except RegistryError as error:
            refused(form, error)
        else:
            messages.success(request, done)
            return redirect(row_url(saved.entry))
    return render(
        request,
        template,
        {"plan": plan, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def refused(form: Form, error: RegistryError) -> None:
    """Show a service's refusal beside its field (a stage's date beside the form's day)."""
    field = error.field
    if field in DATE_FIELDS.values():
        field = "on" if "on" in form.fields else "stage_on"
    form.add_error(field if field in form.fields else None, error.message)
