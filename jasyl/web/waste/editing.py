"""The programme office's waste pages: a container site registered with its containers, and a
row's status advanced. Every write goes through the domain's services, which ask
`people.access` again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.roadmap.models import Activity
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.waste.services import register_container_site
from jasyl.web.common.lifecycle import refused, status_page
from jasyl.web.common.registries import office_access
from jasyl.web.waste import forms, reads


@login_required
@require_http_methods(["GET", "POST"])
def container_site_add(request: HttpRequest, programme: str) -> HttpResponse:
    """Register a container site with its containers (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
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
    access = office_access(request, record)
    found = reads.registry(registry)
    row = reads.row_page(found, pk)
    return status_page(
        request,
        plan=current_plan(record),
        row=row,
        access=access,
        list_url=reverse("waste:list", args=[record.code, registry]),
        list_title=found.title,
        row_url=reverse("waste:row", args=[record.code, registry, row.pk]),
    )
