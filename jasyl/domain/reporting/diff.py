"""A report's content as labelled lines, and the differences between two revisions.

Both work on revision snapshots (`workflow.snapshot`), so any two saved versions, or a saved
version and someone's unsaved input, compare the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.core.templatetags.jasyl import amount
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.domain import Plan


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _number(value: str | None) -> str:
    return "" if value is None else amount(Decimal(value))


def describe(snapshot: dict[str, Any], plan: Plan) -> list[tuple[str, str]]:
    """The snapshot as (label, value) lines in the active language, in a fixed order."""
    language = current_language()
    statuses = dict(ProgressReport.Status.choices)
    sources = {s.code: s.name.get(language) for s in plan.sources}
    units = {u.code: u.name.get(language) for u in plan.units}
    measures = {
        m.code: f"{m.name.get(language)}, {units.get(m.unit, m.unit)}" for m in plan.measures
    }
    lines: list[tuple[str, str]] = []
    if not snapshot:
        return lines
    lines.append(
        (_("Status"), str(statuses.get(snapshot.get("status", ""), snapshot.get("status", ""))))
    )
    lines.append((_("Physical progress, %"), _number(snapshot.get("progress"))))
    for code, name in sources.items():
        money = snapshot.get("spending", {}).get(code, {})
        lines.append(
            (_("%(source)s: committed") % {"source": name}, _number(money.get("committed")))
        )
        lines.append((_("%(source)s: spent") % {"source": name}, _number(money.get("spent"))))
    for key, title in (("outputs", _("Output achieved")), ("kpis", _("KPI value"))):
        for code, value in sorted(snapshot.get(key, {}).items()):
            lines.append((f"{title}: {measures.get(code, code)}", _number(value)))
    lines.append((_("Narrative"), snapshot.get("narrative", "")))
    lines.append((_("Evidence"), ", ".join(snapshot.get("evidence", []))))
    # The registry rows cited, by registry (its import kind's name), when any are.
    for kind, codes in sorted(snapshot.get("citations", {}).items()):
        lines.append((_("Registry rows cited: %(kind)s") % {"kind": kind}, ", ".join(codes)))
    return lines


def changes(before: dict[str, Any], after: dict[str, Any], plan: Plan) -> list[Change]:
    """The lines whose value differs between two snapshots (a line missing on one side is
    shown empty there)."""
    old = dict(describe(before, plan))
    new = dict(describe(after, plan))
    labels = list(dict.fromkeys([*old, *new]))
    return [
        Change(label, old.get(label, ""), new.get(label, ""))
        for label in labels
        if old.get(label, "") != new.get(label, "")
    ]
