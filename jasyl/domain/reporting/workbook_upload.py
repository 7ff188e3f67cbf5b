"""Reading a filled reporting template (`workbooks.py` makes it) and saving it.

Everything is checked before anything is written; every error names the sheet, row and column
letter. Rows that did not change since the download (compared with the revision the hidden
column names) are left alone, so unchanged rows of reports that are submitted, approved or not
the uploader's never stand in the way. The other rows go through `workflow.save_report`, the
web form's service, with the hidden revision for optimistic locking, all in one transaction: a
file is saved entirely or not at all.

The file is opened read-only once its ZIP directory is checked (`core.uploads.open_workbook`)
and read row by row, up to `JASYL_IMPORT_MAX_ROWS` rows; at most `JASYL_IMPORT_MAX_ERRORS`
problems are named, then how many more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from jasyl.core.i18n import LANGUAGES
from jasyl.core.numbers import plain
from jasyl.core.uploads import (
    WORKBOOK_ERRORS,
    Problems,
    UnreadableFile,
    capped_rows,
    open_workbook,
    sheet_rows,
)
from jasyl.domain.people.access import Access
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.forms import FlexibleDecimalField, amount_field
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod, ReportRevision
from jasyl.domain.reporting.workbooks import (
    FIRST_ROW,
    KEY_ROW,
    REQUIRED_KEYS,
    planned_measures,
    status_labels,
)
from jasyl.domain.roadmap.models import Activity


class TemplateError(Exception):
    """A refused upload: every problem found, each naming its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Uploaded:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Change:
    place: str
    activity: Activity
    content: workflow.Content
    based_on: int
    created: bool


def _status_codes() -> dict[str, str]:
    """Status labels in every language, and the codes themselves, to the codes."""
    found = {code: code for code in ProgressReport.Status.values}
    for language in LANGUAGES:
        found.update({label.casefold(): code for code, label in status_labels(language)})
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: Any, field_: FlexibleDecimalField) -> Decimal | None:
    """A cell as a number, checked as the web form checks it; `ValidationError` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    not_a_number = ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise not_a_number
    try:
        number: Decimal | None = field_.clean(value if isinstance(value, str) else str(value))
    except ValidationError as error:
        if getattr(error, "code", None) == "invalid":
            raise not_a_number from None
        raise
    return number


def _canonical(content: workflow.Content) -> dict[str, Any]:
    """What a row states, comparable with a revision's snapshot (`_from_snapshot`)."""

    def shown(value: Decimal | None) -> str | None:
        return None if value is None else str(plain(value))

    return {
        "status": content.status,
        "progress": shown(content.progress),
        "narrative": content.narrative.strip(),
        "spending": {
            code: (shown(c), shown(s))
            for code, (c, s) in content.spending.items()
            if c is not None or s is not None
        },
        "outputs": {k: shown(v) for k, v in content.outputs.items()},
        "kpis": {k: shown(v) for k, v in content.kpis.items()},
    }


