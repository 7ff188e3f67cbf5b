"""The report form, built for one activity: its funding sources, planned output measures and
KPI measures become fields."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jasyl.core.numbers import plain
from jasyl.core.text import number_text
from jasyl.domain.reporting.models import AuditEntry, ProgressReport, ReportingPeriod
from jasyl.domain.reporting.workflow import Content


class FlexibleDecimalField(forms.DecimalField):
    """A number typed as 1 234,5 or 1234.5: spaces (also non-breaking) are dropped and a
    decimal comma is accepted, as people type figures in Kazakh and Russian. Shown in the
    language's own format, in a text box (a number box refuses "1 234,5")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(localize=True, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = number_text(value)
        try:
            number: Decimal | None = super().to_python(value)
            return number
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def amount_field(label: str) -> FlexibleDecimalField:
    return FlexibleDecimalField(
        label=label, required=False, min_value=0, max_digits=18, decimal_places=3
    )


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices)
    progress = FlexibleDecimalField(
        label=_("Physical progress of the whole activity, %"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        sources: list[tuple[str, str]],
        outputs: list[tuple[str, str]],
        kpis: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sources, self.outputs, self.kpis = sources, outputs, kpis
        for code, name in sources:
            self.fields[f"committed-{code}"] = amount_field(
                _("%(source)s: committed") % {"source": name}
            )
            self.fields[f"spent-{code}"] = amount_field(_("%(source)s: spent") % {"source": name})
        # An activity's KPI often counts the same measure as its outputs: the labels say which
        # is the quantity of the period and which the level reached at its end.
        for code, name in outputs:
            self.fields[f"output-{code}"] = amount_field(
                _("Achieved in the period: %(measure)s") % {"measure": name}
            )
        for code, name in kpis:
            self.fields[f"kpi-{code}"] = amount_field(
                _("KPI, value at the end of the period: %(measure)s") % {"measure": name}
            )

    def spending_rows(self) -> list[tuple[str, Any, Any]]:
        return [
            (name, self[f"committed-{code}"], self[f"spent-{code}"]) for code, name in self.sources
        ]

    def output_fields(self) -> list[Any]:
        return [self[f"output-{code}"] for code, _name in self.outputs]

    def kpi_fields(self) -> list[Any]:
        return [self[f"kpi-{code}"] for code, _name in self.kpis]

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(
            status=data["status"],
            progress=data.get("progress"),
            narrative=data.get("narrative") or "",
            spending={
                code: (data.get(f"committed-{code}"), data.get(f"spent-{code}"))
                for code, _name in self.sources
            },
            outputs={
                code: data[f"output-{code}"]
                for code, _name in self.outputs
                if data.get(f"output-{code}") is not None
            },
            kpis={
                code: data[f"kpi-{code}"]
                for code, _name in self.kpis
                if data.get(f"kpi-{code}") is not None
            },
        )


def initial_from(report: ProgressReport | None) -> dict[str, Any]:
    """The form's initial values from the saved report."""
    if report is None:
        return {"status": ProgressReport.Status.NOT_STARTED, "revision": 0}
    initial: dict[str, Any] = {
        "status": report.status,
        "progress": report.progress,
        "narrative": report.narrative,
        "revision": report.revision,
    }
    for s in report.spending.all():
        initial[f"committed-{s.source.code}"] = _shown(s.committed)
        initial[f"spent-{s.source.code}"] = _shown(s.spent)
    for q in report.quantities.all():
        initial[f"{q.kind}-{q.measure.code}"] = _shown(q.value)
    initial["progress"] = _shown(report.progress)
    return initial


def _shown(value: Decimal | None) -> Decimal | None:
    """A stored figure without the trailing zeros of its column (2940.000 -> 2940)."""
    return None if value is None else plain(value)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("What it shows"), required=False, max_length=300)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# Transitions that are hard to undo: the person ticks a box to say they mean it (it works
# without JavaScript; the browser refuses the form unticked, and so does `clean`).
CONFIRMED_TRANSITIONS = frozenset({"approve", "reopen"})


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in CONFIRMED_TRANSITIONS and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm; nothing was changed."))
        return data


class EvidenceRemoveForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm; the file was not removed.")}
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportingPeriod.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(0, "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        required=False,
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("Empty: the configured number of days after the period ends."),
    )


class PeriodStateForm(forms.Form):
    state = forms.ChoiceField(choices=ReportingPeriod.State.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class TrailFilterForm(forms.Form):
    """The audit trail's filters: who, what, when (both days included), which activity, and
    official or sample data. Every field may be left empty."""

    actor = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "—"), *AuditEntry.Action.choices]
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    activity = forms.CharField(label=_("Activity code"), required=False, max_length=40)
    kind = forms.ChoiceField(
        label=_("Data"),
        required=False,
        choices=[
            ("", _("official and sample")),
            ("official", _("official")),
            ("sample", _("sample")),
        ],
    )

    def __init__(self, *args: Any, actors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", "—"), *actors]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("actor") is not None:
            entries = entries.filter(actor_id=data["actor"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        if data.get("activity"):
            entries = entries.filter(report__activity__code=data["activity"].strip())
        if data.get("kind"):
            sample = data["kind"] == "sample"
            entries = entries.filter(Q(report__period__sample=sample) | Q(period__sample=sample))
        return entries
