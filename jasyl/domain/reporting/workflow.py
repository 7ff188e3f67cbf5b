"""Every write of the reporting workflow: saving a report, its evidence, its transitions and the
reporting periods' states. Each service checks the permission rules (`people/access.py`) and
the allowed source states, runs in one transaction and writes an `AuditEntry`.

    draft --submit--> submitted --approve--> approved (locked)
      ^                   |                      |
      |                return (comment)     reopen (administrator, reason)
      |                   v                      |
      +----- edit ---- returned <----------------+

A report is edited only in draft or returned, and only while its period is open. Every save
names the revision it was based on; a save based on an older revision is refused (`StaleEdit`)
and nothing is written, so the first save is kept and the second person still has their input.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jasyl.core.uploads import XLSX_CONTENT_TYPE, megabytes
from jasyl.domain.people.access import Access
from jasyl.domain.reporting.models import (
    AuditEntry,
    Evidence,
    ProgressReport,
    ReportingPeriod,
    ReportQuantity,
    ReportRevision,
    ReportSpending,
)
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.revisions import published_data_changed
from jasyl.domain.roadmap.selectors import year_span

State = ProgressReport.State
Action = AuditEntry.Action


class WorkflowError(Exception):
    """A refused write, with a message for the person who tried it."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class StaleEdit(WorkflowError):
    """The report changed since the person loaded it. `typed`: the refused request carried the
    person's own input (a save), not just a button (a transition, an evidence change)."""

    def __init__(self, report: ProgressReport, *, typed: bool = True) -> None:
        author = report.updated_by
        who = (author.get_full_name() or author.username) if author else "?"
        if typed:
            message = _(
                "Someone else saved this report after you opened it (%(who)s, revision "
                "%(revision)s). Nothing of yours was saved: your input is still in the form; "
                "compare it with the saved version below and save again."
            )
        else:
            message = _(
                "Someone else saved this report after you opened it (%(who)s, revision "
                "%(revision)s), so nothing was done. Read the current version below and try "
                "again."
            )
        super().__init__(message % {"who": who, "revision": report.revision})
        self.report = report
        self.typed = typed


@dataclass
class Content:
    """What an agency writes into a report."""

    status: str
    progress: Decimal | None = None
    narrative: str = ""
    # funding source code -> (committed, spent)
    spending: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)
    # measure code -> value
    outputs: dict[str, Decimal] = field(default_factory=dict)
    kpis: dict[str, Decimal] = field(default_factory=dict)


def agencies_of(activity: Activity) -> list[str]:
    """The activity's executing agencies' codes, lead first."""
    return [link.agency.code for link in activity.agency_links.all()]


def reportable_measures(activity: Activity) -> tuple[dict[str, Any], dict[str, Any]]:
    """The measures of the activity's planned outputs and of its KPI targets, by code."""
    outputs = {
        q.measure.code: q.measure for o in activity.outputs.all() for q in o.quantities.all()
    }
    kpis = {
        q.measure.code: q.measure for k in activity.kpi_targets.all() for q in k.quantities.all()
    }
    return outputs, kpis


def with_content(report: ProgressReport) -> ProgressReport:
    """The report read afresh with its spending and quantities."""
    return ProgressReport.objects.prefetch_related("spending__source", "quantities__measure").get(
        pk=report.pk
    )


# What the apps above reporting attach to a report and keep in its revisions, by snapshot key:
# the registry rows it cites (`registries.citations`, registered when that app starts).
SnapshotPart = Callable[[ProgressReport], Any]
_SNAPSHOT_PARTS: dict[str, SnapshotPart] = {}


def register_snapshot_part(name: str, part: SnapshotPart) -> None:
    """Keep `part(report)` under `name` in every revision's snapshot from now on."""
    _SNAPSHOT_PARTS[name] = part


def snapshot(report: ProgressReport) -> dict[str, Any]:
    """The report's content as plain JSON: what a revision keeps and a diff compares. Reads
    the spending and quantities as prefetched, if they were."""
    quantities = list(report.quantities.all())
    return {
        "status": report.status,
        "progress": None if report.progress is None else str(report.progress),
        "narrative": report.narrative,
        "spending": {
            s.source.code: {
                "committed": None if s.committed is None else str(s.committed),
                "spent": None if s.spent is None else str(s.spent),
            }
            for s in report.spending.all()
        },
        "outputs": {q.measure.code: str(q.value) for q in quantities if q.kind == "output"},
        "kpis": {q.measure.code: str(q.value) for q in quantities if q.kind == "kpi"},
        "evidence": [e.name for e in report.evidence.filter(removed=False)],
        **{name: part(report) for name, part in _SNAPSHOT_PARTS.items()},
    }


