"""The registry rows an agency's progress report cites as the evidence of its outputs (issue 17,
"Outputs against the registry"): "these 12 container sites are the ones we built".

The rules (`docs/reporting.md`, "Registry rows cited"):

- a registry is named by its import kind (`container-sites`, `ev-chargers`): the kinds of the
  one import pipeline whose rows are a registry's (`RegistryEntry`);
- a row is named by its code; a code no row has is refused, naming it;
- only rows of the report's own activity: a row is evidence of what an activity delivered when
  the registry says that activity delivered it. A row of another activity, or of none, is
  refused (the programme office sets a row's activity), so the rows cited and the registry's
  count of the activity's outputs speak of the same objects;
- an official report never cites sample rows; a report of a sample period may cite any row;
- citing is a change of the report under its own rules (`reporting.workflow.amend_report`):
  only while the report may be edited (draft or returned, its period open; frozen once
  submitted and approved), only from the revision the person saw (a stale list is refused and
  nothing is written), a new revision whose snapshot holds the codes cited, and an audit entry
  naming the codes added and removed;
- at most `MAX_CODES` codes per registry and report.

What the approved reports cite is counted beside what they claim (`claims.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import kinds
from jasyl.domain.people.access import Access
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.imports import chunks
from jasyl.domain.registries.models import Citation, RegistryEntry
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import AuditEntry, ProgressReport
from jasyl.domain.roadmap.models import Programme

MAX_CODES = 1000
CODE_LENGTH = RegistryEntry._meta.get_field("code").max_length or 100


class CitationError(RegistryError):
    """Codes refused, one message for each (each names its code)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems), "codes")
        self.problems = problems


def citable_kinds() -> dict[str, type[RegistryEntry]]:
    """The registries a report may cite, by import kind."""
    found: dict[str, type[RegistryEntry]] = {}
    for name, kind in kinds().items():
        model = getattr(kind, "model", None)
        if isinstance(model, type) and issubclass(model, RegistryEntry):
            found[name] = model
    return found


def registry_model(kind: str) -> type[RegistryEntry]:
    """The model of a registry named by its import kind; a `RegistryError` for another name."""
    known = citable_kinds()
    if kind not in known:
        raise RegistryError(
            _("“%(kind)s” is not a registry (the registries: %(kinds)s).")
            % {"kind": kind[:60], "kinds": ", ".join(known)},
            "kind",
        )
    return known[kind]


def parse_codes(text: str) -> list[str]:
    """Codes typed one per line (commas and spaces separate them too), in order, each once."""
    return list(dict.fromkeys(text.replace(",", " ").split()))


def _rows(report: ProgressReport, model: type[RegistryEntry], codes: list[str]) -> list[Any]:
    """The rows the codes name, in the codes' order; a `CitationError` naming every code
    refused."""
    if len(codes) > MAX_CODES:
        raise CitationError(
            [
                _("At most %(limit)s codes per registry; %(count)s were given.")
                % {"limit": MAX_CODES, "count": len(codes)}
            ]
        )
    problems = [
        _("“%(code)s…” is longer than a code can be (%(limit)s characters).")
        % {"code": code[:20], "limit": CODE_LENGTH}
        for code in codes
        if len(code) > CODE_LENGTH
    ]
    if problems:
        raise CitationError(problems)
    found: dict[str, Any] = {}
    for chunk in chunks(codes):
        named = model._default_manager.filter(code__in=chunk).select_related("activity")
        found.update({row.code: row for row in named})
    activity = report.activity
    official = not report.period.sample
    rows: list[Any] = []
    for code in codes:
        row = found.get(code)
        if row is None:
            problems.append(
                _("“%(code)s” is not a row of the registry %(kind)s.")
                % {"code": code, "kind": model._meta.verbose_name_plural}
            )
        elif official and row.is_sample:
            problems.append(
                _("“%(code)s” is sample data: an official report cannot cite it.") % {"code": code}
            )
        elif row.activity_id is None:
            problems.append(
                _(
                    "“%(code)s” names no roadmap activity: a report cites only the rows of its "
                    "own activity (the programme office sets a row's activity)."
                )
                % {"code": code}
            )
        elif row.activity_id != activity.pk:
            problems.append(
                _(
                    "“%(code)s” is a row of activity %(other)s, not %(activity)s: a report cites "
                    "only the rows of its own activity."
                )
                % {"code": code, "other": row.activity.code, "activity": activity.code}
            )
        else:
            rows.append(row)
    if problems:
        raise CitationError(problems)
    return rows


