"""The API's endpoints. Thin: parse the request, call one selector or service, shape the answer.

Reads show exactly what the public pages show: the plan, and approved reports of official
periods (`?data=sample`: the sample data instead, as the portal's switch). Writes call the
reporting workflow and the indicator services, which ask `people.access`; their refusals become
HTTP errors in `errors.py`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from jasyl.domain.indicators.models import Indicator
from jasyl.domain.indicators.selectors import assessed, registry
from jasyl.domain.indicators.services import Reading, record_observations
from jasyl.domain.people.access import Access, access_for
from jasyl.domain.registries.citations import citations_of, cite
from jasyl.domain.registries.claims import findings
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.execution import execution_for
from jasyl.domain.reporting.models import (
    ProgressReport,
    ReportingPeriod,
    ReportQuantity,
    ReportSpending,
)
from jasyl.domain.reporting.progress import progress_of
from jasyl.domain.reporting.selectors import SLUG, period_by_slug, with_agencies
from jasyl.domain.roadmap.export import plan_as_dict
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.api import serializers as s
from jasyl.web.api import shapes
from jasyl.web.common.params import wants_sample
from jasyl.web.common.tables import search

ERRORS = {
    400: s.Error,
    401: s.Error,
    403: s.Error,
    404: s.Error,
}
SAMPLE = OpenApiParameter(
    "data",
    OpenApiTypes.STR,
    enum=["sample"],
    description="`sample`: the demonstration data instead of the official figures, as the "
    "portal's sample switch.",
)


def _sample(request: Request) -> bool:
    return wants_sample(request._request)


def _parameters(serializer: type[Serializer[Any]]) -> list[OpenApiParameter]:
    """The filter serializer's fields as documented query parameters."""
    kinds = {"DateField": OpenApiTypes.DATE, "ChoiceField": OpenApiTypes.STR}
    found = []
    for name, field in serializer().fields.items():
        found.append(
            OpenApiParameter(
                name,
                kinds.get(type(field).__name__, OpenApiTypes.STR),
                enum=list(field.choices) if hasattr(field, "choices") else None,
                description=str(field.help_text or ""),
            )
        )
    return found


class ListView(GenericAPIView[Any]):
    """A paginated list of plain rows (`?limit=&offset=`). A list declares its row's shape, its
    filters and whether it offers the sample data once; its `get` is documented from them."""

    item: type[Serializer[Any]]
    """The shape of a row."""
    filters: type[Serializer[Any]] | None = None
    """The query string's filters (a bad one is answered 400)."""
    sample: bool = False
    """Whether `?data=sample` gives the sample data instead."""
    not_found: bool = True
    """Whether the list belongs to something that may not exist (404)."""
    tag: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        parameters = [*(_parameters(cls.filters) if cls.filters else []), *([SAMPLE] * cls.sample)]
        responses: dict[int, Any] = {200: cls.item(many=True)}
        if cls.filters:
            responses[400] = s.Error
        if cls.not_found:
            responses[404] = s.Error
        schema = extend_schema(parameters=parameters, responses=responses, tags=[cls.tag])
        cls.get = schema(cls.get)  # type: ignore[attr-defined]

    def params(self, request: Request) -> dict[str, Any]:
        """The filters of the query string, checked (400 names a bad one)."""
        assert self.filters is not None
        found = self.filters(data=request.query_params)
        found.is_valid(raise_exception=True)
        return dict(found.validated_data)

    def page(self, rows: Any) -> Response:
        found = self.paginate_queryset(rows)
        return self.get_paginated_response(
            [self.row(r) for r in (found if found is not None else rows)]
        )

    def row(self, item: Any) -> Any:
        return item


# --- the plan --------------------------------------------------------------------------------


