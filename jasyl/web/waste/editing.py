"""The programme office's waste pages: a container site registered with its containers, and a
row's status advanced. Every write goes through the domain's services, which ask
`people.access` again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.domain.people.access import access_for
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.services import advance_status
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.waste.services import register_container_site
from jasyl.web.common.lifecycle import StatusForm, refused
from jasyl.web.waste import forms, reads


def _office(request: HttpRequest, record: Programme) -> Any:
    access = access_for(request.user, record)
    if not access.is_reviewer:
        raise PermissionDenied(_("Only the programme office may do this."))
    return access


@login_required
@require_http_methods(["GET", "POST"])
def container_site_add(request: HttpRequest, programme: str) -> HttpResponse:
    """Register a container site with its containers (the office)."""
    record = get_programme(programme)
    access = _office(request, record)
    activities = Activity.objects.filter(programme=record).order_by("position")
    form = forms.ContainerSiteForm(
        request.POST if request.method == "POST" else None, activities=activities
    )
    if form.is_valid():
        try:
            saved = register_container_site(
                values=form.values(),
                containers=form.containers(),
                actor=request.user,
                access=access,
            )
        except RegistryError as error:
            refused(form, error)
        else:
            messages.success(request, _("The container site is registered."))
            return redirect("waste:row", record.code, "container-sites", saved.entry.pk)
    return render(
        request,
        "waste/container_site_form.html",
        {"plan": current_plan(record), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, programme: str, registry: str, pk: int) -> HttpResponse:
    """Advance a site's or plant's status (the office)."""
    record = get_programme(programme)
    access = _office(request, record)
    found = reads.registry(registry)
    row = reads.row_page(found, pk)
    form = StatusForm(
        request.POST if request.method == "POST" else None, statuses=row.next_stages()
    )
    if form.is_valid():
        try:
            advance_status(
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
            return redirect("waste:row", record.code, registry, row.pk)
    return render(
        request,
        "registries/status_form.html",
        {
            "plan": current_plan(record),
            "form": form,
            "row": row,
            "list_url": reverse("waste:list", args=[record.code, registry]),
            "list_title": found.title,
            "row_url": reverse("waste:row", args=[record.code, registry, row.pk]),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
