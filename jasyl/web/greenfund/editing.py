"""The green fund's pages for the programme office and the agencies: a tree added or changed,
a felling permit issued, a felling and a compensatory planting recorded, the queue of edits
waiting for the office, and the imports. Every write goes through the domain's services, which
ask `people.access` again; an agency editor's tree or planting waits for the office.

Who may open which page:

- a tree: the office; the editors and heads of agencies, for the activities they execute
  (their tree waits for the office);
- a permit and its felling: the office;
- a planting: the office; the editors and heads of the agencies that owe the permit's
  compensation (it waits for the office);
- the moderation queue: the office.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jasyl.core.imports.pipeline import kinds
from jasyl.domain.greenfund.models import FellingPermit
from jasyl.domain.greenfund.services import (
    issue_permit,
    owing_agencies,
    record_felling,
    record_planting,
    save_tree,
)
from jasyl.domain.people.access import EDITOR, HEAD, Access, access_for
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.imports import may_propose
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.rights import write_mode
from jasyl.domain.registries.selectors import pending_edits
from jasyl.domain.registries.services import approve_edit, reject_edit
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.imports import SPATIAL, TableImport, import_page, template_download
from jasyl.web.common.maps import map_config, public_tiles_url
from jasyl.web.greenfund import forms, reads, workbooks

FORM_METHODS = ["GET", "POST"]


def _access(request: HttpRequest, record: Programme) -> Access:
    return access_for(request.user, record)


def _refused(form: Form, error: RegistryError) -> None:
    """A service's refusal shown on the form, at its field when the form has it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _page(
    request: HttpRequest, record: Programme, template: str, form: Form, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"plan": current_plan(record), "form": form, **context},
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------ trees


def _picker() -> dict[str, Any]:
    """What the tree form's small map needs (place-picker.js): the maps' common settings and the
    districts' tiles when that layer is served."""
    return {**map_config(), "districts": public_tiles_url("districts")}


def _tree_page(request: HttpRequest, record: Programme, form: Form, tree: Any) -> HttpResponse:
    return _page(
        request,
        record,
        "greenfund/tree_form.html",
        form,
        tree=tree,
        map_url=reverse("maps:map"),
        picker=_picker(),
    )


def _editing_agencies(access: Access) -> list[str]:
    return [code for code, role in access.agency_roles.items() if role in (HEAD, EDITOR)]


def _tree_form(request: HttpRequest, record: Programme, access: Access, **kwargs: Any) -> Any:
    activities = (
        reads.programme_activities(record)
        if access.is_reviewer
        else reads.writable_activities(record, _editing_agencies(access))
    )
    return forms.TreeForm(
        request.POST if request.method == "POST" else None,
        activities=activities,
        agencies=reads.programme_agencies(record),
        activity_required=not access.is_reviewer,
        **kwargs,
    )


def _saved(request: HttpRequest, record: Programme, saved: Any, code: str) -> HttpResponse:
    if saved.pending:
        messages.success(
            request,
            _("Your edit of %(code)s waits for the programme office's approval.") % {"code": code},
        )
        if saved.entry is None:
            return redirect("greenfund:trees", programme=record.code)
    elif saved.edit is None:
        messages.info(request, _("Nothing was changed."))
    else:
        messages.success(request, _("The tree %(code)s was saved.") % {"code": code})
    return redirect("greenfund:tree", programme=record.code, pk=saved.entry.pk)


@login_required
@require_http_methods(FORM_METHODS)
def tree_add(request: HttpRequest, programme: str) -> HttpResponse:
    """Register a tree (the office at once; an agency's editor proposes it)."""
    record = get_programme(programme)
    access = _access(request, record)
    if not (access.is_reviewer or may_propose(access)):
        raise PermissionDenied
    form = _tree_form(request, record, access)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            saved = save_tree(tree=None, values=values, actor=request.user, access=access)
        except RegistryError as error:
            _refused(form, error)
        else:
            return _saved(request, record, saved, values["code"])
    return _tree_page(request, record, form, None)


