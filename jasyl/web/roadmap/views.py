"""Public pages of the plan: the roadmap as published, sections, activities, search, targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jasyl.core.i18n import Text, current_language
from jasyl.core.uploads import XLSX_CONTENT_TYPE, UnreadableFile, check_size
from jasyl.domain.indicators.interface import STATUS_LABELS as INDICATOR_STATUS_LABELS
from jasyl.domain.indicators.selectors import assessed, of_activity, of_section, rolled_up
from jasyl.domain.people.access import access_for
from jasyl.domain.planaudit.registry import check_registry
from jasyl.domain.planaudit.rules import SEVERITIES, Finding, audit
from jasyl.domain.registries.claims import claims, output_rows
from jasyl.domain.registries.selectors import latest_edit
from jasyl.domain.reporting.execution import Breakdown, planned_gap
from jasyl.domain.reporting.progress import (
    STATUS_LABELS,
    STATUS_ORDER,
    UNREPORTED,
    progress_of,
)
from jasyl.domain.roadmap import domain
from jasyl.domain.roadmap.diff import diff_plans
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.roadmap.services import AmendmentRefused, AmendmentRequired, import_workbook
from jasyl.domain.roadmap.workbook import workbook_bytes
from jasyl.domain.roadmap.workbook_import import WorkbookError, read_workbook
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.bars import bar_chart
from jasyl.web.common.charts.execution import plan_against_spent
from jasyl.web.common.params import wants_sample
from jasyl.web.common.tables import FILTERS, activities, section_funding_by_period, targets
from jasyl.web.roadmap.forms import WorkbookForm

# Where a previewed workbook waits for the administrator's "apply".
PENDING_FOLDER = "roadmap/imports/pending/"


def root(request: HttpRequest) -> HttpResponse:
    """The site root: the dashboard in the language last read, Kazakh by default."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


@dataclass
class Cell:
    value: Decimal | None
    severity: str | None = None
    messages: list[str] = field(default_factory=list)


@dataclass
class Row:
    label: Text
    cells: list[Cell]
    activity: domain.Activity | None = None
    findings: dict[str, int] = field(default_factory=dict)


def _cell_keys(finding: Finding) -> list[tuple[str, str]]:
    """The (row, column) cells a finding is about, for marking them in the table."""
    column = (
        f"p:{finding.period}"
        if finding.period
        else f"s:{finding.source}"
        if finding.source
        else "total"
    )
    if finding.rule == "tree.children_parent":
        return [(f"a:{finding.activities[0]}", column)]
    if finding.rule == "section.activities_subtotal":
        return [(f"s:{finding.section}", column)]
    if finding.rule == "plan.sections_grand_total":
        return [("grand", column)]
    if finding.rule in ("row.periods_total", "row.sources_total"):
        row = (
            f"a:{finding.activities[0]}"
            if finding.activities
            else (f"s:{finding.section}" if finding.section else "grand")
        )
        return [(row, "total")]
    if finding.rule == "period.outside_implementation":
        return [(f"a:{finding.activities[0]}", column)]
    return []


def _columns(plan: domain.Plan) -> list[str]:
    return [
        *(f"p:{p.code}" for p in plan.periods),
        "total",
        *(f"s:{s.code}" for s in plan.sources),
    ]


def _cells(
    plan: domain.Plan, row_key: str, figures: domain.Figures, marks: dict[tuple[str, str], Cell]
) -> list[Cell]:
    cells = []
    for column in _columns(plan):
        kind, _, code = column.partition(":")
        value = (
            figures.funding.get(code)
            if kind == "p"
            else figures.sources.get(code)
            if kind == "s"
            else figures.total
        )
        mark = marks.get((row_key, column))
        cells.append(Cell(value, mark.severity if mark else None, mark.messages if mark else []))
    return cells


def _marks(findings: list[Finding], language: str) -> dict[tuple[str, str], Cell]:
    marks: dict[tuple[str, str], Cell] = {}
    for finding in findings:
        for key in _cell_keys(finding):
            mark = marks.setdefault(key, Cell(None))
            if mark.severity is None or SEVERITIES.index(finding.severity) < SEVERITIES.index(
                mark.severity
            ):
                mark.severity = finding.severity
            mark.messages.append(finding.message.get(language))
    return marks


