"""The audit findings page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.domain.planaudit.interface import RULE_NAMES
from jasyl.domain.planaudit.rules import SEVERITIES
from jasyl.domain.registries.claims import findings as every_finding
from jasyl.domain.registries.selectors import latest_edit
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.caching import cached_page


@cached_page(params=("severity",), stamp=latest_edit)
def findings(request: HttpRequest, programme: str | None = None) -> HttpResponse:
    """Every finding of the plan audit, errors first, with the figures compared, and the
    approved reports that claim more than the registries hold."""
    record = get_programme(programme)
    plan = current_plan(record)
    found = every_finding(record, plan)
    severity = request.GET.get("severity")
    shown = [f for f in found if f.severity == severity] if severity in SEVERITIES else found
    return render(
        request,
        "planaudit/findings.html",
        {
            "plan": plan,
            "findings": shown,
            "severity": severity if severity in SEVERITIES else None,
            "counts": {s: sum(f.severity == s for f in found) for s in SEVERITIES},
            "total": len(found),
            # Names for people, not the rule's id or the source's code.
            "rule_names": RULE_NAMES,
            "source_names": {s.code: s.name for s in plan.sources},
        },
    )