def _validate(activity: Activity, content: Content) -> None:
    if content.status not in ProgressReport.Status.values:
        raise WorkflowError(
            _("Unknown status “%(status)s”.") % {"status": content.status}, "status"
        )
    if content.progress is not None and not Decimal(0) <= content.progress <= Decimal(100):
        raise WorkflowError(_("Physical progress must be between 0 and 100 %."), "progress")
    sources = set(activity.programme.sources.values_list("code", flat=True))
    for code, amounts in content.spending.items():
        if code not in sources:
            raise WorkflowError(
                _("Unknown funding source “%(source)s”.") % {"source": code}, "spending"
            )
        if any(a is not None and a < 0 for a in amounts):
            raise WorkflowError(
                _("Spending from %(source)s cannot be negative.") % {"source": code},
                f"spending-{code}",
            )
    outputs, kpis = reportable_measures(activity)
    for kind, values, allowed in (
        ("output", content.outputs, outputs),
        ("kpi", content.kpis, kpis),
    ):
        for code, value in values.items():
            if code not in allowed:
                raise WorkflowError(
                    _("“%(measure)s” is not a measure of this activity's plan.")
                    % {"measure": code},
                    f"{kind}-{code}",
                )
            if value < 0:
                raise WorkflowError(
                    _("%(measure)s cannot be negative.") % {"measure": allowed[code].name},
                    f"{kind}-{code}",
                )


def _record(
    report: ProgressReport,
    actor: Any,
    action: str,
    *,
    from_state: str = "",
    comment: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        programme_id=report.period.programme_id,
        report=report,
        action=action,
        from_state=from_state,
        to_state=report.state,
        actor=actor,
        comment=comment,
        revision=report.revision,
    )


def _new_revision(report: ProgressReport, actor: Any, access: Access) -> None:
    agencies = agencies_of(report.activity)
    mine = next((a for a in agencies if a in access.agency_roles), None)
    ReportRevision.objects.create(
        report=report,
        number=report.revision,
        snapshot=snapshot(with_content(report)),
        saved_by=actor,
        agency=report.activity.agency_links.get(agency__code=mine).agency if mine else None,
    )


def _locked_report(activity: Activity, period: ReportingPeriod) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("period", "activity", "updated_by")
        .filter(activity=activity, period=period)
        .first()
    )


def require_editable(
    access: Access, report: ProgressReport | None, activity: Activity, period: ReportingPeriod
) -> None:
    """Refuse (`PermissionDenied`, `WorkflowError`) unless this person may change the report now."""
    if not access.can_edit(agencies_of(activity)):
        raise PermissionDenied(
            _("Only the executing agencies' editors and heads edit this report.")
        )
    if period.state != ReportingPeriod.State.OPEN:
        raise WorkflowError(
            _("The reporting period %(period)s is %(state)s: reports can no longer be changed.")
            % {"period": period.label, "state": period.get_state_display()}
        )
    if report is not None and not report.editable:
        raise WorkflowError(
            _("This report is %(state)s and cannot be changed.")
            % {"state": report.get_state_display().lower()}
        )


def save_report(
    *,
    actor: Any,
    access: Access,
    activity: Activity,
    period: ReportingPeriod,
    content: Content,
    based_on: int,
) -> ProgressReport:
    """Write the report's content as a new revision; `based_on` is the revision the author saw
    (0 for a report not yet created)."""
    if period.programme_id != activity.programme_id:
        raise WorkflowError(_("This activity is not part of the period's programme."))
    with transaction.atomic():
        # The period's state as it is now, not as the caller read it.
        period = ReportingPeriod.objects.select_related("programme").get(pk=period.pk)
        report = _locked_report(activity, period)
        require_editable(access, report, activity, period)
        if report is None:
            if based_on != 0:
                raise WorkflowError(_("This report no longer exists."))
            try:
                with transaction.atomic():
                    report = ProgressReport.objects.create(
                        activity=activity, period=period, updated_by=actor
                    )
            except IntegrityError:
                # Someone created the same report a moment ago.
                report = _locked_report(activity, period)
                assert report is not None
                raise StaleEdit(report) from None
        elif report.revision != based_on:
            raise StaleEdit(report)
        _validate(activity, content)
        report.status = content.status
        report.progress = content.progress
        report.narrative = content.narrative.strip()
        report.revision += 1
        report.updated_by = actor
        report.save()
        report.spending.all().delete()
        sources = {s.code: s for s in activity.programme.sources.all()}
        ReportSpending.objects.bulk_create(
            ReportSpending(report=report, source=sources[code], committed=c, spent=s)
            for code, (c, s) in content.spending.items()
            if c is not None or s is not None
        )
        report.quantities.all().delete()
        outputs, kpis = reportable_measures(activity)
        ReportQuantity.objects.bulk_create(
            [
                *(
                    ReportQuantity(report=report, kind="output", measure=outputs[c], value=v)
                    for c, v in content.outputs.items()
                ),
                *(
                    ReportQuantity(report=report, kind="kpi", measure=kpis[c], value=v)
                    for c, v in content.kpis.items()
                ),
            ]
        )
        _new_revision(report, actor, access)
        _record(report, actor, Action.SAVED, from_state=report.state)
    return report


