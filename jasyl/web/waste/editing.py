"""The programme office's waste pages: a container site registered with its containers, and a
row's status advanced. Every write goes through the domain's services, which ask
`people.access` again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.domain.roadmap.models import Activity
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.waste.services import register_container_site
from jasyl.web.common.lifecycle import register_page, status_page
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
    return register_page(
        request,
        plan=current_plan(record),
        form=form,
        save=lambda: register_container_site(
            values=form.values(), containers=form.containers(), actor=request.user, access=access
        ),
        done=_("The container site is registered."),
        row_url=lambda entry: reverse("waste:row", args=[record.code, "container-sites", entry.pk]),
        template="waste/container_site_form.html",
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
