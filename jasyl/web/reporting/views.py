"""The reporting pages: the inbox, reporting periods, a period's board, the report itself (form,
evidence, workflow buttons, history), the diff between two revisions, and the audit trail.

Views are thin: they read with `selectors`, write with `workflow` and ask `people.access`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jasyl.core.i18n import LANGUAGES, current_language, localized
from jasyl.core.uploads import XLSX_CONTENT_TYPE, UnreadableFile, check_size, megabytes
from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.access import Access, access_for
from jasyl.domain.registries.citations import cite
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.reporting import workbook_upload, workbooks, workflow
from jasyl.domain.reporting.diff import changes, describe
from jasyl.domain.reporting.forms import (
    EvidenceForm,
    EvidenceRemoveForm,
    PeriodForm,
    PeriodStateForm,
    ReportForm,
    TrailFilterForm,
    TransitionForm,
    initial_from,
)
from jasyl.domain.reporting.models import AuditEntry, Evidence, ProgressReport, ReportingPeriod
from jasyl.domain.reporting.selectors import (
    board,
    closing_entries,
    period_by_slug,
    periods_for,
    planned_share,
    review_queue,
    trail,
    trail_actors,
    with_agencies,
)
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.reporting.citing import CitationForm, cited, refusal, registry_forms


def _activity(programme: Programme, code: str) -> Activity:
    activity = (
        with_agencies(programme.activities.filter(code=code))
        .select_related("programme", "section")
        .prefetch_related(
            "outputs__quantities__measure__unit",
            "kpi_targets__quantities__measure__unit",
            "contacts__user",
        )
        .first()
    )
    if activity is None:
        raise Http404("No such activity")
    return activity


def _report(activity: Activity, period: ReportingPeriod) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_related("updated_by", "period__programme", "activity")
        .prefetch_related("spending__source", "quantities__measure")
        .filter(activity=activity, period=period)
        .first()
    )


def _report_url(programme: Programme, period: ReportingPeriod, activity: Activity) -> str:
    return reverse(
        "reporting:report",
        kwargs={"programme": programme.code, "period": period.slug, "activity": activity.code},
    )


@login_required
def inbox(request: HttpRequest, programme: str) -> HttpResponse:
    """The signed-in person's work: open periods with their reports, and the review queue."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    periods = list(periods_for(record))
    # A closed period stays here, read-only, with the reason, until it is locked: agencies
    # still see what they sent while the programme office reviews it.
    shown = [
        period
        for period in periods
        if period.state in (ReportingPeriod.State.OPEN, ReportingPeriod.State.CLOSED)
        and (access.reads_everything or access.works_for_agency)
    ]
    closings = closing_entries(shown)
    open_boards = [(period, board(period, access), closings.get(period.pk)) for period in shown]
    return render(
        request,
        "reporting/inbox.html",
        {
            "plan": current_plan(record),
            "access": access,
            "periods": periods,
            "boards": open_boards,
            "queue": list(review_queue(record)) if access.can_review() else [],
            **_template_context(record, access),
        },
    )


@login_required
def period_list(request: HttpRequest, programme: str) -> HttpResponse:
    """Reporting periods; the programme administrator opens new ones and closes or locks them."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if not access.can_manage_periods():
            raise PermissionDenied
        if form.is_valid():
            try:
                period = workflow.create_period(
                    actor=request.user, access=access, programme=record, **form.cleaned_data
                )
            except workflow.WorkflowError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(
                    request, _("Reporting period %(period)s opened.") % {"period": period.label}
                )
                return redirect("reporting:periods", programme=record.code)
    return render(
        request,
        "reporting/periods.html",
        {
            "plan": current_plan(record),
            "access": access,
            "periods": periods_for(record),
            "form": form,
            "states": ReportingPeriod.State.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def period_state(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    form = PeriodStateForm(request.POST)
    if not access.can_manage_periods():
        raise PermissionDenied
    if form.is_valid():
        try:
            workflow.set_period_state(
                actor=request.user,
                access=access,
                period=found,
                state=form.cleaned_data["state"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(
                request,
                _("Period %(period)s: %(state)s.")
                % {
                    "period": found.label,
                    "state": dict(ReportingPeriod.State.choices)[form.cleaned_data["state"]],
                },
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error.message))
    return redirect("reporting:periods", programme=record.code)


@login_required
def period_board(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    """Every report of a period this person may see, with its state."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    if not (access.reads_everything or access.works_for_agency):
        raise PermissionDenied
    return render(
        request,
        "reporting/period.html",
        {
            "plan": current_plan(record),
            "access": access,
            "period": found,
            "rows": board(found, access),
            **_template_context(record, access),
        },
    )


