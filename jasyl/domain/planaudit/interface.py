"""What the interface says about the plan audit: each rule's name for people (the rule's id,
`tree.children_parent`, stays in the JSON and CSV)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RULE_NAMES: dict[str, Promise] = {
    "row.periods_total": _("A row's periods and its total"),
    "row.sources_total": _("A row's funding sources and its total"),
    "tree.children_parent": _("Sub-items and their item"),
    "section.activities_subtotal": _("A section's activities and its subtotal"),
    "plan.sections_grand_total": _("The sections and the grand total"),
    "period.outside_implementation": _("Money planned outside the implementation period"),
    "period.child_outside_parent": _("A sub-item's period outside its item's"),
    "kpi.outputs_target": _("Planned outputs and the KPI target"),
    "kpi.reduction_baseline": _("A reduction larger than the baseline"),
    "description.figures": _("Figures in the description and the table"),
    "registry.report_exceeds": _("A report claiming more than the registry holds"),
    "registry.report_cites_fewer": _("A report claiming more than the registry rows it cites"),
}