# --- evidence --------------------------------------------------------------------------

# Accepted files: extension -> (kind, the bytes the file must start with).
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("document", (b"%PDF-",)),
    ".docx": ("document", (b"PK\x03\x04",)),
    ".odt": ("document", (b"PK\x03\x04",)),
    ".png": ("photo", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("photo", (b"\xff\xd8\xff",)),
    ".jpeg": ("photo", (b"\xff\xd8\xff",)),
    ".xlsx": ("spreadsheet", (b"PK\x03\x04",)),
    ".ods": ("spreadsheet", (b"PK\x03\x04",)),
    ".csv": ("spreadsheet", ()),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": XLSX_CONTENT_TYPE,
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}


def check_evidence_file(upload: UploadedFile) -> tuple[str, str]:
    """(kind, content type) of an acceptable evidence file; a `WorkflowError` otherwise."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise WorkflowError(
            _("“%(name)s”: files of this type are not accepted (accepted: %(types)s).")
            % {"name": name, "types": ", ".join(sorted(EVIDENCE_TYPES))},
            "file",
        )
    limit = settings.JASYL_EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise WorkflowError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
            % {"name": name, "size": megabytes(upload.size or 0), "limit": megabytes(limit)},
            "file",
        )
    if upload.size == 0:
        raise WorkflowError(_("“%(name)s” is empty.") % {"name": name}, "file")
    kind, signatures = EVIDENCE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if signatures and not any(head.startswith(s) for s in signatures):
        raise WorkflowError(
            _("“%(name)s” is not a real %(type)s file.") % {"name": name, "type": suffix[1:]},
            "file",
        )
    if not signatures:
        try:
            upload.read(64_000).decode("utf-8")
        except UnicodeDecodeError:
            raise WorkflowError(
                _("“%(name)s” is not a UTF-8 text file.") % {"name": name}, "file"
            ) from None
        finally:
            upload.seek(0)
    return kind, CONTENT_TYPES[suffix]


def add_evidence(
    *,
    actor: Any,
    access: Access,
    report: ProgressReport,
    upload: UploadedFile,
    description: str = "",
    based_on: int,
) -> Evidence:
    require_editable(access, report, report.activity, report.period)
    kind, content_type = check_evidence_file(upload)
    evidence = Evidence(
        report=report,
        kind=kind,
        name=PurePath(upload.name or "file").name[:255],
        size=upload.size or 0,
        content_type=content_type,
        description=description.strip()[:300],
        uploaded_by=actor,
    )
    evidence.file.save(evidence.name, upload, save=False)
    try:
        with transaction.atomic():
            locked = _locked_report(report.activity, report.period)
            assert locked is not None
            require_editable(access, locked, locked.activity, locked.period)
            if locked.revision != based_on:
                raise StaleEdit(locked, typed=False)
            evidence.report = locked
            evidence.save()
            _revised(locked, actor, access, Action.EVIDENCE_ADDED, evidence.name)
    except BaseException:
        # Nothing is half-written: a refused upload leaves no file behind.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


# A file in the evidence folder that no row names is removed once older than this: a process
# killed between writing the file and committing its row left it (an upload in progress is
# younger).
ORPHAN_AGE = datetime.timedelta(hours=1)


def remove_orphan_evidence(*, now: datetime.datetime | None = None) -> list[str]:
    """Delete the files under `evidence/` that no evidence row names and that are older than
    `ORPHAN_AGE`; their names. Run daily by `jasyl run-worker` (`tasks.sweep_evidence`)."""
    storage = Evidence._meta.get_field("file").storage
    named = set(Evidence.objects.values_list("file", flat=True))
    before = (now or timezone.now()) - ORPHAN_AGE
    removed = []
    for name in _files_under(storage, "evidence"):
        if name not in named and storage.get_modified_time(name) < before:
            storage.delete(name)
            removed.append(name)
    return removed


def _files_under(storage: Storage, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in files]
    for sub in folders:
        found += _files_under(storage, f"{folder}/{sub}")
    return found


def remove_evidence(*, actor: Any, access: Access, evidence: Evidence, based_on: int) -> None:
    """Take a file off the report; it stays in the history and in storage for the audit."""
    with transaction.atomic():
        locked = _locked_report(evidence.report.activity, evidence.report.period)
        assert locked is not None
        require_editable(access, locked, locked.activity, locked.period)
        if locked.revision != based_on:
            raise StaleEdit(locked, typed=False)
        evidence.removed = True
        evidence.save(update_fields=["removed"])
        _revised(locked, actor, access, Action.EVIDENCE_REMOVED, evidence.name)


def _revised(report: ProgressReport, actor: Any, access: Access, action: str, comment: str) -> None:
    """A file added or removed, or rows cited, is a new revision of the report, with its audit
    entry."""
    report.revision += 1
    report.updated_by = actor
    report.save(update_fields=["revision", "updated_by", "updated_at"])
    _new_revision(report, actor, access)
    _record(report, actor, action, from_state=report.state, comment=comment)


def amend_report(
    *,
    actor: Any,
    access: Access,
    report: ProgressReport,
    based_on: int,
    action: str,
    change: Callable[[ProgressReport], str],
) -> ProgressReport:
    """Change what an app above reporting attaches to the report (the registry rows it cites),
    under the report's own rules: refused unless this person may edit the report now (so frozen
    once submitted or approved) and `based_on` is its revision; then `change(report)` runs in
    the same transaction, on the locked report, and returns what the audit entry says of it;
    the report gets a new revision and that audit entry."""
    with transaction.atomic():
        locked = _locked_report(report.activity, report.period)
        if locked is None:
            raise WorkflowError(_("This report no longer exists."))
        require_editable(access, locked, locked.activity, locked.period)
        if locked.revision != based_on:
            raise StaleEdit(locked, typed=False)
        comment = change(locked)
        _revised(locked, actor, access, action, comment)
    return locked


# --- transitions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str
    action: str
    period_states: frozenset[str]
    comment_required: bool = False


OPEN = ReportingPeriod.State.OPEN
CLOSED = ReportingPeriod.State.CLOSED

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("Submit to the programme office"),
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            Action.SUBMITTED,
            frozenset({OPEN}),
        ),
        Transition(
            "return",
            _("Return with comments"),
            frozenset({State.SUBMITTED}),
            State.RETURNED,
            Action.RETURNED,
            frozenset({OPEN, CLOSED}),
            comment_required=True,
        ),
        Transition(
            "approve",
            _("Approve"),
            frozenset({State.SUBMITTED}),
            State.APPROVED,
            Action.APPROVED,
            frozenset({OPEN, CLOSED}),
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({State.APPROVED}),
            State.RETURNED,
            Action.REOPENED,
            frozenset({OPEN, CLOSED}),
            comment_required=True,
        ),
    )
}


def allowed(access: Access, transition: Transition, report: ProgressReport) -> bool:
    """Whether this person may take this transition now (roles only; see `transitions_for`)."""
    agencies = agencies_of(report.activity)
    if transition.name == "submit":
        return access.can_submit(agencies[0] if agencies else None)
    if transition.name == "reopen":
        return access.can_reopen()
    return access.can_review()


def transitions_for(access: Access, report: ProgressReport) -> list[Transition]:
    """The transitions this person can take on the report in its current state."""
    return [
        t
        for t in TRANSITIONS.values()
        if report.state in t.sources
        and report.period.state in t.period_states
        and allowed(access, t, report)
    ]


def transition(
    *,
    actor: Any,
    access: Access,
    report: ProgressReport,
    name: str,
    comment: str = "",
    based_on: int,
) -> ProgressReport:
    """Move the report along the workflow; `based_on` is the revision the person looked at."""
    step = TRANSITIONS.get(name)
    if step is None:
        raise WorkflowError(_("Unknown action “%(name)s”.") % {"name": name})
    with transaction.atomic():
        locked = _locked_report(report.activity, report.period)
        assert locked is not None
        if not allowed(access, step, locked):
            raise PermissionDenied(_("You may not do this with this report."))
        if locked.revision != based_on:
            raise StaleEdit(locked, typed=False)
        if locked.state not in step.sources:
            raise WorkflowError(
                _("A report that is %(state)s cannot be: %(action)s.")
                % {"state": locked.get_state_display().lower(), "action": step.label}
            )
        if locked.period.state not in step.period_states:
            raise WorkflowError(
                _("The reporting period %(period)s is %(state)s.")
                % {"period": locked.period.label, "state": locked.period.get_state_display()}
            )
        if step.comment_required and not comment.strip():
            raise WorkflowError(_("Say why: a comment is required."), "comment")
        before = locked.state
        locked.state = step.target
        locked.save(update_fields=["state", "updated_at"])
        _record(locked, actor, step.action, from_state=before, comment=comment.strip())
        if State.APPROVED in (before, step.target) and not locked.period.sample:
            published_data_changed(locked.period.programme_id)
    return locked


# --- reporting periods -----------------------------------------------------------------


def period_dates(kind: str, year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    if kind == ReportingPeriod.Kind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    following = datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def create_period(
    *,
    actor: Any,
    access: Access,
    programme: Programme,
    kind: str,
    year: int,
    quarter: int = 0,
    due_on: datetime.date | None = None,
    sample: bool = False,
) -> ReportingPeriod:
    """Open a reporting period; due by default `JASYL_REPORT_DUE_DAYS` after it ends."""
    if not access.can_manage_periods():
        raise PermissionDenied(_("Only the programme administrator manages reporting periods."))
    if kind not in ReportingPeriod.Kind.values:
        raise WorkflowError(_("Unknown kind of period “%(kind)s”.") % {"kind": kind}, "kind")
    if kind == ReportingPeriod.Kind.QUARTER and quarter not in (1, 2, 3, 4):
        raise WorkflowError(_("A quarter is 1, 2, 3 or 4."), "quarter")
    if kind == ReportingPeriod.Kind.YEAR:
        quarter = 0
    span = year_span(programme)
    if span is not None and not span[0] <= year <= span[1]:
        raise WorkflowError(
            _("%(year)s is outside the programme's years %(start)s–%(end)s.")
            % {"year": year, "start": span[0], "end": span[1]},
            "year",
        )
    starts_on, ends_on = period_dates(kind, year, quarter)
    due_on = due_on or ends_on + datetime.timedelta(days=settings.JASYL_REPORT_DUE_DAYS)
    if due_on < ends_on:
        raise WorkflowError(_("The due date cannot be before the period ends."), "due_on")
    with transaction.atomic():
        if ReportingPeriod.objects.filter(
            programme=programme, kind=kind, year=year, quarter=quarter, sample=sample
        ).exists():
            raise WorkflowError(_("This reporting period already exists."), "year")
        period = ReportingPeriod.objects.create(
            programme=programme,
            kind=kind,
            year=year,
            quarter=quarter,
            starts_on=starts_on,
            ends_on=ends_on,
            due_on=due_on,
            sample=sample,
        )
        AuditEntry.objects.create(
            programme=programme,
            period=period,
            action=Action.PERIOD_OPENED,
            to_state=period.state,
            actor=actor,
        )
    return period


PERIOD_ACTIONS: dict[str, str] = {
    ReportingPeriod.State.OPEN: Action.PERIOD_OPENED,
    ReportingPeriod.State.CLOSED: Action.PERIOD_CLOSED,
    ReportingPeriod.State.LOCKED: Action.PERIOD_LOCKED,
}


def set_period_state(
    *, actor: Any, access: Access, period: ReportingPeriod, state: str, comment: str = ""
) -> ReportingPeriod:
    """Open, close or lock a period. Reopening a closed or locked period needs a reason."""
    if not access.can_manage_periods():
        raise PermissionDenied(_("Only the programme administrator manages reporting periods."))
    if state not in PERIOD_ACTIONS:
        raise WorkflowError(_("Unknown state “%(state)s”.") % {"state": state}, "state")
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.state == state:
            raise WorkflowError(
                _("The period is already %(state)s.") % {"state": locked.get_state_display()}
            )
        order = list(PERIOD_ACTIONS)
        if order.index(state) < order.index(locked.state) and not comment.strip():
            raise WorkflowError(_("Say why: a comment is required."), "comment")
        before = locked.state
        locked.state = state
        locked.save(update_fields=["state"])
        AuditEntry.objects.create(
            programme_id=locked.programme_id,
            period=locked,
            action=PERIOD_ACTIONS[state],
            from_state=before,
            to_state=state,
            actor=actor,
            comment=comment.strip(),
        )
        # The public pages list the progress report (PDF) of every period no longer open.
        published_data_changed(locked.programme_id)
    return locked
