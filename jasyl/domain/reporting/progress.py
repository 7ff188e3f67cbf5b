"""What approved official reports add to the public portal: each activity's status and its
progress history. Sample periods never count here.

An item with sub-items takes the status of its sub-items: "unreported" when none has an approved
report; delayed when any is delayed; cancelled when all are cancelled; completed when all that
are not cancelled are completed (both only once every sub-item has reported); on track when any
is on track or completed; not started otherwise. A lowest-level item without an approved report
is "unreported".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from jasyl.domain.reporting.execution import (
    Breakdown,
    EarnedValue,
    ProgrammeExecution,
    execution_for,
)
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.reporting.selectors import Published, has_sample_data, published_progress
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.summaries import leaves

UNREPORTED = "unreported"
STATUS_LABELS = {**dict(ProgressReport.Status.choices), UNREPORTED: _("No approved report yet")}
# The order statuses are listed in, on the dashboard and in the search filter.
STATUS_ORDER = [*ProgressReport.Status.values, UNREPORTED]


def rolled_up(children: list[str]) -> str:
    """The status of an item from the statuses of its sub-items (see the module docstring)."""
    reported = [s for s in children if s != UNREPORTED]
    if not reported:
        return UNREPORTED
    if "delayed" in reported:
        return "delayed"
    everyone = len(reported) == len(children)
    active = [s for s in reported if s != "cancelled"]
    if not active:
        return "cancelled" if everyone else UNREPORTED
    if everyone and all(s == "completed" for s in active):
        return "completed"
    if any(s in ("on_track", "completed") for s in active):
        return "on_track"
    return "not_started"


@dataclass(frozen=True)
class Progress:
    statuses: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[Published]] = field(default_factory=dict)
    execution: ProgrammeExecution | None = None
    # True when these are the sample data of `jasyl sample-progress`, never official figures.
    sample: bool = False
    # Whether sample data exist at all (the page then offers to show them).
    has_sample: bool = False

    def context(self, kind: str, code: str) -> dict[str, object]:
        """Template context for a section's or an agency's page (`kind`: "sections" or
        "agencies"): this progress, its budget execution and its earned value."""
        execution = self.execution
        return {
            "progress": self,
            "money": getattr(execution, kind).get(code) if execution else None,
            "earned": getattr(execution.earned_value, kind).get(code) if execution else None,
        }

    def activity_money(self, plan: Plan, code: str) -> tuple[Breakdown, EarnedValue] | None:
        """Budget execution and earned value of an item: its own, or its sub-items' sum."""
        if self.execution is None:
            return None
        rows = [
            r
            for r in self.execution.activities
            if r.activity.code == code or r.activity.code.startswith(f"{code}.")
        ]
        if not rows:
            return None
        earned = self.execution.earned_value.activities
        return (
            sum((r.money for r in rows), Breakdown()),
            sum((earned[r.activity.code] for r in rows), EarnedValue()),
        )

    def counts(self, plan: Plan) -> list[tuple[str, str, int]]:
        """(status, label, number of lowest-level items) in `STATUS_ORDER`, zeros included."""
        counted = Counter(self.statuses.get(a.code, UNREPORTED) for a in leaves(plan))
        return [(s, str(STATUS_LABELS[s]), counted[s]) for s in STATUS_ORDER]


def statuses(plan: Plan, history: dict[str, list[Published]]) -> dict[str, str]:
    """Every activity's status: its latest approved report, or rolled up from its sub-items."""
    found: dict[str, str] = {}

    def status(code: str) -> str:
        if code not in found:
            children = plan.children(code)
            if children:
                found[code] = rolled_up([status(c.code) for c in children])
            else:
                found[code] = history[code][0].status if code in history else UNREPORTED
        return found[code]

    for a in plan.activities:
        status(a.code)
    return found


def progress_of(programme: Programme, plan: Plan, *, sample: bool = False) -> Progress:
    """The published progress of a programme: statuses, history, budget execution and earned
    value (four queries); with `sample`, the same from the sample data only."""
    history = published_progress(programme, sample)
    return Progress(
        statuses=statuses(plan, history),
        history=history,
        execution=execution_for(programme, sample=sample),
        sample=sample,
        has_sample=sample or has_sample_data(programme),
    )