class ProgrammeList(ListView):
    """Every programme with its latest edition."""

    item = s.ProgrammeItem
    not_found = False
    tag = "plan"

    def get(self, request: Request) -> Response:
        return self.page(
            Programme.objects.annotate(edition=Max("versions__number")).order_by("code")
        )

    def row(self, item: Any) -> Any:
        return shapes.programme_item(item)


class ProgrammeDetail(GenericAPIView[Any]):
    """The programme's heading: units, budget periods, funding sources and the grand total."""

    @extend_schema(responses={200: s.Programme, 404: s.Error}, tags=["plan"])
    def get(self, request: Request, programme: str) -> Response:
        record = get_programme(programme)
        return Response(shapes.programme(record, current_plan(record)))


class PlanView(GenericAPIView[Any]):
    """The whole plan as published, in the shape of `jasyl roadmap export --format json`."""

    @extend_schema(responses={200: s.Plan, 404: s.Error}, tags=["plan"])
    def get(self, request: Request, programme: str) -> Response:
        return Response(plan_as_dict(current_plan(get_programme(programme))))


class ActivityList(ListView):
    """Activities with their figures, outputs, KPI targets and published status."""

    item = s.Activity
    filters = s.ActivityFilter
    sample = True
    tag = "plan"

    def get(self, request: Request, programme: str) -> Response:
        params = self.params(request)
        record = get_programme(programme)
        plan = current_plan(record)
        progress = progress_of(record, plan, sample=_sample(request))
        wanted = {a.code for a in search(plan, params, progress)}
        return self.page(
            [row for row in shapes.activities(plan, progress.statuses) if row["code"] in wanted]
        )


class ActivityDetail(GenericAPIView[Any]):
    """One activity, its approved reports (latest first) and its indicators."""

    @extend_schema(
        parameters=[SAMPLE], responses={200: s.ActivityDetail, 404: s.Error}, tags=["plan"]
    )
    def get(self, request: Request, programme: str, code: str) -> Response:
        record = get_programme(programme)
        plan = current_plan(record)
        sample = _sample(request)
        progress = progress_of(record, plan, sample=sample)
        row = next(
            (r for r in shapes.activities(plan, progress.statuses) if r["code"] == code), None
        )
        if row is None:
            raise Http404("No such activity")
        return Response(
            {
                **row,
                "reports": [shapes.published(p) for p in progress.history.get(code, [])],
                "indicators": list(
                    Indicator.objects.filter(programme=record, activity__code=code)
                    .order_by("position")
                    .values_list("code", flat=True)
                ),
            }
        )


class FindingList(ListView):
    """The plan audit's findings and the registry rules' on the approved reports (a report that
    claims more than the registry holds, or than the rows it cites), errors first."""

    item = s.Finding
    filters = s.FindingFilter
    tag = "plan"

    def get(self, request: Request, programme: str) -> Response:
        severity = self.params(request).get("severity")
        record = get_programme(programme)
        found = findings(record, current_plan(record))
        return self.page([f.as_dict() for f in found if severity in (None, f.severity)])


class AgencyList(ListView):
    """The executing agencies and the activities they lead or co-execute."""

    item = s.AgencyItem
    tag = "plan"

    def get(self, request: Request, programme: str) -> Response:
        return self.page(shapes.agencies(current_plan(get_programme(programme))))


# --- reporting -------------------------------------------------------------------------------


class PeriodList(ListView):
    """Reporting periods: the official ones (`?data=sample`: the sample ones), latest first."""

    item = s.ReportingPeriodOut
    sample = True
    tag = "reporting"

    def get(self, request: Request, programme: str) -> Response:
        record = get_programme(programme)
        return self.page(
            ReportingPeriod.objects.filter(programme=record, sample=_sample(request)).order_by(
                "-starts_on", "kind"
            )
        )

    def row(self, item: Any) -> Any:
        return shapes.period(item)


# A report's spending and quantities, one query each whatever the number of reports.
CONTENT = (
    Prefetch("spending", queryset=ReportSpending.objects.select_related("source")),
    Prefetch("quantities", queryset=ReportQuantity.objects.select_related("measure")),
)