def _programme_agencies(programme: Programme) -> list[Agency]:
    return list(
        Agency.objects.filter(programme_links__programme=programme).order_by(
            "programme_links__position"
        )
    )


def _template_context(programme: Programme, access: Access) -> dict[str, Any]:
    """What the template download and upload forms need: the agencies whose template this
    person may download, and whether they may upload one (they edit some agency's reports)."""
    if not (access.reads_everything or access.works_for_agency):
        return {"template_agencies": [], "can_upload_template": False}
    return {
        "template_agencies": workbooks.template_agencies(_programme_agencies(programme), access),
        "template_languages": LANGUAGES,
        "can_upload_template": access.can_edit(list(access.agency_roles)),
    }


@login_required
def template_download(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    """An agency's reporting template for the period (.xlsx), to fill in offline."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    code = request.GET.get("agency") or next(iter(access.agency_roles), "")
    agency = next((a for a in _programme_agencies(record) if a.code == code), None)
    if agency is None:
        raise Http404("No such agency in this programme")
    if not access.can_read_unpublished([agency.code]):
        raise PermissionDenied
    language = request.GET.get("language") or current_language()
    if language not in LANGUAGES:
        raise Http404("No such language")
    content = workbooks.template_workbook(
        plan=current_plan(record),
        period=found,
        agency=agency,
        rows=workbooks.template_rows(found, agency),
        language=language,
    )
    disposition = content_disposition_header(
        as_attachment=True, filename=f"{record.code}-{found.slug}-{agency.code}-{language}.xlsx"
    )
    assert disposition is not None
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": disposition},
    )


@login_required
def template_upload(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    """A filled template: its changed rows become draft revisions, all of them or none. Read
    with GET, the page offers the forms (where the language switch of a refused upload leads)."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    if not access.can_edit(list(access.agency_roles)):
        raise PermissionDenied
    upload = request.FILES.get("file")
    errors: list[str] = []
    if request.method != "POST":
        pass
    elif upload is None:
        errors = [_("Choose the filled template (.xlsx) to upload.")]
    else:
        try:
            check_size(upload.size, settings.JASYL_IMPORT_MAX_BYTES)
            done = workbook_upload.import_template(
                actor=request.user, access=access, period=found, content=upload.read()
            )
        except UnreadableFile as error:
            errors = [str(error)]
        except workbook_upload.TemplateError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _(
                    "Template uploaded: %(created)s report(s) created, %(updated)s updated, "
                    "%(unchanged)s row(s) unchanged."
                )
                % {
                    "created": len(done.created),
                    "updated": len(done.updated),
                    "unchanged": done.unchanged,
                },
            )
            return redirect("reporting:period", programme=record.code, period=found.slug)
    return render(
        request,
        "reporting/template_upload.html",
        {
            "plan": current_plan(record),
            "access": access,
            "period": found,
            "errors": errors,
            **_template_context(record, access),
        },
        status=400 if request.method == "POST" else 200,
    )


def _specs(
    request_plan: Any, activity: Activity, report: ProgressReport | None
) -> dict[str, list[tuple[str, str]]]:
    outputs, kpis = workflow.reportable_measures(activity)
    # Spending fields for the sources the plan gives the activity money from (all of them when
    # it states no split), and any source a saved version already names.
    plan_activity = next(a for a in request_plan.activities if a.code == activity.code)
    funded = {code for code, value in plan_activity.figures.sources.items() if value}
    if report is not None:
        funded |= {s.source.code for s in report.spending.all()}
    return {
        "sources": [
            (s.code, s.name.get(current_language()))
            for s in request_plan.sources
            if not funded or s.code in funded
        ],
        "outputs": [
            (code, f"{localized(m, 'name')}, {localized(m.unit, 'name')}")
            for code, m in outputs.items()
        ],
        "kpis": [
            (code, f"{localized(m, 'name')}, {localized(m.unit, 'name')}")
            for code, m in kpis.items()
        ],
    }


