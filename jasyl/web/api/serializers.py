"""Serializers: the documented shapes of the responses (for the OpenAPI schema) and the
validation of request bodies and filters. They hold no business rules: those are in the
services the views call."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jasyl.domain.indicators.projections import Status as IndicatorStatus
from jasyl.domain.planaudit.rules import SEVERITIES
from jasyl.domain.registries.citations import CODE_LENGTH, MAX_CODES
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod
from jasyl.domain.reporting.progress import STATUS_ORDER
from jasyl.domain.reporting.workflow import TRANSITIONS

TRANSITION_NAMES = list(TRANSITIONS)
REPORT_STATUSES = list(ProgressReport.Status.values)
REPORT_STATES = list(ProgressReport.State.values)
PERIOD_STATES = list(ReportingPeriod.State.values)
PERIOD_KINDS = list(ReportingPeriod.Kind.values)


def Number(**kwargs: Any) -> serializers.FloatField:
    """A figure as a JSON number; null where nothing is stated."""
    return serializers.FloatField(allow_null=True, **kwargs)


def ByCode(**kwargs: Any) -> serializers.DictField:
    """Figures keyed by a period, source or measure code."""
    return serializers.DictField(child=Number(), **kwargs)


# --- errors ----------------------------------------------------------------------------------


class FieldError(serializers.Serializer[Any]):
    field = serializers.CharField(
        allow_null=True, help_text="The field (a path such as `spending[0].source`), or null."
    )
    message = serializers.CharField()


class Error(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    errors = FieldError(many=True)  # type: ignore[assignment]  # a field, not the attribute


# --- the plan --------------------------------------------------------------------------------


class Text(serializers.Serializer[Any]):
    kk = serializers.CharField(help_text="As published (Kazakh).")
    ru = serializers.CharField(allow_blank=True, help_text="Unofficial translation.")
    en = serializers.CharField(allow_blank=True, help_text="Unofficial translation.")


class Notes(serializers.Serializer[Any]):
    kk = serializers.CharField(allow_blank=True)
    ru = serializers.CharField(allow_blank=True)
    en = serializers.CharField(allow_blank=True)


class Translations(serializers.Serializer[Any]):
    ru = serializers.CharField(allow_blank=True)
    en = serializers.CharField(allow_blank=True)


class Figures(serializers.Serializer[Any]):
    funding = ByCode(help_text="By budget period code.")
    total = Number()
    sources = ByCode(help_text="By funding source code.")


class FundingSource(serializers.Serializer[Any]):
    code = serializers.CharField()
    abbreviation = Text()
    name = Text()


class BudgetPeriod(serializers.Serializer[Any]):
    code = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ProgrammeItem(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = Text()
    currency = serializers.CharField()
    amount_unit = serializers.CharField()
    amount_scale = serializers.IntegerField()
    edition = serializers.IntegerField(help_text="The number of the latest loaded version.")


class Programme(ProgrammeItem):
    source_document = Text()
    approval_act = serializers.CharField(allow_null=True)
    parent_programme = Text()
    target_years = serializers.ListField(child=serializers.IntegerField())
    funding_sources = FundingSource(many=True)
    footnote = Text()
    periods = BudgetPeriod(many=True)
    grand_total = Figures()


class Quantity(serializers.Serializer[Any]):
    measure = serializers.CharField()
    value = Number()
    unit = serializers.CharField()
    basis = serializers.CharField(required=False)
    year = serializers.IntegerField(required=False, allow_null=True)


class Quantities(serializers.Serializer[Any]):
    outputs = serializers.DictField(child=Quantity(many=True), help_text="By budget period.")
    kpi = serializers.DictField(child=Quantity(many=True), help_text="By target year.")
    baselines = Quantity(many=True)


class ActivityTranslations(serializers.Serializer[Any]):
    outputs = serializers.DictField(child=Translations())
    kpi = serializers.DictField(child=Translations())
    description = Translations()


class PlanActivity(serializers.Serializer[Any]):
    code = serializers.CharField()
    parent = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    section = serializers.CharField()
    name = Text()
    agencies = serializers.ListField(child=serializers.CharField(), help_text="Lead first.")
    responsible = serializers.CharField(allow_blank=True)
    period = serializers.CharField(allow_blank=True)
    implementation = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField())
    )
    outputs = serializers.DictField(
        child=serializers.CharField(allow_null=True), help_text="Published text by period."
    )
    funding = ByCode()
    total = Number()
    sources = ByCode()
    kpi = serializers.DictField(
        child=serializers.CharField(allow_null=True), help_text="Published text by target year."
    )
    description = serializers.CharField(allow_blank=True)
    quantities = Quantities()
    translations = ActivityTranslations()
    references = Text(many=True)
    funded_elsewhere = serializers.BooleanField()
    notes = Notes(
        help_text="How the document's cells were read, in each language (empty: none needed)."
    )


class Activity(PlanActivity):
    status = serializers.ChoiceField(
        choices=STATUS_ORDER, help_text="From the latest approved report, or its sub-items'."
    )


class PublishedReport(serializers.Serializer[Any]):
    period = serializers.CharField()
    period_label = serializers.CharField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=REPORT_STATUSES)
    progress = Number()
    narrative = serializers.CharField(allow_blank=True)


class ActivityDetail(Activity):
    reports = PublishedReport(many=True, help_text="Approved reports, latest first.")
    indicators = serializers.ListField(child=serializers.CharField())


class Section(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = Text()
    activities = serializers.ListField(child=serializers.CharField())
    funding = ByCode()
    total = Number()
    sources = ByCode()


class Agency(serializers.Serializer[Any]):
    code = serializers.CharField()
    kind = serializers.CharField()
    name = Text()
    verified = serializers.BooleanField()


class Measure(serializers.Serializer[Any]):
    code = serializers.CharField()
    unit = serializers.CharField()
    name = Text()


class PlanHeading(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = Text()
    source_document = Text()
    approval_act = serializers.CharField(allow_null=True)
    parent_programme = Text()
    currency = serializers.CharField()
    amount_unit = serializers.CharField()
    amount_scale = serializers.IntegerField()
    target_years = serializers.ListField(child=serializers.IntegerField())
    funding_sources = FundingSource(many=True)
    footnote = Text()


class Plan(serializers.Serializer[Any]):
    plan = PlanHeading()
    periods = serializers.ListField(child=serializers.CharField())
    sections = Section(many=True)
    grand_total = Figures()
    agencies = Agency(many=True)
    measures = Measure(many=True)
    activities = PlanActivity(many=True)


class AgencyItem(Agency):
    lead = serializers.ListField(child=serializers.CharField())
    co_executor = serializers.ListField(child=serializers.CharField())


class Finding(serializers.Serializer[Any]):
    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=SEVERITIES)
    activities = serializers.ListField(child=serializers.CharField())
    period = serializers.CharField(allow_null=True)
    published = Number()
    computed = Number()
    message = Text()
    section = serializers.CharField(allow_null=True)
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    target_year = serializers.IntegerField(allow_null=True)


# --- reporting -------------------------------------------------------------------------------


class ReportingPeriodOut(serializers.Serializer[Any]):
    slug = serializers.CharField(help_text="`2025`, `2025-q1`; sample periods `sample-2025`.")
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=PERIOD_KINDS)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    due_on = serializers.DateField()
    state = serializers.ChoiceField(choices=PERIOD_STATES)
    sample = serializers.BooleanField()


class Spending(serializers.Serializer[Any]):
    committed = Number()
    spent = Number()


class Report(serializers.Serializer[Any]):
    activity = serializers.CharField()
    period = serializers.CharField()
    period_label = serializers.CharField()
    ends_on = serializers.DateField()
    state = serializers.ChoiceField(choices=REPORT_STATES)
    status = serializers.ChoiceField(choices=REPORT_STATUSES)
    progress = Number()
    narrative = serializers.CharField(allow_blank=True)
    spending = serializers.DictField(child=Spending(), help_text="By funding source code.")
    outputs = ByCode(help_text="Outputs achieved in the period, by measure code.")
    kpis = ByCode(help_text="KPI values at the end of the period, by measure code.")
    revision = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class WorkingReport(Report):
    transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=TRANSITION_NAMES),
        help_text="What the requester may do with the report now.",
    )


class SpendingIn(serializers.Serializer[Any]):
    source = serializers.CharField(max_length=100)  # type: ignore[assignment]
    committed = serializers.DecimalField(
        max_digits=18, decimal_places=3, allow_null=True, required=False, default=None
    )
    spent = serializers.DecimalField(
        max_digits=18, decimal_places=3, allow_null=True, required=False, default=None
    )


def _measures() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4),
        required=False,
        default=dict,
        help_text="By measure code of the activity's plan.",
    )


class ReportIn(serializers.Serializer[Any]):
    revision = serializers.IntegerField(
        min_value=0, help_text="The revision you read (0 for a report not yet written)."
    )
    status = serializers.ChoiceField(choices=REPORT_STATUSES)
    progress = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, required=False, default=None
    )
    narrative = serializers.CharField(allow_blank=True, required=False, default="")
    spending = SpendingIn(many=True, required=False, default=list)
    outputs = _measures()
    kpis = _measures()


class TransitionIn(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=TRANSITION_NAMES)
    comment = serializers.CharField(allow_blank=True, required=False, default="")
    revision = serializers.IntegerField(min_value=0, help_text="The revision you read.")


class Citation(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="The registry, by its import kind: `container-sites`.")
    code = serializers.CharField(help_text="The row's code, as it was when cited.")
    name = serializers.CharField(
        allow_null=True, help_text="The row's name; null: the row is no longer in the registry."
    )
    added_by = serializers.CharField()
    added_at = serializers.DateTimeField()


class Citations(serializers.Serializer[Any]):
    revision = serializers.IntegerField(help_text="The report's revision.")
    citations = Citation(many=True)


class CitationsIn(serializers.Serializer[Any]):
    revision = serializers.IntegerField(min_value=0, help_text="The revision you read.")
    kind = serializers.CharField(
        max_length=50, help_text="The registry, by its import kind: `container-sites`."
    )
    codes = serializers.ListField(
        child=serializers.CharField(max_length=CODE_LENGTH),
        max_length=MAX_CODES,
        allow_empty=True,
        help_text="Every row of that registry the report cites (an empty list: none).",
    )


class ReportFilter(serializers.Serializer[Any]):
    period = serializers.CharField(required=False, max_length=30)
    activity = serializers.CharField(required=False, max_length=50)
    agency = serializers.CharField(required=False, max_length=100)


class ActivityFilter(serializers.Serializer[Any]):
    section = serializers.CharField(required=False, max_length=100)
    agency = serializers.CharField(required=False, max_length=100)
    status = serializers.ChoiceField(required=False, choices=STATUS_ORDER)


class FindingFilter(serializers.Serializer[Any]):
    severity = serializers.ChoiceField(required=False, choices=SEVERITIES)


# --- indicators ------------------------------------------------------------------------------


class Baseline(serializers.Serializer[Any]):
    value = Number()
    year = serializers.IntegerField(allow_null=True)


class Observed(serializers.Serializer[Any]):
    on = serializers.DateField()
    value = Number()
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    district = serializers.CharField(allow_null=True, help_text="District akimat's code.")
    report_period = serializers.CharField(
        allow_null=True, help_text="The approved report it comes from, if it does."
    )


class ProjectionOut(serializers.Serializer[Any]):
    method = serializers.CharField()
    year = serializers.IntegerField()
    value = Number()


STATUSES = [str(s) for s in IndicatorStatus]


class Target(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    value = Number()
    published_value = Number()
    basis = serializers.CharField(allow_null=True)
    amended = serializers.BooleanField()
    status = serializers.ChoiceField(choices=STATUSES)
    required_per_year = Number()
    linear_projection = ProjectionOut(allow_null=True)
    compound_projection = ProjectionOut(allow_null=True)


class Indicator(serializers.Serializer[Any]):
    code = serializers.CharField()
    activity = serializers.CharField()
    section = serializers.CharField()
    measure = serializers.CharField()
    name = Text()
    unit = serializers.CharField()
    kind = serializers.CharField()
    direction = serializers.CharField()
    agency = serializers.CharField(allow_null=True)
    baseline = Baseline(allow_null=True)
    latest = Observed(allow_null=True)
    status = serializers.ChoiceField(choices=STATUSES)
    wrong_direction = serializers.BooleanField()
    as_of = serializers.DateField()
    targets = Target(many=True)


class ObservationFilter(serializers.Serializer[Any]):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    district = serializers.CharField(required=False, max_length=100)


class ObservationIn(serializers.Serializer[Any]):
    observed_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    source = serializers.CharField(max_length=500)  # type: ignore[assignment]
    district = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="District akimat's code."
    )
    evidence_url = serializers.URLField(required=False, default="", allow_blank=True)


class ObservationsIn(serializers.Serializer[Any]):
    observations = ObservationIn(many=True, allow_empty=False)


class ObservationsOut(serializers.Serializer[Any]):
    recorded = serializers.IntegerField()


# --- budget execution ------------------------------------------------------------------------


class MoneyOut(serializers.Serializer[Any]):
    planned = Number()
    committed = Number()
    spent = Number()
    rate = Number(help_text="Spent / planned (1 = 100 %).")


class EarnedValueOut(serializers.Serializer[Any]):
    bac = Number()
    pv = Number()
    ev = Number()
    ac = Number()
    sv = Number()
    cv = Number()
    spi = Number()
    cpi = Number()
    eac = Number()
    vac = Number()
    items = serializers.IntegerField(help_text="Lowest-level items summed.")
    reported_items = serializers.IntegerField(help_text="Those of them that reported progress.")
    coverage = Number(
        help_text="Share of the budget at completion held by the items that reported progress."
    )
    withheld = serializers.BooleanField(
        help_text="True when the coverage is below `min_coverage`: the variances, indices and "
        "estimates are then null."
    )


class BreakdownOut(serializers.Serializer[Any]):
    by_period = serializers.DictField(child=MoneyOut())
    by_source = serializers.DictField(child=MoneyOut())
    total = MoneyOut()


class ExecutionRow(BreakdownOut):
    code = serializers.CharField()
    section = serializers.CharField()
    name = Text()
    lead = serializers.CharField(allow_null=True)
    progress = Number()
    progress_on = serializers.DateField(allow_null=True)
    earned_value = EarnedValueOut()


class Execution(serializers.Serializer[Any]):
    as_of = serializers.DateField(help_text="Never after today.")
    sample = serializers.BooleanField()
    min_coverage = Number(
        help_text="The coverage below which a rollup's ratios are withheld (docs/earned-value.md)."
    )
    programme = BreakdownOut()
    earned_value = EarnedValueOut()
    activities = ExecutionRow(many=True)
