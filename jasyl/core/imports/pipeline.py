"""The one import pipeline: every tabular or spatial import of the project runs through it.

A kind of import (`ImportKind`, registered by the domain app that owns its rows) says which
columns it reads, which geometry it takes, who may use it, how one row is checked and how the
checked rows are written. The pipeline does the rest, the same for every kind:

1. the permission, before the file is read;
2. the file (`sources.read_source`): CSV, Excel, GeoJSON, GeoPackage or Shapefile, within the
   limits of size, rows and decompression;
3. the columns: a missing required column or an unknown one refuses the file, naming them;
4. every row checked by the kind; a refused row is named by its line (or feature), column and
   message, in the importer's language; a key repeated in the file is refused at its second line;
5. when any row is refused, nothing is written; otherwise the kind writes every row in one
   transaction. A dry run does all of it, writes included, and rolls the transaction back, so
   its counts (created, updated, unchanged) are those the import would give.

Every import is logged (`ImportLog`) with its file kept in the default storage, its counts and
its refused rows; a long file is run by the background worker (`tasks.run_import`) and its log
shows the progress.
"""

from __future__ import annotations

import abc
import enum
import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from jasyl.core.imports.sources import (
    GEOMETRY,
    LATITUDE,
    LONGITUDE,
    WKT,
    CellRefused,
    Source,
    SourceRow,
    read_source,
)
from jasyl.core.models import ImportLog
from jasyl.core.uploads import UnreadableFile, more_line

PROGRESS_EVERY = 1000
"""Rows checked between two updates of the log's progress."""

Progress = Callable[[int, int], None]


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Change:
    """What a checked row would do: its key in the file, create / update / leave unchanged, and
    whatever the kind needs to write it."""

    line: int
    key: str
    outcome: Outcome
    payload: Any = None


@dataclass(frozen=True)
class Refusal:
    """A refused row (line and column), or the whole file (line and column None)."""

    line: int | None
    column: str | None
    message: str
    place: str = ""
    """The line as a person reads it: "row 3", "sheet “Values”, row 3", "feature 3"."""

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}

    def text(self) -> str:
        """One line for a person: "row 3, column post: unknown post “P9”."."""
        if self.line is None:
            return self.message
        if not self.column:
            return f"{self.place}: {self.message}"
        return _("%(place)s, column %(column)s: %(message)s") % {
            "place": self.place, "column": self.column, "message": self.message}  # fmt: skip


class FileRefused(Exception):
    """The file refused while writing (a kind's `apply`) for a reason of the whole file."""


class RowRefused(CellRefused):
    """A row refused while writing (a kind's `apply`): its line, column and why."""

    def __init__(self, line: int, column: str, message: str) -> None:
        super().__init__(column, message)
        self.line = line


@dataclass(frozen=True)
class ImportContext:
    actor: Any
    """The person importing; None is the server's operator on the command line."""
    scope: str = ""
    """The code of the programme the rows belong to, for kinds that belong to one."""


class ImportKind(abc.ABC):
    """One kind of import. A subclass is made for one import (`context`), so it may keep what
    `prepare` looked up (the known codes, the existing rows) on `self`."""

    name: ClassVar[str]
    """The kind's name on the command line and in URLs: `trees`, `indicator-values`."""
    title: ClassVar[Any]
    """What it imports, translated (a lazy text)."""
    columns: ClassVar[tuple[str, ...]]
    """Every column it reads, in the order of the workbook to fill in."""
    required: ClassVar[tuple[str, ...]] = ()
    geometry: ClassVar[tuple[str, ...]] = ()
    """The geometry types a row may have ("Point", "MultiPolygon"...); () when none."""
    geometry_required: ClassVar[bool] = True
    key_column: ClassVar[str] = ""
    """The column a row is known by; two rows of one file with the same key are refused."""
    keep_refused_file: ClassVar[bool] = True
    """False for a kind whose refused file may hold what must never be stored (the plate
    numbers of a camera export): its file is deleted when the import is refused, and the log
    keeps only the refusals."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.path: Path | None = None
        """The file being imported (set by the pipeline before `prepare`)."""

    @abc.abstractmethod
    def allowed(self) -> bool:
        """May the context's actor import this kind (into its scope)?"""

    def prepare(self, source: Source) -> None:  # noqa: B027 (most kinds need nothing more)
        """Look up, once, what checking the rows needs."""

    @abc.abstractmethod
    def check(self, row: SourceRow) -> Change:
        """The row's change, or `CellRefused` naming the column and why."""

    @abc.abstractmethod
    def apply(self, changes: Sequence[Change]) -> None:
        """Write the changes (inside the pipeline's transaction); `RowRefused` refuses one."""

    def accepted_columns(self) -> set[str]:
        extra = {GEOMETRY, LONGITUDE, LATITUDE, WKT} if self.geometry else set()
        return {*self.columns, *extra}