def _readable(access: Access, agencies: list[str]) -> None:
    if not access.can_read_unpublished(agencies):
        raise PermissionDenied


def _report_page(
    request: HttpRequest,
    record: Programme,
    found: ReportingPeriod,
    activity: Activity,
    access: Access,
    report: ProgressReport | None,
    form: ReportForm | None = None,
    stale: workflow.StaleEdit | None = None,
    status: int = 200,
    citing: CitationForm | None = None,
) -> HttpResponse:
    plan = current_plan(record)
    agencies = workflow.agencies_of(activity)
    specs = _specs(plan, activity, report)
    if report is not None:
        report.activity = activity  # the instance with its agencies and measures read
    editable = access.can_edit(agencies) and found.is_open and (report is None or report.editable)
    if form is None and editable:
        form = ReportForm(initial=initial_from(report), **specs)
    plan_activity = next(a for a in plan.activities if a.code == activity.code)
    budget_period = next((p for p in plan.periods if p.start <= found.year <= p.end), None)
    planned_amount = (
        plan_activity.figures.funding.get(budget_period.code) if budget_period else None
    )
    entries = list(report.trail.select_related("actor").order_by("-at", "-pk")) if report else []
    # Messages about the evidence are shown beside its form, where the page lands after an
    # upload or a removal; the others at the top as on every page.
    notes = list(messages.get_messages(request))
    theirs = None
    if stale is not None and form is not None:
        saved = workflow.snapshot(workflow.with_content(stale.report))
        theirs = changes(saved, _form_snapshot(form, report), plan)
    return render(
        request,
        "reporting/report.html",
        {
            "plan": plan,
            "access": access,
            "period": found,
            "activity": activity,
            "plan_activity": plan_activity,
            "agencies": [link.agency for link in activity.agency_links.all()],
            "budget_period": budget_period,
            "planned_output": plan_activity.outputs.get(budget_period.code)
            if budget_period
            else None,
            "planned_amount": planned_amount,
            "planned_share": planned_share(planned_amount, budget_period, found)
            if budget_period and planned_amount is not None
            else None,
            "returned_by": next(
                (
                    e
                    for e in entries
                    if e.action in (AuditEntry.Action.RETURNED, AuditEntry.Action.REOPENED)
                ),
                None,
            )
            if report and report.state == ProgressReport.State.RETURNED
            else None,
            "closing": closing_entries([found]).get(found.pk) if not found.is_open else None,
            "messages": [m for m in notes if "evidence" not in m.tags.split()],
            "evidence_messages": [m for m in notes if "evidence" in m.tags.split()],
            "evidence_limit": megabytes(settings.JASYL_EVIDENCE_MAX_BYTES),
            "report": report,
            "form": form if editable else None,
            "editable": editable,
            "co_executor": editable and not access.role_in(agencies[:1]),
            "submits": access.can_submit(agencies[0] if agencies else None),
            "transitions": [
                (t, TransitionForm(initial={"action": t.name, "revision": report.revision}))
                for t in workflow.transitions_for(access, report)
            ]
            if report
            else [],
            "evidence_form": EvidenceForm(initial={"revision": report.revision if report else 0})
            if editable and report
            else None,
            "evidence": list(report.evidence.select_related("uploaded_by").filter(removed=False))
            if report
            else [],
            "revisions": list(
                report.revisions.select_related("saved_by", "agency").order_by("-number")
            )
            if report
            else [],
            "entries": entries,
            "cited": cited(report, record.code) if report else [],
            "registries": registry_forms(report, editable, citing) if report else [],
            "content": _content_rows(report, plan) if report and not editable else None,
            "stale": stale,
            "theirs": theirs,
        },
        status=status,
    )