def cite(
    *,
    actor: Any,
    access: Access,
    report: ProgressReport,
    kind: str,
    codes: Iterable[str],
    based_on: int,
) -> ProgressReport:
    """Make `codes` the rows of the registry `kind` that the report cites (an empty list: none);
    the report's new state."""
    model = registry_model(kind)
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    rows = _rows(report, model, wanted)
    content_type = ContentType.objects.get_for_model(model)

    def change(locked: ProgressReport) -> str:
        cited = {c.object_id: c for c in Citation.objects.filter(report=locked, kind=kind)}
        keep = {row.pk for row in rows}
        gone = sorted((c for pk, c in cited.items() if pk not in keep), key=lambda c: c.code)
        added = [row for row in rows if row.pk not in cited]
        Citation.objects.filter(pk__in=[c.pk for c in gone]).delete()
        Citation.objects.bulk_create(
            Citation(
                report=locked,
                kind=kind,
                content_type=content_type,
                object_id=row.pk,
                code=row.code,
                added_by=actor,
            )
            for row in added
        )
        # The audit entry: "container-sites: +CS-1, -CS-7" ("=" when nothing changed).
        parts = [f"+{row.code}" for row in added] + [f"-{c.code}" for c in gone]
        return f"{kind}: {', '.join(parts) or '='}"

    return workflow.amend_report(
        actor=actor,
        access=access,
        report=report,
        based_on=based_on,
        action=AuditEntry.Action.CITED,
        change=change,
    )


# ------------------------------------------------------------------------------ reads


def citations_of(report: ProgressReport) -> list[Citation]:
    """The rows the report cites, by registry and code, each with its row (`entry` is None
    for a row deleted since)."""
    return list(
        Citation.objects.filter(report=report)
        .select_related("added_by")
        .prefetch_related("entry")
        .order_by("kind", "code")
    )


def cited_codes(report: ProgressReport) -> dict[str, list[str]]:
    """{registry: [codes]}: what a revision of the report keeps of its citations."""
    found: dict[str, list[str]] = {}
    rows = Citation.objects.filter(report=report).order_by("kind", "code")
    for kind, code in rows.values_list("kind", "code"):
        found.setdefault(kind, []).append(code)
    return found


def cited_rows(
    kind: str,
    *,
    programme: Programme,
    activity: str,
    years: Iterable[int] | None = None,
    reports: Iterable[int] | None = None,
    sample: bool = False,
) -> QuerySet[Any]:
    """The rows of registry `kind` that the approved reports of the activity cite (of periods
    in `years`, or the reports `reports`), each once; rows deleted since are not among them,
    nor sample rows unless `sample`."""
    citations = Citation.objects.filter(
        kind=kind,
        report__state=ProgressReport.State.APPROVED,
        report__activity__code=activity,
        report__activity__programme=programme,
        report__period__sample=sample,
    )
    if years is not None:
        citations = citations.filter(report__period__year__in=list(years))
    if reports is not None:
        citations = citations.filter(report_id__in=list(reports))
    rows = citable_kinds()[kind]._default_manager.filter(pk__in=citations.values("object_id"))
    return rows if sample else rows.filter(is_sample=False)


def citable_codes(report: ProgressReport, limit: int) -> dict[str, tuple[list[str], int]]:
    """{registry: (the first `limit` codes, how many)} of the rows the report may cite, for each
    registry holding any (one query per registry)."""
    found: dict[str, tuple[list[str], int]] = {}
    for kind, model in citable_kinds().items():
        rows = model._default_manager.filter(activity_id=report.activity_id)
        if not report.period.sample:
            rows = rows.filter(is_sample=False)
        codes = list(rows.order_by("code").values_list("code", flat=True)[: limit + 1])
        if codes:
            found[kind] = (codes[:limit], len(codes) if len(codes) <= limit else rows.count())
    return found