def _published_reports(record: Programme, sample: bool) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(
            period__programme=record, period__sample=sample, state=ProgressReport.State.APPROVED
        )
        .select_related("activity", "period")
        .prefetch_related(*CONTENT)
        .order_by("-period__ends_on", "-period__kind", "activity__position")
    )


class ReportList(ListView):
    """Approved reports of official periods (`?data=sample`: of sample periods)."""

    item = s.Report
    filters = s.ReportFilter
    sample = True
    tag = "reporting"

    def get(self, request: Request, programme: str) -> Response:
        params = self.params(request)
        sample = _sample(request)
        reports = _published_reports(get_programme(programme), sample)
        if "period" in params:
            match = SLUG.match(params["period"])
            if match is None or bool(match["sample"]) != sample:
                reports = reports.none()
            else:
                reports = reports.filter(
                    period__year=int(match["year"]), period__quarter=int(match["quarter"] or 0)
                )
        if "activity" in params:
            reports = reports.filter(activity__code=params["activity"])
        if "agency" in params:
            reports = reports.filter(activity__agency_links__agency__code=params["agency"])
        return self.page(reports)

    def row(self, item: Any) -> Any:
        return shapes.report(item)


def _activity(record: Programme, code: str) -> Activity:
    """The activity with what the workflow reads: its agencies and planned measures."""
    found = (
        with_agencies(record.activities.filter(code=code))
        .select_related("programme", "section")
        .prefetch_related("outputs__quantities__measure", "kpi_targets__quantities__measure")
        .first()
    )
    if found is None:
        raise Http404("No such activity")
    return found


def _working(activity: Activity, period: ReportingPeriod) -> ProgressReport | None:
    found = (
        ProgressReport.objects.select_related("period__programme", "updated_by")
        .prefetch_related(*CONTENT)
        .filter(activity=activity, period=period)
        .first()
    )
    if found is not None:
        found.activity = activity  # the instance with its agencies read
    return found


def _deny_unreadable(access: Access, activity: Activity) -> None:
    """The same check as the reporting pages before they show or change a report."""
    if not access.can_read_unpublished(workflow.agencies_of(activity)):
        if not access.signed_in:
            raise exceptions.NotAuthenticated()
        raise PermissionDenied(_("You may not read the reports of this activity."))


def _working_shape(access: Access, report: ProgressReport) -> dict[str, Any]:
    return {
        **shapes.report(report),
        "transitions": [t.name for t in workflow.transitions_for(access, report)],
    }


def _readable_report(
    request: Request, programme: str, period: str, activity: str, *, writing: bool = False
) -> tuple[Access, ProgressReport]:
    """The person's access and the report, if they may read it: an approved report of an
    official period is public (unless `writing`), any other needs the right to read the
    activity's unpublished reports; 404 when there is no report yet."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    item = _activity(record, activity)
    report = _working(item, period_by_slug(record, period))
    if report is None:
        _deny_unreadable(access, item)
        raise Http404("No report yet")
    published = report.state == ProgressReport.State.APPROVED and not report.period.sample
    if writing or not published:
        _deny_unreadable(access, item)
    return access, report


class ReportDetail(GenericAPIView[Any]):
    """One activity's report for one period: read it; write it as a draft (agencies)."""

    based_on: int | None = None

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "PUT" else []

    @extend_schema(
        responses={200: s.WorkingReport, 401: s.Error, 403: s.Error, 404: s.Error},
        tags=["reporting"],
        description="An approved report of an official period is public; any other needs the "
        "right to read the activity's unpublished reports.",
    )
    def get(self, request: Request, programme: str, period: str, activity: str) -> Response:
        access, report = _readable_report(request, programme, period, activity)
        return Response(_working_shape(access, report))

    @extend_schema(
        request=s.ReportIn,
        responses={200: s.WorkingReport, **ERRORS, 409: s.Error},
        tags=["reporting"],
        description="Write the report's content as a new revision (it is created on the first "
        "write, with `revision` 0). Send the revision you read: if someone saved since, the "
        "answer is 409 and nothing is written.",
    )
    def put(self, request: Request, programme: str, period: str, activity: str) -> Response:
        record = get_programme(programme)
        access = access_for(request.user, record)
        item = _activity(record, activity)
        found = period_by_slug(record, period)
        _deny_unreadable(access, item)
        body = s.ReportIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        self.based_on = data["revision"]
        workflow.save_report(
            actor=request.user,
            access=access,
            activity=item,
            period=found,
            content=workflow.Content(
                status=data["status"],
                progress=data["progress"],
                narrative=data["narrative"],
                spending={x["source"]: (x["committed"], x["spent"]) for x in data["spending"]},
                outputs=dict(data["outputs"]),
                kpis=dict(data["kpis"]),
            ),
            based_on=data["revision"],
        )
        report = _working(item, found)
        assert report is not None
        return Response(_working_shape(access, report))