def _form_snapshot(form: ReportForm, report: ProgressReport | None) -> dict[str, Any]:
    """The unsaved input in the shape of a revision snapshot, to show it beside the saved one."""
    if not form.is_valid():
        return {}
    content = form.content()
    return {
        "status": content.status,
        "progress": None if content.progress is None else str(content.progress),
        "narrative": content.narrative,
        "spending": {
            code: {
                "committed": None if c is None else str(c),
                "spent": None if s is None else str(s),
            }
            for code, (c, s) in content.spending.items()
            if c is not None or s is not None
        },
        "outputs": {k: str(v) for k, v in content.outputs.items()},
        "kpis": {k: str(v) for k, v in content.kpis.items()},
        # What the form does not change, as saved: the evidence and the registry rows cited.
        **{
            key: value
            for key, value in (workflow.snapshot(report) if report else {}).items()
            if key not in ("status", "progress", "narrative", "spending", "outputs", "kpis")
        },
    }


def _content_rows(report: ProgressReport, plan: Any) -> list[tuple[str, str]]:
    return describe(workflow.snapshot(report), plan)


@login_required
def report_detail(request: HttpRequest, programme: str, period: str, activity: str) -> HttpResponse:
    """The report of one activity for one period: read it, edit it, move it along."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    item = _activity(record, activity)
    agencies = workflow.agencies_of(item)
    _readable(access, agencies)
    report = _report(item, found)
    if request.method != "POST":
        return _report_page(request, record, found, item, access, report)
    plan = current_plan(record)
    specs = _specs(plan, item, report)
    form = ReportForm(request.POST, **specs)
    if not form.is_valid():
        return _report_page(request, record, found, item, access, report, form=form, status=400)
    try:
        workflow.save_report(
            actor=request.user,
            access=access,
            activity=item,
            period=found,
            content=form.content(),
            based_on=form.cleaned_data["revision"],
        )
    except workflow.StaleEdit as stale:
        messages.error(request, str(stale.message))
        # The form keeps the person's input and now carries the revision they have been shown,
        # so saving it again, having compared, replaces that revision.
        data = request.POST.copy()
        data["revision"] = str(stale.report.revision)
        return _report_page(
            request,
            record,
            found,
            item,
            access,
            _report(item, found),
            form=ReportForm(data, **specs),
            stale=stale,
            status=409,
        )
    except workflow.WorkflowError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return _report_page(request, record, found, item, access, report, form=form, status=400)
    messages.success(request, _("Report saved."))
    return redirect(_report_url(record, found, item))


def _posted(
    request: HttpRequest, programme: str, period: str, activity: str
) -> tuple[Programme, ReportingPeriod, Activity, Access, ProgressReport]:
    record = get_programme(programme)
    access = access_for(request.user, record)
    found = period_by_slug(record, period)
    item = _activity(record, activity)
    _readable(access, workflow.agencies_of(item))
    report = _report(item, found)
    if report is None:
        raise Http404("No report yet")
    return record, found, item, access, report


@login_required
@require_POST
def report_transition(
    request: HttpRequest, programme: str, period: str, activity: str
) -> HttpResponse:
    record, found, item, access, report = _posted(request, programme, period, activity)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get(
            "confirm", [_("The form was incomplete; nothing was changed.")]
        ):
            messages.error(request, str(error))
    else:
        try:
            done = workflow.transition(
                actor=request.user,
                access=access,
                report=report,
                name=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
                based_on=form.cleaned_data["revision"],
            )
            messages.success(
                request, _("The report is now: %(state)s.") % {"state": done.get_state_display()}
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error.message))
    return redirect(_report_url(record, found, item))


@login_required
@require_POST
def evidence_upload(
    request: HttpRequest, programme: str, period: str, activity: str
) -> HttpResponse:
    record, found, item, access, report = _posted(request, programme, period, activity)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."), extra_tags="evidence")
    else:
        try:
            evidence = workflow.add_evidence(
                actor=request.user,
                access=access,
                report=report,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                based_on=form.cleaned_data["revision"],
            )
            messages.success(
                request, _("“%(name)s” added.") % {"name": evidence.name}, extra_tags="evidence"
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error.message), extra_tags="evidence")
    return redirect(_report_url(record, found, item) + "#evidence")


@login_required
@require_POST
def evidence_remove(
    request: HttpRequest, programme: str, period: str, activity: str, pk: int
) -> HttpResponse:
    record, found, item, access, report = _posted(request, programme, period, activity)
    evidence = get_object_or_404(Evidence, pk=pk, report=report, removed=False)
    form = EvidenceRemoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error), extra_tags="evidence")
        return redirect(_report_url(record, found, item) + "#evidence")
    try:
        workflow.remove_evidence(
            actor=request.user,
            access=access,
            evidence=evidence,
            based_on=form.cleaned_data["revision"],
        )
        messages.success(
            request, _("“%(name)s” removed.") % {"name": evidence.name}, extra_tags="evidence"
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error.message), extra_tags="evidence")
    return redirect(_report_url(record, found, item) + "#evidence")


@login_required
@require_http_methods(["GET", "POST"])
def report_citations(
    request: HttpRequest, programme: str, period: str, activity: str
) -> HttpResponse:
    """Save the codes of one registry's rows that the report cites. GET (the other language of
    a refused form) leads to the report's citations."""
    record, found, item, access, report = _posted(request, programme, period, activity)
    back = _report_url(record, found, item) + "#citations"
    if request.method == "GET":
        return redirect(back)
    kind = str(request.POST.get("kind", ""))[:50]
    form = CitationForm(request.POST, kind=kind)
    if not form.is_valid():
        return _report_page(request, record, found, item, access, report, citing=form, status=400)
    try:
        cite(
            actor=request.user,
            access=access,
            report=report,
            kind=kind,
            codes=form.codes_list(),
            based_on=form.cleaned_data["revision"],
        )
    except workflow.StaleEdit as stale:
        messages.error(request, str(stale.message))
        # The person's codes stay in the form, now on the revision they are shown.
        data = request.POST.copy()
        data["revision"] = str(stale.report.revision)
        again = CitationForm(data, kind=kind)
        again.is_valid()
        return _report_page(
            request, record, found, item, access, _report(item, found), citing=again, status=409
        )
    except RegistryError as error:
        if error.field == "kind":
            messages.error(request, error.message)
            return redirect(back)
        for problem in refusal(error):
            form.add_error("codes", problem)
        return _report_page(request, record, found, item, access, report, citing=form, status=400)
    except workflow.WorkflowError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(request, _("The registry rows cited were saved."))
    return redirect(back)


