"""Writes of roadside exhaust checks: importing a CSV or Excel file of checks. Every row is
checked first; an error names its row and column, and then nothing is written. Rows already
imported (the same post, time, vehicle and values) are skipped, so a file can be imported again
without doubling its checks."""

from __future__ import annotations

import datetime
import hashlib
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import FileRefused, ImportContext, refusal_lines, run_import
from jasyl.core.text import number_text
from jasyl.core.uploads import plain_cell
from jasyl.domain.exhaust.assess import Reading
from jasyl.domain.exhaust.models import EcoPost, ExhaustCheck, ExhaustImport
from jasyl.domain.exhaust.reference import CLASSES, Aspiration, Fuel
from jasyl.domain.people.access import Access
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.revisions import published_data_changed

ACTIVITY = "1.2"
"""The roadmap item whose executing agencies bring in the checks (the programme's own code)."""

COLUMNS = [
    "post",
    "checked_at",
    "vehicle_category",
    "fuel",
    "eco_class",
    "aspiration",
    *(reading.value for reading in Reading),
    "idle_rpm",
]
REQUIRED_COLUMNS = COLUMNS[:4]
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
BATCH = 500


class ExhaustImportError(Exception):
    """Refused input, with a message for the person who gave it."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int
    record: ExhaustImport


def executing_agencies(programme: Programme) -> list[str]:
    """The codes of the agencies executing the exhaust-check item of `programme`."""
    activity = Activity.objects.filter(programme=programme, code=ACTIVITY).first()
    if activity is None:
        return []
    return [link.agency.code for link in activity.agency_links.select_related("agency")]


def can_import(access: Access, programme: Programme) -> bool:
    """The programme office, and the editors and heads of the item's executing agencies."""
    return access.is_reviewer or access.can_edit(executing_agencies(programme))


# ------------------------------------------------------------------------------ reading rows