@dataclass
class ImportResult:
    kind: str
    file: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    refused_count: int = 0
    """Every refusal, also those past the first `JASYL_IMPORT_MAX_ERRORS` kept in `refused`."""
    spatial: bool = False
    """The file is a spatial one: a line is a feature's number."""
    sheet: str = ""
    """The workbook's sheet the rows came from ("" for other files)."""

    @property
    def ok(self) -> bool:
        return self.refused_count == 0

    def refuse(self, refusal: Refusal) -> None:
        self.refused_count += 1
        if len(self.refused) < settings.JASYL_IMPORT_MAX_ERRORS:
            self.refused.append(refusal)

    def refuse_line(self, line: int, column: str | None, message: str) -> None:
        place = place_of(line, spatial=self.spatial, sheet=self.sheet)
        self.refuse(Refusal(line, column, message, place))

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": [refusal.as_dict() for refusal in self.refused],
        }


def place_of(line: int, *, spatial: bool, sheet: str) -> str:
    """Where a line of the file is, for a person."""
    if spatial:
        return _("feature %(number)s") % {"number": line}
    if sheet:
        return _("sheet “%(sheet)s”, row %(number)s") % {"sheet": sheet, "number": line}
    return _("row %(number)s") % {"number": line}


def refusal_lines(result: ImportResult) -> list[str]:
    """The refusals kept, one line each, then "and N more" for those only counted."""
    lines = [refusal.text() for refusal in result.refused]
    more = result.refused_count - len(result.refused)
    return [*lines, more_line(more)] if more > 0 else lines


# ------------------------------------------------------------------------------ the kinds

_KINDS: dict[str, type[ImportKind]] = {}


def register(kind: type[ImportKind]) -> type[ImportKind]:
    """Make a kind known (a domain app does it when it starts); usable as a class decorator."""
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, type[ImportKind]]:
    return dict(sorted(_KINDS.items()))


def kind_named(name: str) -> type[ImportKind]:
    """The kind registered under `name`; `LookupError` names the known ones."""
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(
            _("There is no import of “%(name)s”; the kinds are: %(kinds)s.")
            % {"name": name, "kinds": ", ".join(kinds())}
        ) from None


# ------------------------------------------------------------------------------ running one


def import_file(
    name: str,
    path: Path,
    *,
    context: ImportContext,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportLog, ImportResult]:
    """Log the file (kept in storage) and import it now; the command line's way."""
    log = start_import(name, path.name, path.open("rb"), context=context, dry_run=dry_run)
    return log, run_logged(log, path=path, progress=progress)


def start_import(
    name: str, file_name: str, content: Any, *, context: ImportContext, dry_run: bool
) -> ImportLog:
    """Log an import and keep its file (`content`: an open binary file); nothing is checked but
    the permission. Run it with `run_logged` now or in the worker (`tasks.run_import`)."""
    kind = kind_named(name)(context)
    if not kind.allowed():
        raise PermissionDenied(_("You may not import %(title)s.") % {"title": kind.title})
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: content.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    log = ImportLog(
        kind=name,
        scope=context.scope,
        file_name=Path(file_name).name[:255],
        sha256=digest.hexdigest(),
        size=size,
        dry_run=dry_run,
        by=context.actor,
        language=get_language() or settings.LANGUAGE_CODE,
    )
    log.file.save(log.file_name, File(content), save=False)
    log.save()
    return log


