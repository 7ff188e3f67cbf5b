"""The low-emission zones' public pages: the zones, a zone with its phases and rules, its
compliance counts and the air inside and outside, the vehicle checker (which never asks for a
plate number) and the rules as GeoJSON, Jasyl's own and in France's `schema-zfe` shape. Real
zones only, or with `?data=sample` the sample ones only, marked. For the programme office, the
upload of the camera operator's daily counts (`lez-detections`, the one import page)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jasyl.core.i18n import current_language
from jasyl.core.imports.pipeline import ImportContext, kind_named
from jasyl.core.templatetags.jasyl import percent
from jasyl.domain.lez import effect, rules, selectors, zfe
from jasyl.domain.lez.exports import detections_template
from jasyl.domain.lez.imports import LezDetections, LezZones
from jasyl.domain.lez.models import Phase, Zone, zone_rules
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.charts.indicators import BarChart, bar_chart
from jasyl.web.common.charts.rates import rate_chart
from jasyl.web.common.imports import SPATIAL, TableImport
from jasyl.web.common.params import wants_sample

UNKNOWN = ""


class CheckForm(forms.Form):
    """What a driver knows of the vehicle: category, fuel, class or year; never its plate."""

    category = forms.ChoiceField(
        label=_("Vehicle category"),
        choices=[(c.value, label) for c, label in rules.CATEGORY_LABELS.items()],
    )
    fuel = forms.ChoiceField(
        label=_("Fuel"), choices=[(f.value, label) for f, label in rules.FUEL_LABELS.items()]
    )
    euro = forms.TypedChoiceField(
        label=_("Euro class (from the registration certificate)"),
        choices=[(UNKNOWN, _("I do not know"))] + [(str(n), f"Euro {n}") for n in range(7)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year of manufacture (used when the class is not known)"),
        min_value=1900,
        max_value=2100,
        required=False,
    )
    weight = forms.IntegerField(
        label=_("Maximum permitted mass, kg (for lorries and buses)"),
        min_value=1,
        max_value=100_000,
        required=False,
    )
    exemption = forms.ChoiceField(
        label=_("Exemption"),
        choices=[(UNKNOWN, _("none"))]
        + [(e.value, label) for e, label in rules.EXEMPTION_LABELS.items()],
        required=False,
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time (Almaty)"), widget=forms.TimeInput(attrs={"type": "time"}))

    def vehicle(self) -> rules.Vehicle:
        data = self.cleaned_data
        return rules.Vehicle(
            category=rules.Category(data["category"]),
            fuel=rules.Fuel(data["fuel"]),
            euro=data["euro"],
            year=data["year"],
            weight_kg=data["weight"],
            exemption=rules.Exemption(data["exemption"]) if data["exemption"] else None,
        )

    def moment(self) -> datetime.datetime:
        return datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])


def _common(request: HttpRequest, programme: str) -> dict[str, Any]:
    record = get_programme(programme)
    sample = wants_sample(request)
    return {
        "plan": current_plan(record),
        "progress": {"sample": sample, "has_sample": sample or selectors.has_sample_zones()},
        "suffix": "?data=sample" if sample else "",
        "sample": sample,
    }


def zones(request: HttpRequest, programme: str) -> HttpResponse:
    """The zones with their current phase."""
    context = _common(request, programme)
    today = timezone.localdate()
    found = [
        {"zone": zone, "phase": zone_rules(zone, list(zone.phases.all())).phase_on(today)}
        for zone in selectors.zones(sample=context["sample"]).prefetch_related("phases__rules")
    ]
    return render(
        request,
        "lez/zones.html",
        {
            **context,
            "zones": found,
            "can_import": _may_import(request, context["plan"].code, LezZones.name),
        },
    )


def _rule_rows(phase: Phase) -> list[dict[str, Any]]:
    rows = []
    for rule in phase.rules.all():
        exemptions = [rules.EXEMPTION_LABELS[rules.Exemption(e)] for e in rule.exemptions]
        fuels = [rules.FUEL_LABELS[rules.Fuel(f)] for f in rule.fuels]
        rows.append(
            {
                "rule": rule,
                "categories": ", ".join(rule.categories) or _("all"),
                "fuels": ", ".join(str(f) for f in fuels) or _("all"),
                "exemptions": ", ".join(str(e) for e in exemptions) or _("none"),
                "charge": rules.tenge(rule.charge),
            }
        )
    return rows


def zone(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """A zone: its phases and rules, its compliance counts and the air inside and outside."""
    context = _common(request, programme)
    found = selectors.zone_by_code(code, sample=context["sample"])
    phases = selectors.phases(found)
    inside, outside, effects = selectors.air_effect(found)
    by_day = selectors.compliance(found, by="day")
    by_camera = selectors.compliance(found, by="camera")
    by_class = selectors.compliance(found, by="vehicle_class")
    return render(
        request,
        "lez/zone.html",
        {
            **context,
            "zone": found,
            "phases": [{"phase": p, "rules": _rule_rows(p)} for p in phases],
            "by_day": by_day,
            "by_camera": by_camera,
            "by_class": by_class,
            "rate_chart": rate_chart(
                [(datetime.date.fromisoformat(row.key), row.share) for row in by_day],
                [(p.starts_on, p.name) for p in phases],
            ),
            "camera_chart": _rate_bars(by_camera),
            "class_chart": _rate_bars(by_class),
            "inside": inside,
            "outside": outside,
            "effects": effects,
            "caveats": effect.CAVEATS,
            "can_import": _may_import(request, context["plan"].code, LezDetections.name),
            "cameras": selectors.cameras(sample=context["sample"]).filter(zone=found),
        },
    )


def _rate_bars(rows: list[selectors.Compliance]) -> BarChart:
    return bar_chart([(row.key, row.share) for row in rows if row.share is not None], percent)


def _may_import(request: HttpRequest, programme: str, name: str) -> bool:
    if not request.user.is_authenticated:
        return False
    kind = kind_named(name)(ImportContext(actor=request.user, scope=programme))
    return kind.allowed()


DETECTIONS = TableImport(
    kind=LezDetections.name,
    template="lez/import.html",
    done="lez:zones",
    workbook=detections_template,
    workbook_name="lez-detections",
)
"""The camera operator's daily counts from a CSV or Excel file, for the programme office."""