@login_required
@require_http_methods(FORM_METHODS)
def tree_edit(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Change a tree (the office at once; its activity's agencies propose the change)."""
    record = get_programme(programme)
    access = _access(request, record)
    found = reads.tree_page(pk)
    agencies = reads.executing(found)
    if write_mode(access, [agencies]) is None:
        raise PermissionDenied
    form = _tree_form(request, record, access, initial=forms.TreeForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            saved = save_tree(tree=found, values=values, actor=request.user, access=access)
        except RegistryError as error:
            _refused(form, error)
        else:
            return _saved(request, record, saved, found.code)
    return _tree_page(request, record, form, found)


# ------------------------------------------------------------------------------ permits


def _office(request: HttpRequest, record: Programme) -> Access:
    access = _access(request, record)
    if not access.is_reviewer:
        raise PermissionDenied
    return access


@login_required
@require_http_methods(FORM_METHODS)
def permit_issue(request: HttpRequest, programme: str) -> HttpResponse:
    """Record a felling permit (the programme office)."""
    record = get_programme(programme)
    access = _office(request, record)
    initial = {"trees": request.GET.get("tree", "")[:100]}
    form = forms.PermitForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        activities=reads.programme_activities(record),
        agencies=reads.programme_agencies(record),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found, unknown = reads.trees_by_code(form.tree_codes())
        if unknown:
            form.add_error(
                "trees",
                _("No tree of the registry has these codes: %(codes)s.")
                % {"codes": ", ".join(unknown)},
            )
        else:
            try:
                issued = issue_permit(
                    number=data["number"].strip(),
                    issued_on=data["issued_on"],
                    reason=data["reason"],
                    trees=found,
                    trees_count=data["trees_count"],
                    issuer=data["issuer"],
                    issuer_name="" if data["issuer"] else data["issuer_name"],
                    applicant=data["applicant"],
                    applicant_name="" if data["applicant"] else data["applicant_name"],
                    activity=data["activity"],
                    deadline=data["deadline"],
                    source=data["source"],
                    actor=request.user,
                    access=access,
                )
            except RegistryError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, _("The permit %(number)s was recorded.") % {"number": issued.number}
                )
                return redirect("greenfund:permit", programme=record.code, pk=issued.pk)
    return _page(request, record, "greenfund/permit_form.html", form)


def _permit(pk: int) -> FellingPermit:
    found = FellingPermit.objects.select_related("applicant", "activity").filter(pk=pk).first()
    if found is None:
        raise Http404("No such permit")
    return found


@login_required
@require_http_methods(FORM_METHODS)
def felling(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Record trees felled under a permit (the programme office)."""
    record = get_programme(programme)
    access = _office(request, record)
    found = _permit(pk)
    standing = reads.standing_trees_of(found)
    form = forms.FellingForm(request.POST if request.method == "POST" else None, standing=standing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_code = {t.code: t for t in standing}
        chosen = [by_code[c] for c in data["trees"]] if "trees" in form.fields else None
        try:
            record_felling(
                permit=found,
                felled_on=data["felled_on"],
                trees=chosen,
                count=data["count"],
                actor=request.user,
                access=access,
            )
        except RegistryError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The felling was recorded."))
            return redirect("greenfund:permit", programme=record.code, pk=found.pk)
    return _page(request, record, "greenfund/felling_form.html", form, permit=found)


@login_required
@require_http_methods(FORM_METHODS)
def planting(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Record trees planted in compensation of a permit (the office at once; the agencies that
    owe it propose it)."""
    record = get_programme(programme)
    access = _access(request, record)
    found = _permit(pk)
    if write_mode(access, [owing_agencies(found)]) is None:
        raise PermissionDenied
    form = forms.PlantingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = record_planting(
                permit=found,
                planted_on=data["planted_on"],
                count=data["count"],
                species=data["species"],
                location=form.location(),
                points=data["points"],
                code=data["code"].strip(),
                actor=request.user,
                access=access,
            )
        except RegistryError as error:
            _refused(form, error)
        else:
            if recorded.pending:
                messages.success(
                    request, _("The planting waits for the programme office's approval.")
                )
            else:
                messages.success(request, _("The planting was recorded."))
            return redirect("greenfund:permit", programme=record.code, pk=found.pk)
    return _page(request, record, "greenfund/planting_form.html", form, permit=found)


# ------------------------------------------------------------------------------ moderation


def _queue(record: Programme) -> Any:
    """The edits waiting for this programme's office (and those that name no programme)."""
    return pending_edits().filter(Q(programme=record) | Q(programme__isnull=True))


def _kind(edit: Edit) -> str:
    model = edit.content_type.model_class()
    return str(capfirst(model._meta.verbose_name)) if model is not None else edit.content_type.model


def _readable(edit: Edit) -> list[reads.Change]:
    return reads.changes_of(edit.content_type.model_class(), edit.changes)


@login_required
def moderation(request: HttpRequest, programme: str) -> HttpResponse:
    """The edits waiting for the programme office, oldest first."""
    record = get_programme(programme)
    _office(request, record)
    edits = list(_queue(record))
    return render(
        request,
        "greenfund/moderation.html",
        {
            "plan": current_plan(record),
            "edits": [(e, _kind(e), _readable(e)) for e in edits],
        },
    )


@login_required
@require_http_methods(FORM_METHODS)
def decide(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """Approve or reject one pending edit, after the office confirms it (with a comment)."""
    record = get_programme(programme)
    access = _office(request, record)
    edit = _queue(record).filter(pk=pk).first()
    if edit is None:
        raise Http404("No such pending edit")
    initial = {"decision": request.GET.get("decision", forms.DecisionForm.APPROVE)}
    form = forms.DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == forms.DecisionForm.APPROVE:
                approve_edit(edit=edit, actor=request.user, access=access, comment=data["comment"])
                messages.success(
                    request, _("The edit of %(code)s was approved.") % {"code": edit.code}
                )
            else:
                reject_edit(edit=edit, actor=request.user, access=access, comment=data["comment"])
                messages.success(
                    request, _("The edit of %(code)s was rejected.") % {"code": edit.code}
                )
        except RegistryError as error:
            _refused(form, error)
        else:
            return redirect("greenfund:moderation", programme=record.code)
    decision = form.data.get("decision") if form.is_bound else initial["decision"]
    return _page(
        request,
        record,
        "greenfund/decide.html",
        form,
        edit=edit,
        changes=_readable(edit),
        approving=decision != forms.DecisionForm.REJECT,
    )


# ------------------------------------------------------------------------------ imports

# The green fund's kinds of import and the page each one leads to once imported.
IMPORTS = {
    "species": "greenfund:trees",
    "trees": "greenfund:trees",
    "felling-permits": "greenfund:permits",
    "plantings": "greenfund:permits",
    "parks": "greenfund:parks",
    "nurseries": "greenfund:nurseries",
    "wood-waste-sites": "greenfund:wood_waste_sites",
}


def table_import(kind: str) -> TableImport:
    """The import page's settings for one of the green fund's kinds."""
    table = TableImport(
        kind=kind,
        template="greenfund/import.html",
        done=IMPORTS[kind],
        workbook=workbooks.workbook_for(kind),
        workbook_name=f"green-fund-{kind}",
    )
    if kinds()[kind].geometry:
        return replace(table, accept=f"{table.accept},{SPATIAL}")
    return table


def _import(kind: str) -> TableImport:
    if kind not in IMPORTS:
        raise Http404("No such import")
    return table_import(kind)


@login_required
def imports(request: HttpRequest, programme: str) -> HttpResponse:
    """The green fund's imports this person may use."""
    record = get_programme(programme)
    offered = [
        (kind, workbooks.title_of(kind), workbooks.columns_of(kind))
        for kind in IMPORTS
        if workbooks.allowed(kind, request.user, record)
    ]
    if not offered:
        raise PermissionDenied
    return render(
        request, "greenfund/imports.html", {"plan": current_plan(record), "offered": offered}
    )


@login_required
def import_kind(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    return import_page(request, programme, _import(kind))


@login_required
def import_workbook(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    return template_download(request, programme, _import(kind))