def run_logged(
    log: ImportLog, *, path: Path | None = None, progress: Progress | None = None
) -> ImportResult:
    """Run a logged import (from `path`, or from its kept file) and record what it did."""
    context = ImportContext(actor=log.by, scope=log.scope)
    ImportLog.objects.filter(pk=log.pk).update(status=ImportLog.Status.RUNNING)

    def report(done: int, total: int) -> None:
        ImportLog.objects.filter(pk=log.pk).update(rows_done=done, rows_total=total)
        if progress is not None:
            progress(done, total)

    with override(log.language):
        if path is not None:
            result = run_import(
                log.kind, path, context=context, dry_run=log.dry_run, progress=report
            )
        else:
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / log.file_name
                with log.file.open("rb") as kept, copy.open("wb") as out:
                    for chunk in kept.chunks():
                        out.write(chunk)
                result = run_import(
                    log.kind, copy, context=context, dry_run=log.dry_run, progress=report
                )
    if result.ok:
        status = ImportLog.Status.CHECKED if log.dry_run else ImportLog.Status.DONE
    else:
        status = ImportLog.Status.REFUSED
    log.status = status
    log.finished_at = timezone.now()
    log.created, log.updated, log.unchanged = result.created, result.updated, result.unchanged
    log.refused = [{**refusal.as_dict(), "text": refusal.text()} for refusal in result.refused]
    log.refused_count = result.refused_count
    fields = [
        "status",
        "finished_at",
        "created",
        "updated",
        "unchanged",
        "refused",
        "refused_count",
    ]
    if not result.ok and not kind_named(log.kind).keep_refused_file and log.file:
        log.file.delete(save=False)
        fields.append("file")
    log.save(update_fields=fields)
    return result


def run_import(
    name: str,
    path: Path,
    *,
    context: ImportContext,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of the file and write them all, or nothing (see the module's text)."""
    kind = kind_named(name)(context)
    result = ImportResult(kind=name, file=path.name, dry_run=dry_run)
    if not kind.allowed():
        raise PermissionDenied(_("You may not import %(title)s.") % {"title": kind.title})
    try:
        source = read_source(path)
    except UnreadableFile as error:
        result.refuse(Refusal(None, None, str(error)))
        return result
    result.spatial, result.sheet = source.spatial, source.sheet
    if not _columns_fit(kind, source, result):
        return result
    if not source.rows:
        result.refuse(Refusal(None, None, _("The file has no rows.")))
        return result
    kind.path = path
    kind.prepare(source)
    changes = _checked(kind, source, result, progress)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            kind.apply(changes)
            if dry_run:
                transaction.set_rollback(True)
    except RowRefused as error:
        result.refuse_line(error.line, error.column, error.message)
        return result
    except FileRefused as error:
        result.refuse(Refusal(None, None, str(error)))
        return result
    except DatabaseError as error:
        result.refuse(
            Refusal(None, None, _("The database refused the rows: %(error)s") % {"error": error})
        )
        return result
    for change in changes:
        setattr(result, change.outcome.value, getattr(result, change.outcome.value) + 1)
    return result


def _columns_fit(kind: ImportKind, source: Source, result: ImportResult) -> bool:
    # A refusal of the columns is one of the whole file: no line, the columns it is about.
    header_line = None
    expected = ", ".join(kind.columns)
    missing = [column for column in kind.required if column not in source.columns]
    if missing:
        result.refuse(
            Refusal(
                header_line,
                ", ".join(missing),
                _("Missing column(s): %(columns)s. Expected: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": expected},
            )
        )
    accepted = kind.accepted_columns()
    unknown = [column for column in source.columns if column not in accepted]
    if unknown:
        result.refuse(
            Refusal(
                header_line,
                ", ".join(unknown),
                _("Unknown column(s): %(columns)s. Expected: %(expected)s.")
                % {"columns": ", ".join(unknown), "expected": expected},
            )
        )
    return result.ok


def _checked(
    kind: ImportKind, source: Source, result: ImportResult, progress: Progress | None
) -> list[Change]:
    changes: list[Change] = []
    seen: dict[str, int] = {}
    total = len(source.rows)
    for done, row in enumerate(source.rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        try:
            _check_geometry(kind, row)
            change = kind.check(row)
        except CellRefused as error:
            result.refuse_line(row.line, error.column, error.message)
            continue
        if kind.key_column and change.key in seen:
            result.refuse_line(
                row.line,
                kind.key_column,
                _("“%(key)s” is also on line %(line)s of the file.")
                % {"key": change.key, "line": seen[change.key]},
            )
            continue
        seen[change.key] = row.line
        changes.append(change)
    if progress is not None:
        progress(total, total)
    return changes


def _check_geometry(kind: ImportKind, row: SourceRow) -> None:
    if not kind.geometry:
        return
    if row.geometry_problem:
        raise CellRefused(GEOMETRY, row.geometry_problem)
    if row.geometry is None:
        if kind.geometry_required:
            raise CellRefused(
                GEOMETRY,
                _("the row has no place: give longitude and latitude, or a geometry in WKT."),
            )
        return
    if row.geometry.geom_type not in kind.geometry:
        raise CellRefused(
            GEOMETRY,
            _("a %(found)s, where a %(expected)s is expected.")
            % {"found": row.geometry.geom_type, "expected": " or ".join(kind.geometry)},
        )