class ReportTransition(GenericAPIView[Any]):
    """Move a report along the workflow: submit, return, approve or reopen."""

    permission_classes = [IsAuthenticated]
    based_on: int | None = None

    @extend_schema(
        request=s.TransitionIn,
        responses={200: s.WorkingReport, **ERRORS, 409: s.Error},
        tags=["reporting"],
        description="`submit`: the lead agency's head; `approve`, `return`: the programme "
        "office; `reopen`: the administrator. `return` and `reopen` need a comment.",
    )
    def post(self, request: Request, programme: str, period: str, activity: str) -> Response:
        record = get_programme(programme)
        access = access_for(request.user, record)
        item = _activity(record, activity)
        found = period_by_slug(record, period)
        _deny_unreadable(access, item)
        report = _working(item, found)
        if report is None:
            raise Http404("No report yet")
        body = s.TransitionIn(data=request.data)
        body.is_valid(raise_exception=True)
        self.based_on = body.validated_data["revision"]
        workflow.transition(
            actor=request.user,
            access=access,
            report=report,
            name=body.validated_data["action"],
            comment=body.validated_data["comment"],
            based_on=body.validated_data["revision"],
        )
        done = _working(item, found)
        assert done is not None
        return Response(_working_shape(access, done))


def _citations(report: ProgressReport) -> dict[str, Any]:
    return {
        "revision": report.revision,
        "citations": [
            {
                "kind": c.kind,
                "code": c.code,
                "name": c.entry.name if c.entry is not None else None,
                "added_by": c.added_by.get_full_name() or c.added_by.username,
                "added_at": c.added_at.isoformat(),
            }
            for c in citations_of(report)
        ],
    }


class ReportCitations(GenericAPIView[Any]):
    """The registry rows a report cites as its evidence (`docs/reporting.md`, "Registry rows
    cited")."""

    based_on: int | None = None

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "PUT" else []

    @extend_schema(
        responses={200: s.Citations, 401: s.Error, 403: s.Error, 404: s.Error},
        tags=["reporting"],
        description="Readable as the report is: an approved report of an official period is "
        "public; any other needs the right to read the activity's unpublished reports.",
    )
    def get(self, request: Request, programme: str, period: str, activity: str) -> Response:
        _access, report = _readable_report(request, programme, period, activity)
        return Response(_citations(report))

    @extend_schema(
        request=s.CitationsIn,
        responses={200: s.Citations, **ERRORS, 409: s.Error},
        tags=["reporting"],
        description="Make `codes` the rows of the registry `kind` that the report cites: rows "
        "of the report's activity, never sample rows for an official report, while the report "
        "may be edited (draft or returned). A new revision of the report: send the revision "
        "you read; if someone saved since, the answer is 409 and nothing is written. A refused "
        "code is named in `errors`.",
    )
    def put(self, request: Request, programme: str, period: str, activity: str) -> Response:
        access, report = _readable_report(request, programme, period, activity, writing=True)
        body = s.CitationsIn(data=request.data)
        body.is_valid(raise_exception=True)
        self.based_on = body.validated_data["revision"]
        done = cite(
            actor=request.user,
            access=access,
            report=report,
            kind=body.validated_data["kind"],
            codes=body.validated_data["codes"],
            based_on=body.validated_data["revision"],
        )
        return Response(_citations(done))


