"""The programme office's water pages: an object registered by its shape (a canal section is a
line pasted as WKT or GeoJSON), a work added to an object's log, and a status advanced. Every
write goes through the domain's services, which ask `people.access` again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.roadmap.models import Activity, BudgetPeriod
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.water.services import advance_status, record_work, save_object
from jasyl.web.common.lifecycle import refused, register_page, status_page
from jasyl.web.common.registries import office_access
from jasyl.web.water import forms, reads


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _answer(
    request: HttpRequest, template: str, context: dict[str, Any], form: Form
) -> HttpResponse:
    return render(
        request,
        template,
        {**context, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def object_add(request: HttpRequest, programme: str) -> HttpResponse:
    """Register a water object, such as a canal section drawn as a line (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
    activities = Activity.objects.filter(programme=record).order_by("position")
    form = forms.WaterObjectForm(_posted(request), activities=activities)
    return register_page(
        request,
        plan=current_plan(record),
        form=form,
        save=lambda: save_object(
            entry=None, values=form.values(), actor=request.user, access=access
        ),
        done=_("The water object is registered."),
        row_url=lambda entry: reverse("water:object", args=[record.code, entry.pk]),
        template="water/object_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_add(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Add a work to an object's log (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
    row = reads.row_page(pk)
    form = forms.WorkForm(
        _posted(request),
        activities=Activity.objects.filter(programme=record).order_by("position"),
        periods=BudgetPeriod.objects.filter(programme=record),
    )
    if form.is_valid():
        try:
            record_work(water_object=row, values=form.values(), actor=request.user, access=access)
        except RegistryError as error:
            refused(form, error)
        else:
            messages.success(request, _("The work is recorded."))
            return redirect("water:object", record.code, row.pk)
    context = {"plan": current_plan(record), "row": row}
    return _answer(request, "water/work_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Advance a built object's status (the office)."""
    record = get_programme(programme)
    access = office_access(request, record)
    row = reads.row_page(pk)
    return status_page(
        request,
        plan=current_plan(record),
        row=row,
        access=access,
        list_url=reverse("water:objects", args=[record.code]),
        list_title=_("Water objects"),
        row_url=reverse("water:object", args=[record.code, row.pk]),
        advance=advance_status,
    )