import_detections, detections_workbook = DETECTIONS.views()

ZONES = TableImport(
    kind=LezZones.name,
    template="lez/import_zones.html",
    done="lez:zones",
    accept=SPATIAL,
)
"""The zones' areas from a spatial file, for the programme office; their rules are the legal
act's and are entered in the admin (docs/lez.md)."""

import_zones = ZONES.views()[0]


def check(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """The vehicle checker: the answer for the vehicle and the moment, in the page's language."""
    context = _common(request, programme)
    found = selectors.zone_by_code(code, sample=context["sample"])
    now = timezone.localtime()
    result = None
    if "category" in request.GET:
        form = CheckForm(request.GET)
        if form.is_valid():
            result = rules.check(zone_rules(found), form.vehicle(), form.moment())
    else:
        form = CheckForm(initial={"day": now.date(), "time": now.time().replace(second=0)})
    return render(
        request,
        "lez/check.html",
        {
            **context,
            "zone": found,
            "form": form,
            "result": result,
            "message": result.message[current_language()] if result else "",
        },
    )


def _geometry(found: Zone) -> dict[str, Any]:
    return json.loads(found.geometry.geojson)  # type: ignore[no-any-return]


def geojson(request: HttpRequest, programme: str, shape: str) -> HttpResponse:
    """The zones and their rules as GeoJSON: Jasyl's own (`zones`) or `schema-zfe`'s (`aires`)."""
    context = _common(request, programme)
    features = []
    for found in selectors.zones(sample=context["sample"]).prefetch_related("phases__rules"):
        for phase in found.phases.all():
            listed = [rule.as_rule() for rule in phase.rules.all()]
            if shape == "aires":
                act = next((r.legal_act_url for r in phase.rules.all() if r.legal_act_url), "")
                properties = zfe.properties(
                    feature_id=f"{found.code}-{phase.starts_on.isoformat()}",
                    starts_on=phase.starts_on.isoformat(),
                    ends_on=phase.ends_on.isoformat() if phase.ends_on else None,
                    rules=listed,
                    act_url=act,
                    info_url=found.information_url,
                )
            else:
                properties = _own_properties(found, phase)
            features.append(
                {"type": "Feature", "geometry": _geometry(found), "properties": properties}
            )
    content = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    name = "aires" if shape == "aires" else "low-emission-zones"
    response["Content-Disposition"] = f'attachment; filename="{name}.geojson"'
    return response


def cameras_geojson(request: HttpRequest, programme: str) -> HttpResponse:
    """The zones' cameras as GeoJSON points, each with its zone's code."""
    context = _common(request, programme)
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(camera.geometry.geojson),
            "properties": {
                "camera": camera.code,
                "zone": camera.zone.code,
                "sample": camera.sample,
            },
        }
        for camera in selectors.cameras(sample=context["sample"])
    ]
    content = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="low-emission-zone-cameras.geojson"'
    return response


def _own_properties(found: Zone, phase: Phase) -> dict[str, Any]:
    return {
        "zone": found.code,
        "name": {"kk": found.name_kk, "ru": found.name_ru, "en": found.name_en},
        "sample": found.sample,
        "phase": {"kk": phase.name_kk, "ru": phase.name_ru, "en": phase.name_en},
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat() if phase.ends_on else None,
        "rules": [
            {
                "code": rule.code,
                "effect": rule.effect,
                "categories": rule.categories,
                "fuels": rule.fuels,
                "min_euro": rule.min_euro,
                "over_kg": rule.over_kg,
                "hours": rule.hours or None,
                "charge_kzt": rules.tenge(rule.charge) or None,
                "exemptions": rule.exemptions,
                "legal_act": rule.legal_act,
                "legal_act_url": rule.legal_act_url or None,
                "verification_status": rule.verification_status,
            }
            for rule in phase.rules.all()
        ],
    }