def _cell_text(value: object) -> str:
    """A workbook cell as typed: a time as YYYY-MM-DD HH:MM, a number in full."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    return plain_cell(value)


# ------------------------------------------------------------------------------ checking rows


class CellError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _number(row: dict[str, str], column: str) -> Decimal | None:
    typed = row.get(column, "")
    if not typed:
        return None
    try:
        value = Decimal(number_text(typed))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise CellError(column, _("“%(value)s” is not a number.") % {"value": typed})
    if value < 0:
        raise CellError(column, _("%(value)s cannot be negative.") % {"value": typed})
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise CellError(column, _("%(value)s has more than 3 decimals.") % {"value": typed})
    if value >= 1_000_000:
        raise CellError(column, _("%(value)s is too large.") % {"value": typed})
    return value


def _moment(typed: str) -> datetime.datetime:
    for pattern in DATETIME_FORMATS:
        try:
            naive = datetime.datetime.strptime(typed, pattern)
        except ValueError:
            continue
        return timezone.make_aware(naive, timezone.get_default_timezone())
    raise CellError(
        "checked_at",
        _("“%(value)s” is not a date and time (write YYYY-MM-DD HH:MM, Almaty time).")
        % {"value": typed},
    )


def _choice(row: dict[str, str], column: str, kind: type[Fuel] | type[Aspiration]) -> str:
    typed = row.get(column, "")
    if typed.lower() not in {choice.value for choice in kind}:
        raise CellError(
            column,
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": typed, "choices": ", ".join(choice.value for choice in kind)},
        )
    return typed.lower()


def check_row(
    row: dict[str, str], posts: dict[str, EcoPost], now: datetime.datetime
) -> ExhaustCheck:
    code = row.get("post", "")
    post = posts.get(code)
    if post is None:
        raise CellError("post", _("unknown post “%(code)s”.") % {"code": code})
    checked_at = _moment(row.get("checked_at", ""))
    if checked_at > now:
        raise CellError(
            "checked_at", _("%(value)s is in the future.") % {"value": row["checked_at"]}
        )
    category = row.get("vehicle_category", "")
    if not category or len(category) > 10:
        raise CellError(
            "vehicle_category", _("write the vehicle category as a short code (M1, N1 ...).")
        )
    fuel = _choice(row, "fuel", Fuel)
    eco_class = None
    if row.get("eco_class"):
        typed = row["eco_class"]
        if not typed.isdigit() or int(typed) not in CLASSES:
            raise CellError(
                "eco_class", _("“%(value)s” is not an ecological class 0-6.") % {"value": typed}
            )
        eco_class = int(typed)
    aspiration = ""
    if row.get("aspiration"):
        if fuel != Fuel.DIESEL:
            raise CellError("aspiration", _("only a diesel engine has an aspiration here."))
        aspiration = _choice(row, "aspiration", Aspiration)
    values = {reading.value: _number(row, reading.value) for reading in Reading}
    for column in (Reading.CO_MIN_IDLE, Reading.CO_RAISED_IDLE):
        value = values[column.value]
        if value is not None and value > 100:
            raise CellError(column.value, _("%(value)s %% is over 100 %%.") % {"value": value})
    rpm = _number(row, "idle_rpm")
    if rpm is not None and rpm != rpm.to_integral_value():
        raise CellError("idle_rpm", _("%(value)s is not a whole number.") % {"value": rpm})
    return ExhaustCheck(
        post=post,
        checked_at=checked_at,
        vehicle_category=category,
        fuel=fuel,
        eco_class=eco_class,
        aspiration=aspiration,
        idle_rpm=None if rpm is None else int(rpm),
        **values,
    )


def fingerprint(check: ExhaustCheck) -> str:
    """The same post, time (UTC), vehicle and measured values give the same fingerprint."""
    values = [
        None if getattr(check, r.value) is None else getattr(check, r.value).normalize()
        for r in Reading
    ]
    parts = [
        check.post.code,
        check.checked_at.astimezone(datetime.UTC).isoformat(),
        check.vehicle_category.upper(),
        check.fuel,
        check.eco_class,
        check.aspiration,
        *values,
        check.idle_rpm,
    ]
    text = "|".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def import_checks(
    *,
    programme: Programme,
    content: bytes,
    file_name: str,
    by: Any,
    access: Access | None,
) -> ImportResult:
    """Import checks from a CSV (UTF-8) or an Excel workbook (.xlsx, its first sheet) through the
    import pipeline (`jasyl.domain.exhaust.imports.ExhaustChecks`); `by` None is the command
    line, run by the server's operator. The permission is checked before the file is read."""
    if access is not None and not can_import(access, programme):
        raise PermissionDenied(_("You may not import exhaust checks."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(file_name).name or "checks.csv")
        path.write_bytes(content)
        result = run_import(
            "exhaust-checks",
            path,
            context=ImportContext(actor=by if access is not None else None, scope=programme.code),
        )
    if not result.ok:
        raise ExhaustImportError("\n".join(refusal_lines(result)))
    record = ExhaustImport.objects.filter(programme=programme).latest("imported_at", "pk")
    return ImportResult(created=result.created, skipped=result.unchanged, record=record)


def write_checks(
    *, programme: Programme, checks: list[ExhaustCheck], file_name: str, sha256: str, by: Any
) -> list[ExhaustCheck]:
    """Write the checked rows of one file (`checks`, one per fingerprint), skipping those
    imported before; the import's record says how many were new. Returns the new ones."""
    try:
        with transaction.atomic():
            known = _known([check.fingerprint for check in checks])
            new = [check for check in checks if check.fingerprint not in known]
            record = ExhaustImport.objects.create(
                programme=programme,
                file_name=file_name[:255],
                sha256=sha256,
                imported_by=by if by is not None and by.is_authenticated else None,
                created=len(new),
                skipped=len(checks) - len(new),
            )
            for check in new:
                check.source = record
            ExhaustCheck.objects.bulk_create(new, batch_size=BATCH)
            if new:
                published_data_changed(programme.pk)
    except IntegrityError:
        # Another import of the same rows won the race; nothing of this one was written.
        raise FileRefused(
            _("Some of these checks were imported at the same moment; import the file again.")
        ) from None
    return new


def _known(fingerprints: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(fingerprints), BATCH):
        known.update(
            ExhaustCheck.objects.filter(
                fingerprint__in=fingerprints[start : start + BATCH]
            ).values_list("fingerprint", flat=True)
        )
    return known
