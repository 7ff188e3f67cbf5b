"""The programme office's EV charging pages: a charging location registered with its EVSEs and
connectors, and a row's stage advanced (a location or an air-purification block). Every write
goes through the domain's services, which ask `people.access` again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.domain.charging.services import register_location
from jasyl.domain.roadmap.models import Activity
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.charging import forms
from jasyl.web.charging.views import kind_of
from jasyl.web.common.lifecycle import register_page, status_page
from jasyl.web.common.registries import office_access


@login_required
@require_http_methods(["GET", "POST"])
def location_add(request: HttpRequest, programme: str) -> HttpResponse:
    """Register a charging location with its connectors (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
    activities = Activity.objects.filter(programme=record).order_by("position")
    form = forms.ChargingLocationForm(
        request.POST if request.method == "POST" else None,
        activities=activities,
        initial={"c1_evse_uid": "1", "c1_connector_id": "1"},
    )
    return register_page(
        request,
        plan=current_plan(record),
        form=form,
        save=lambda: register_location(
            values=form.values(), connectors=form.connectors(), actor=request.user, access=access
        ),
        done=_("The charging location is registered."),
        row_url=lambda entry: reverse(
            "charging:entry", args=[record.code, "ev-chargers", entry.pk]
        ),
        template="charging/location_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, programme: str, kind: str, pk: int) -> HttpResponse:
    """Advance a charging location's or a block's stage (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
    found = kind_of(kind)
    row = get_object_or_404(found.model._default_manager, pk=pk)
    return status_page(
        request,
        plan=current_plan(record),
        row=row,
        access=access,
        list_url=reverse("charging:registry", args=[record.code, kind]),
        list_title=found.title,
        row_url=reverse("charging:entry", args=[record.code, kind, row.pk]),
    )