@login_required
def evidence_download(
    request: HttpRequest, programme: str, period: str, activity: str, pk: int
) -> FileResponse:
    """An evidence file, to those who may read the report (files are never public URLs)."""
    _record, _found, _item, _access, report = _posted(request, programme, period, activity)
    evidence = get_object_or_404(Evidence, pk=pk, report=report)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


@login_required
def report_diff(request: HttpRequest, programme: str, period: str, activity: str) -> HttpResponse:
    """What changed between two revisions of a report (by default: the last two)."""
    record, found, item, _access, report = _posted(request, programme, period, activity)
    revisions = {r.number: r for r in report.revisions.select_related("saved_by", "agency")}
    if not revisions:
        raise Http404("No revisions")
    newest = max(revisions)
    try:
        after = int(request.GET.get("to", newest))
        before = int(request.GET.get("from", max(after - 1, 1)))
    except ValueError:
        raise Http404("No such revision") from None
    if before not in revisions or after not in revisions:
        raise Http404("No such revision")
    plan = current_plan(record)
    return render(
        request,
        "reporting/diff.html",
        {
            "plan": plan,
            "period": found,
            "activity": item,
            "report": report,
            "before": revisions[before],
            "after": revisions[after],
            "numbers": sorted(revisions),
            "changes": changes(revisions[before].snapshot, revisions[after].snapshot, plan),
        },
    )


@login_required
def audit_trail(request: HttpRequest, programme: str) -> HttpResponse:
    """Every transition and save, newest first: for the programme office and the auditor."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    if not access.reads_everything:
        raise PermissionDenied
    actors = trail_actors(record)
    form = TrailFilterForm(request.GET or None, actors=actors)
    entries = trail(record)
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/trail.html",
        {
            "plan": current_plan(record),
            "page": page,
            "form": form,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