def _from_snapshot(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    if snapshot is None:
        return _canonical(workflow.Content(status=""))

    def shown(value: str | None) -> str | None:
        return None if value is None else str(plain(Decimal(value)))

    return {
        "status": snapshot["status"],
        "progress": shown(snapshot["progress"]),
        "narrative": snapshot["narrative"].strip(),
        "spending": {
            code: (shown(v["committed"]), shown(v["spent"]))
            for code, v in snapshot["spending"].items()
        },
        "outputs": {k: shown(v) for k, v in snapshot["outputs"].items()},
        "kpis": {k: shown(v) for k, v in snapshot["kpis"].items()},
    }


Lines = Iterator[tuple[int, tuple[Any, ...]]]
"""A sheet's rows of values, each with its number, read as they are needed."""
_Checked = tuple[list[_Change], int, Problems]
"""The rows to save, the number of rows left unchanged, the problems found."""


def _checked(content: bytes, access: Access, period: ReportingPeriod) -> _Checked:
    try:
        workbook = open_workbook(content)
    except UnreadableFile as error:
        raise TemplateError([str(error)]) from None
    try:
        sheet = workbook.worksheets[0]
        lines = enumerate(capped_rows(sheet_rows(sheet)), start=1)
        return _read(sheet.title, lines, access, period)
    except UnreadableFile as error:
        raise TemplateError([str(error)]) from None
    except WORKBOOK_ERRORS:
        raise TemplateError([_("The file is not a readable Excel workbook (.xlsx).")]) from None
    finally:
        workbook.close()


def import_template(
    *, actor: Any, access: Access, period: ReportingPeriod, content: bytes
) -> Uploaded:
    """Save the changed rows of a filled template as draft revisions through
    `workflow.save_report`: everything is checked first, then written in one transaction."""
    changes, unchanged, errors = _checked(content, access, period)
    if errors:
        raise TemplateError(errors.lines())
    result = Uploaded(unchanged=unchanged)
    # One transaction for the whole file: a save refused midway (someone saved a report
    # since the checks above) undoes the rows saved before it.
    with transaction.atomic():
        for change in changes:
            try:
                workflow.save_report(
                    actor=actor,
                    access=access,
                    activity=change.activity,
                    period=period,
                    content=change.content,
                    based_on=change.based_on,
                )
            except workflow.StaleEdit as stale:
                raise TemplateError([_place_message(change.place, _stale(stale.report))]) from None
            except (workflow.WorkflowError, PermissionDenied) as error:
                message = getattr(error, "message", None) or str(error)
                raise TemplateError([_place_message(change.place, message)]) from None
            (result.created if change.created else result.updated).append(change.activity.code)
    return result


def _stale(report: ProgressReport) -> str:
    author = report.updated_by
    return _(
        "Someone saved this report after the template was downloaded (%(who)s, revision "
        "%(revision)s). Download the template again and enter your figures there."
    ) % {
        "who": (author.get_full_name() or author.username) if author else "?",
        "revision": report.revision,
    }


def _place_message(place: str, message: Any) -> str:
    return _("%(place)s: %(message)s") % {"place": place, "message": message}


def _read(title: str, lines: Lines, access: Access, period: ReportingPeriod) -> _Checked:
    errors = Problems()
    key_row: tuple[Any, ...] = ()
    for number, values in lines:
        if number == KEY_ROW:
            key_row = values
            break
    keys = {_text(value): index for index, value in enumerate(key_row, start=1) if _text(value)}
    if any(key not in keys for key in REQUIRED_KEYS):
        errors.append(
            _(
                "Sheet “%(sheet)s” is not a reporting template: its hidden row 2 is missing "
                "or was changed. Download the template again and fill that in."
            )
            % {"sheet": title}
        )
        return [], 0, errors
    activities = {
        a.code: a
        for a in period.programme.activities.prefetch_related(
            "agency_links__agency", *planned_measures()
        )
    }
    reports = {
        r.activity_id: r
        for r in ProgressReport.objects.filter(period=period).select_related("updated_by")
    }
    snapshots = {
        (r.report_id, r.number): r.snapshot
        for r in ReportRevision.objects.filter(report__period=period)
    }
    statuses = _status_codes()
    sources = list(period.programme.sources.values_list("code", flat=True))
    changes: list[_Change] = []
    unchanged = 0
    seen: dict[str, int] = {}

    for number, values in lines:
        if number < FIRST_ROW:
            continue
        cells = {
            key: values[index - 1] if index <= len(values) else None for key, index in keys.items()
        }
        if not any(_text(v) for v in cells.values()):
            continue

        def place(key: str, number: int = number) -> str:
            return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s") % {
                "sheet": title,
                "row": number,
                "column": get_column_letter(keys[key]),
            }

        row_errors: list[str] = []

        def refuse(key: str, message: Any, row_errors: list[str] = row_errors) -> None:
            row_errors.append(_place_message(place(key), message))

        code = _text(cells["code"])
        activity = activities.get(code)
        if activity is None:
            refuse("code", _("“%(code)s” is not an activity of this programme.") % {"code": code})
            errors.extend(row_errors)
            continue
        if code in seen:
            refuse(
                "code",
                _("Activity %(code)s is already in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
            errors.extend(row_errors)
            continue
        seen[code] = number
        if _text(cells["period"]) != period.label:
            refuse(
                "period",
                _("This row is for the period “%(found)s”; this upload is for %(period)s.")
                % {"found": _text(cells["period"]), "period": period.label},
            )
        try:
            based_on = int(_text(cells["revision"]) or 0)
        except ValueError:
            based_on = -1
        if based_on < 0:
            refuse("revision", _("The hidden revision was changed; download the template again."))

        outputs, kpis = workflow.reportable_measures(activity)
        content = workflow.Content(status="")
        label = _text(cells["status"])
        if label:
            status = statuses.get(label.casefold())
            if status is None:
                refuse(
                    "status",
                    _("“%(status)s” is not a status; choose one of: %(choices)s.")
                    % {
                        "status": label,
                        "choices": ", ".join(str(c[1]) for c in ProgressReport.Status.choices),
                    },
                )
            else:
                content.status = status
        try:
            content.progress = _progress(cells.get("progress"))
        except ValidationError as error:
            refuse("progress", " ".join(error.messages))
        content.narrative = _text(cells.get("narrative"))
        for key, value in cells.items():
            kind, _sep, measure = key.partition(":")
            if kind not in ("output", "kpi", "committed", "spent"):
                continue
            try:
                amount = _number(value, amount_field(key))
            except ValidationError as error:
                refuse(key, " ".join(error.messages))
                continue
            if amount is None:
                continue
            if kind in ("output", "kpi"):
                allowed = outputs if kind == "output" else kpis
                if measure not in allowed:
                    refuse(
                        key,
                        _("“%(measure)s” is not a measure of this activity's plan.")
                        % {"measure": measure},
                    )
                    continue
                (content.outputs if kind == "output" else content.kpis)[measure] = amount
            elif measure in sources:
                committed, spent = content.spending.get(measure, (None, None))
                content.spending[measure] = (
                    (amount, spent) if kind == "committed" else (committed, amount)
                )
        if row_errors:
            errors.extend(row_errors)
            continue

        report = reports.get(activity.pk)
        before = snapshots.get((report.pk, based_on)) if report else None
        stated = _canonical(content)
        if stated == _from_snapshot(before if report else None):
            unchanged += 1
            continue
        if not content.status:
            refuse("status", _("Choose a status."))
        else:
            try:
                workflow.require_editable(access, report, activity, period)
            except PermissionDenied:
                refuse(
                    "code",
                    _("You may not edit the report of activity %(code)s.") % {"code": code},
                )
            except workflow.WorkflowError as error:
                refuse("code", error.message)
            else:
                if report is None and based_on != 0:
                    refuse("code", _("This report no longer exists."))
                elif report is not None and report.revision != based_on:
                    refuse("code", _stale(report))
        if row_errors:
            errors.extend(row_errors)
            continue
        changes.append(_Change(place("code"), activity, content, based_on, report is None))
    return changes, unchanged, errors


def _progress(value: Any) -> Decimal | None:
    progress = _number(
        value,
        FlexibleDecimalField(required=False, max_digits=5, decimal_places=2),
    )
    if progress is not None and not Decimal(0) <= progress <= Decimal(100):
        raise ValidationError(_("Physical progress must be between 0 and 100 %."))
    return progress