def _severity_counts(findings: list[Finding], code: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        if code in finding.activities:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


def _section_block(
    plan: domain.Plan,
    section: domain.Section,
    findings: list[Finding],
    marks: dict[tuple[str, str], Cell],
) -> dict[str, object]:
    """A section's rows for the plan table: its activities and its subtotal row."""
    rows = [
        Row(
            label=a.name,
            cells=_cells(plan, f"a:{a.code}", a.figures, marks),
            activity=a,
            findings=_severity_counts(findings, a.code),
        )
        for a in (plan.activity(code) for code in section.activities)
    ]
    subtotal = Row(
        section.subtotal_label,
        _cells(plan, f"s:{section.code}", section.figures, marks),
    )
    return {"section": section, "rows": rows, "subtotal": subtotal}


@cached_page(params=())
def overview(request: HttpRequest, programme: str | None = None) -> HttpResponse:
    """The roadmap as published: sections, activities, funding by period and source, totals."""
    record = get_programme(programme)
    plan = current_plan(record)
    findings = audit(plan)
    marks = _marks(findings, (get_language() or "kk")[:2])
    sections = [_section_block(plan, section, findings, marks) for section in plan.sections]
    grand_total = Row(plan.grand_total_label, _cells(plan, "grand", plan.grand_total, marks))
    return render(
        request,
        "roadmap/overview.html",
        {
            "plan": plan,
            "sections": sections,
            "grand_total": grand_total,
            "agencies": {a.code: a for a in plan.agencies},
            "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
            "versions": record.versions.order_by("number"),
            # Only signed-in people see it, and their pages are never cached.
            "can_import": access_for(request.user, record).can_import_plan(),
        },
    )


@cached_page(params=("data",), stamp=latest_edit)
def activity_detail(request: HttpRequest, code: str, programme: str | None = None) -> HttpResponse:
    """One activity: plan by period, sources, agencies, KPIs, description, audit findings and
    the progress its approved reports show."""
    record = get_programme(programme)
    plan = current_plan(record)
    try:
        activity = plan.activity(code)
    except StopIteration:
        raise Http404("No such activity") from None
    every_finding = audit(plan)
    findings = [f for f in every_finding if code in f.activities] + [
        f for f in check_registry(claims(record, plan)) if code in f.activities
    ]
    measures = {m.code: m for m in plan.measures}
    units = {u.code: u for u in plan.units}
    periods = [
        {
            "period": p,
            "output": activity.outputs.get(p.code),
            "amount": activity.figures.funding.get(p.code),
        }
        for p in plan.periods
    ]
    return render(
        request,
        "roadmap/activity.html",
        {
            "plan": plan,
            "activity": activity,
            "section": next(s for s in plan.sections if s.code == activity.section),
            "parent": plan.activity(activity.parent) if activity.parent else None,
            "children": plan.children(activity.code),
            "agencies": [a for code in activity.agencies for a in plan.agencies if a.code == code],
            "periods": periods,
            "sources": [(s, activity.figures.sources.get(s.code)) for s in plan.sources],
            "kpis": [(year, activity.kpi.get(year)) for year in plan.target_years],
            "measures": measures,
            "units": units,
            "findings": findings,
            "gap": planned_gap(plan, every_finding, activity=code),
            "registry_outputs": output_rows(record, plan, code, sample=wants_sample(request)),
            **_progress_context(record, plan, activity, wants_sample(request)),
        },
    )


def _progress_context(
    record: Programme, plan: domain.Plan, activity: domain.Activity, sample: bool
) -> dict[str, object]:
    progress = progress_of(record, plan, sample=sample)
    status = progress.statuses.get(activity.code, UNREPORTED)
    money = progress.activity_money(plan, activity.code)
    indicators = of_activity(assessed(record, sample=sample), activity.code)
    return {
        "indicators": indicators,
        "indicator_status": rolled_up(indicators) if indicators else None,
        "indicator_labels": INDICATOR_STATUS_LABELS,
        "progress": progress,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "history": progress.history.get(activity.code, []),
        "money": money[0] if money else None,
        "earned": money[1] if money else None,
        "spent_chart": plan_against_spent(
            plan, money[0] if money else None, slug=f"activity-{activity.code}-spent"
        ),
    }


@cached_page(params=("data",))
def section_detail(request: HttpRequest, programme: str, section: str) -> HttpResponse:
    """One section: its subtotal by period, its activities and the audit findings on it."""
    record = get_programme(programme)
    plan = current_plan(record)
    found = next((s for s in plan.sections if s.code == section), None)
    if found is None:
        raise Http404("No such section")
    findings = audit(plan)
    marks = _marks(findings, (get_language() or "kk")[:2])
    progress = progress_of(record, plan, sample=wants_sample(request)).context("sections", section)
    return render(
        request,
        "roadmap/section.html",
        {
            "plan": plan,
            "section": found,
            "part": _section_block(plan, found, findings, marks),
            "chart": bar_chart(section_funding_by_period(plan, {"section": section})),
            "findings": [f for f in findings if f.section == section],
            "gap": planned_gap(plan, findings, section=section),
            **progress,
            "spent_chart": plan_against_spent(
                plan, _breakdown(progress["money"]), slug=f"section-{section}-spent"
            ),
            **_section_indicators(record, section, wants_sample(request)),
        },
    )


def _breakdown(money: object) -> Breakdown | None:
    return money if isinstance(money, Breakdown) else None


def _section_indicators(record: Programme, section: str, sample: bool) -> dict[str, object]:
    indicators = of_section(assessed(record, sample=sample), section)
    return {
        "indicators": indicators,
        "indicator_status": rolled_up(indicators) if indicators else None,
        "indicator_labels": INDICATOR_STATUS_LABELS,
    }


@cached_page(params=("data", *FILTERS))
def activity_list(request: HttpRequest, programme: str) -> HttpResponse:
    """Search and filter the activities: text in any language, section, agency, period, source."""
    record = get_programme(programme)
    plan = current_plan(record)
    progress = progress_of(record, plan, sample=wants_sample(request))
    params = {key: request.GET.get(key, "").strip() for key in FILTERS}
    return render(
        request,
        "roadmap/activities.html",
        {
            "plan": plan,
            "params": params,
            "table": activities(plan, params, progress),
            "progress": progress,
            "agencies": plan.agencies,
            "statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
        },
    )


@cached_page(params=())
def target_list(request: HttpRequest, programme: str) -> HttpResponse:
    """Every target of the plan with its 2025 and 2030 values, by section."""
    plan = current_plan(get_programme(programme))
    return render(
        request,
        "roadmap/targets.html",
        {
            "plan": plan,
            "table": targets(plan, {}),
            "sections": [
                (s, [plan.activity(c) for c in s.activities if plan.activity(c).kpi])
                for s in plan.sections
            ],
            "measures": {m.code: m for m in plan.measures},
            "units": {u.code: u for u in plan.units},
        },
    )


def workbook_download(request: HttpRequest, programme: str) -> HttpResponse:
    """The roadmap as an Excel workbook in the document's layout, in the page's language."""
    plan = current_plan(get_programme(programme))
    language = current_language()
    response = HttpResponse(workbook_bytes(plan, language), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-{language}.xlsx"'
    return response


@login_required
def workbook_upload(request: HttpRequest, programme: str) -> HttpResponse:
    """The programme office amends the plan with an edited workbook: preview, then apply."""
    record = get_programme(programme)
    if not access_for(request.user, record).can_import_plan():
        raise PermissionDenied
    form = WorkbookForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"plan": current_plan(record), "form": form}
    if request.method == "POST" and request.POST.get("token"):
        return _apply_workbook(request, record, context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, settings.JASYL_IMPORT_MAX_BYTES)
            content = upload.read()
            read = read_workbook(content)
        except UnreadableFile as error:
            context["errors"] = [str(error)]
            return render(request, "roadmap/import.html", context, status=400)
        except WorkbookError as error:
            context["errors"] = error.errors
            return render(request, "roadmap/import.html", context, status=400)
        if read.plan.code != record.code:
            context["errors"] = [
                _("The workbook holds the programme “%(found)s”, not “%(expected)s”.")
                % {"found": read.plan.code, "expected": record.code}
            ]
            return render(request, "roadmap/import.html", context, status=400)
        name = default_storage.save(f"{PENDING_FOLDER}{record.code}.xlsx", ContentFile(content))
        context |= {
            "diff": diff_plans(current_plan(record), read.plan),
            "token": signing.dumps({"name": name, "file_name": upload.name}, salt=PENDING_FOLDER),
            "reason": form.cleaned_data["reason"],
        }
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "roadmap/import.html", context, status=status)


def _apply_workbook(
    request: HttpRequest, record: Programme, context: dict[str, object]
) -> HttpResponse:
    context["form"] = WorkbookForm()
    try:
        pending = signing.loads(request.POST["token"], salt=PENDING_FOLDER, max_age=3600)
        with default_storage.open(pending["name"], "rb") as handle:
            content = handle.read()
        read = read_workbook(content)
        imported = import_workbook(
            plan=read.plan,
            language=read.language,
            content=content,
            file_name=pending["file_name"],
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except (signing.BadSignature, OSError, WorkbookError):
        context["errors"] = [_("The previewed workbook is no longer available; upload it again.")]
        return render(request, "roadmap/import.html", context, status=400)
    except (AmendmentRequired, AmendmentRefused) as error:
        context["errors"] = [str(error)]
        return render(request, "roadmap/import.html", context, status=400)
    default_storage.delete(pending["name"])
    if imported.changed:
        messages.success(
            request,
            _("The workbook was imported: the plan is now edition %(number)s.")
            % {"number": imported.version.number},
        )
    else:
        messages.info(request, _("The workbook holds the plan as it is loaded; nothing changed."))
    return redirect("roadmap:overview", programme=record.code)