# --- indicators ------------------------------------------------------------------------------


class IndicatorList(ListView):
    """Every indicator with its targets, latest value, status and projections."""

    item = s.Indicator
    sample = True
    tag = "indicators"

    def get(self, request: Request, programme: str) -> Response:
        return self.page(assessed(get_programme(programme), sample=_sample(request)))

    def row(self, item: Any) -> Any:
        return shapes.indicator(item)


class IndicatorDetail(GenericAPIView[Any]):
    @extend_schema(
        parameters=[SAMPLE], responses={200: s.Indicator, 404: s.Error}, tags=["indicators"]
    )
    def get(self, request: Request, programme: str, code: str) -> Response:
        items = assessed(get_programme(programme), sample=_sample(request))
        found = next((i for i in items if i.indicator.code == code), None)
        if found is None:
            raise Http404("No such indicator")
        return Response(shapes.indicator(found))


class ObservationList(ListView):
    """An indicator's values: observations and the KPI values of approved reports."""

    item = s.Observed
    filters = s.ObservationFilter
    sample = True
    tag = "indicators"

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "POST" else []

    def get(self, request: Request, programme: str, code: str) -> Response:
        params = self.params(request)
        series = next(
            (
                x
                for x in registry(get_programme(programme), sample=_sample(request))
                if x.indicator.code == code
            ),
            None,
        )
        if series is None:
            raise Http404("No such indicator")
        values = sorted(series.city + series.districts, key=lambda v: (v.on, v.district or ""))
        values = [
            v
            for v in values
            if params.get("date_from", v.on) <= v.on <= params.get("date_to", v.on)
            and params.get("district", v.district) == v.district
        ]
        return self.page(values)

    def row(self, item: Any) -> Any:
        return shapes.value(item)

    @extend_schema(
        request=s.ObservationsIn,
        responses={201: s.ObservationsOut, **ERRORS},
        tags=["indicators"],
        description="Record values, all or none. The programme office and the editors and "
        "heads of the activity's executing agencies may.",
    )
    def post(self, request: Request, programme: str, code: str) -> Response:
        record = get_programme(programme)
        access = access_for(request.user, record)
        if not Indicator.objects.filter(programme=record, code=code).exists():
            raise Http404("No such indicator")
        body = s.ObservationsIn(data=request.data)
        body.is_valid(raise_exception=True)
        rows = body.validated_data["observations"]
        saved = record_observations(
            actor=request.user,
            access=access,
            programme=record,
            readings=[
                Reading(
                    indicator=code,
                    observed_on=row["observed_on"].isoformat(),
                    value=str(row["value"]),
                    source=row["source"],
                    district=row["district"],
                    evidence_url=row["evidence_url"],
                )
                for row in rows
            ],
            where=[f"observations[{i}]" for i in range(len(rows))],
        )
        return Response({"recorded": len(saved)}, status=201)


# --- budget execution ------------------------------------------------------------------------


class ExecutionView(GenericAPIView[Any]):
    """Budget execution and earned value per lowest-level activity and for the programme."""

    @extend_schema(
        parameters=[SAMPLE], responses={200: s.Execution, 404: s.Error}, tags=["reporting"]
    )
    def get(self, request: Request, programme: str) -> Response:
        record = get_programme(programme)
        return Response(shapes.execution(execution_for(record, sample=_sample(request))))
