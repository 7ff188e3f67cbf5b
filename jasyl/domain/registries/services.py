"""Writes of registry rows, for every registry: one row (`save_entry`, `delete_entry`), many
rows (`write_entries`, `propose_entries`: imports and the sample data, in batches), the
moderation of pending edits (`propose_edit`, `approve_edit`, `reject_edit`), the history
(`record_edit`, `record_edits`), attachments (`attach_file`) and the districts again after new
boundaries (`replace_districts`).

Every write is keyword-only, runs in one transaction, sets the district by a spatial join
(`placing`) and records its `Edit`. Who writes at once and who proposes: `rights.py`.
`access=None` is the server's operator on the command line, or the admin site, which only the
office's staff reach.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.core.bulk import insert
from jasyl.core.uploads import UnreadableFile, check_size
from jasyl.domain.people.access import Access
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import Diff, diff, snapshot, tracked_fields
from jasyl.domain.registries.lifecycle import DATE_FIELDS, ORDER, Stage, rank
from jasyl.domain.registries.mapcounts import counts_follow
from jasyl.domain.registries.models import Attachment, Edit, RegistryEntry
from jasyl.domain.registries.moderation import apply_pending, model_of, save_checked, validated
from jasyl.domain.registries.placing import DistrictFinder, place_rows
from jasyl.domain.registries.rights import Write, executing_agencies, require_office, write_mode
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.revisions import published_data_changed

BATCH = 500
"""Rows per query of the bulk writes."""

M = TypeVar("M", bound=models.Model)

__all__ = [
    "RegistryError",
    "Saved",
    "advance_status",
    "approve_edit",
    "attach_file",
    "delete_entry",
    "propose_edit",
    "propose_entries",
    "record_edit",
    "record_edits",
    "reject_edit",
    "replace_districts",
    "save_entry",
    "validated",
    "write_entries",
]


@dataclass(frozen=True)
class Saved:
    """What a write did: the row as it now is (None while a new row waits for the office, and
    once deleted) and its edit (None when nothing changed)."""

    entry: Any
    edit: Edit | None

    @property
    def pending(self) -> bool:
        return self.edit is not None and self.edit.status == Edit.Status.PENDING


# ------------------------------------------------------------------------------ history


def _programme_id(row: models.Model | None) -> int | None:
    activity = getattr(row, "activity", None) if row is not None else None
    return activity.programme_id if isinstance(activity, Activity) else None


def _edit(
    *,
    model: type[models.Model],
    row: models.Model | None,
    code: str,
    action: str,
    changed: Diff,
    actor: Any,
    status: str = Edit.Status.APPLIED,
    programme_id: int | None = None,
    note: str = "",
) -> Edit:
    return Edit(
        content_type=ContentType.objects.get_for_model(model),
        object_id=row.pk if row is not None else None,
        code=code[:200],
        action=action,
        status=status,
        changes=changed.changes,
        values=changed.values,
        programme_id=programme_id if programme_id is not None else _programme_id(row),
        by=actor,
        note=note[:300],
        is_sample=bool(getattr(row, "is_sample", False)),
    )


def _code(row: models.Model) -> str:
    return str(getattr(row, "code", None) or row)


def record_edit(
    *,
    row: models.Model,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    actor: Any,
    note: str = "",
) -> Edit | None:
    """Record an applied change of `row` (an update that changed nothing records nothing)."""
    changed = diff(type(row), before, after)
    if not changed and action == Edit.Action.UPDATE:
        return None
    edit = _edit(
        model=type(row),
        row=row,
        code=_code(row),
        action=action,
        changed=changed,
        actor=actor,
        note=note,
    )
    edit.save()
    return edit


def record_edits(
    *,
    changes: Iterable[tuple[models.Model, str, Mapping[str, Any], Mapping[str, Any]]],
    actor: Any,
    note: str = "",
) -> list[Edit]:
    """`record_edit` for many rows at once: (row, action, before, after) each."""
    edits = []
    for row, action, before, after in changes:
        changed = diff(type(row), before, after)
        if changed or action != Edit.Action.UPDATE:
            edits.append(
                _edit(
                    model=type(row),
                    row=row,
                    code=_code(row),
                    action=action,
                    changed=changed,
                    actor=actor,
                    note=note,
                )
            )
    return insert(Edit, edits)


# ------------------------------------------------------------------------------ one row


def _mode(access: Access | None, activities: Sequence[Activity | None]) -> tuple[Write, int | None]:
    """How this person writes a row of these activities (before and after), and the programme
    whose office reviews it; `PermissionDenied` when they may not."""
    agencies = executing_agencies(a.pk for a in activities if a is not None)
    mode = write_mode(access, [agencies[a.pk] if a is not None else [] for a in activities])
    if mode is None:
        raise PermissionDenied(_("You may not edit this row."))
    programme_id = next((a.programme_id for a in activities if a is not None), None)
    return mode, programme_id


def _activities(entry: models.Model | None, values: Mapping[str, Any]) -> list[Activity | None]:
    found: list[Activity | None] = []
    if entry is not None:
        found.append(getattr(entry, "activity", None))
    if "activity" in values or entry is None:
        found.append(values.get("activity"))
    return found


def _candidate(model: type[M], entry: M | None, values: Mapping[str, Any]) -> M:
    """A row as the edit would leave it, not saved: to check a proposal before it waits."""
    row = model()
    if entry is not None:
        for f in model._meta.concrete_fields:
            setattr(row, f.attname, getattr(entry, f.attname))
        # The row itself is not a duplicate of its own code.
        row._state.adding = False
    for name, value in values.items():
        setattr(row, name, value)
    return row


def save_entry(
    *,
    model: type[M],
    entry: M | None,
    values: Mapping[str, Any],
    actor: Any,
    access: Access | None,
    note: str = "",
) -> Saved:
    """Create (`entry` None) or change a registry row: at once for the office, as a proposal
    waiting for it for an agency editor."""
    mode, programme_id = _mode(access, _activities(entry, values))
    with transaction.atomic():
        if mode is Write.PROPOSE:
            proposed = propose_edit(
                model=model,
                entry=entry,
                values=values,
                actor=actor,
                programme_id=programme_id,
                note=note,
            )
            return Saved(entry, proposed)
        with counts_follow(model, [entry.pk] if entry is not None else []) as touched:
            if entry is None:
                row, before = model(), {}
            else:
                row = model._default_manager.select_for_update().get(pk=entry.pk)
                before = snapshot(row)
            for name, value in values.items():
                setattr(row, name, value)
            save_checked(row)
            touched.add([row])
        action = Edit.Action.CREATE if entry is None else Edit.Action.UPDATE
        edit = record_edit(
            row=row, action=action, before=before, after=snapshot(row), actor=actor, note=note
        )
        return Saved(row, edit)


def delete_entry(
    *, entry: models.Model, actor: Any, access: Access | None, note: str = ""
) -> Saved:
    """Delete a registry row: at once for the office, proposed for an agency editor."""
    mode, programme_id = _mode(access, _activities(entry, {}))
    with transaction.atomic():
        if mode is Write.PROPOSE:
            edit = propose_edit(
                model=type(entry),
                entry=entry,
                values={},
                actor=actor,
                programme_id=programme_id,
                note=note,
                action=Edit.Action.DELETE,
            )
            return Saved(entry, edit)
        before = snapshot(entry)
        edit = _edit(
            model=type(entry),
            row=entry,
            code=_code(entry),
            action=Edit.Action.DELETE,
            changed=diff(type(entry), before, {}),
            actor=actor,
            note=note,
        )
        try:
            with counts_follow(type(entry), [entry.pk]):
                entry.delete()
        except ProtectedError:
            raise RegistryError(
                _("%(code)s cannot be deleted: other rows refer to it.") % {"code": edit.code}
            ) from None
        edit.save()
        return Saved(None, edit)


def advance_status(
    *,
    entry: Any,
    status: str,
    on: datetime.date,
    actor: Any,
    access: Access | None,
    note: str = "",
) -> Saved:
    """Move a built object's row forward in its lifecycle (`lifecycle.Stage`), reached on `on`:
    at once for the office, proposed for the editors of its activity's agencies."""
    if status not in ORDER:
        raise RegistryError(_("“%(status)s” is not a stage of the lifecycle.") % {"status": status})
    if rank(status) <= rank(entry.status):
        raise RegistryError(
            _("%(code)s is already %(current)s: a row only moves forward, to a later stage.")
            % {"code": entry.code, "current": Stage(entry.status).label},
            "status",
        )
    if on > timezone.localdate():
        raise RegistryError(
            _("%(day)s is in the future: record a stage once it is reached.")
            % {"day": on.isoformat()},
            DATE_FIELDS[status],
        )
    return save_entry(
        model=type(entry),
        entry=entry,
        values={"status": status, DATE_FIELDS[status]: on},
        actor=actor,
        access=access,
        note=note or f"status: {status}",
    )


# ------------------------------------------------------------------------------ moderation


def propose_edit(
    *,
    model: type[M],
    entry: M | None,
    values: Mapping[str, Any],
    actor: Any,
    programme_id: int | None,
    note: str = "",
    action: str | None = None,
) -> Edit:
    """Record an edit that waits for the programme office; the row stays as it is."""
    action = action or (Edit.Action.CREATE if entry is None else Edit.Action.UPDATE)
    if action == Edit.Action.DELETE:
        assert entry is not None
        changed = diff(model, snapshot(entry), {})
    else:
        validated(_candidate(model, entry, values))
        before = snapshot(entry, values.keys()) if entry is not None else {}
        changed = diff(model, before, values)
        if not changed:
            raise RegistryError(_("The edit changes nothing."))
    code = str(values.get("code") or (_code(entry) if entry is not None else ""))
    edit = _edit(
        model=model,
        row=entry,
        code=code,
        action=action,
        changed=changed,
        actor=actor,
        status=Edit.Status.PENDING,
        programme_id=programme_id,
        note=note,
    )
    edit.save()
    return edit


def _pending(edit: Edit) -> Edit:
    """The edit locked, if it is still pending; refused otherwise (the only moves are from
    pending)."""
    locked = Edit.objects.select_for_update().select_related("content_type").get(pk=edit.pk)
    if locked.status != Edit.Status.PENDING:
        raise RegistryError(
            _("Only a pending edit can be approved or rejected; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def approve_edit(*, edit: Edit, actor: Any, access: Access | None, comment: str = "") -> Edit:
    """Apply a pending edit (the programme office): pending -> applied."""
    require_office(access)
    with transaction.atomic():
        locked = _pending(edit)
        try:
            with counts_follow(model_of(locked), [locked.object_id]) as touched:
                row, changed = apply_pending(locked)
                touched.add([row] if row is not None else [])
        except ProtectedError:
            raise RegistryError(
                _("%(code)s cannot be deleted: other rows refer to it.") % {"code": locked.code}
            ) from None
        if row is not None:
            locked.object_id = row.pk
        if changed:
            locked.changes, locked.values = changed.changes, changed.values
        locked.status = Edit.Status.APPLIED
        locked.reviewer = actor
        locked.reviewed_at = timezone.now()
        locked.comment = comment
        locked.save()
        _published(locked.programme_id)
    return locked


def _published(programme_id: int | None) -> None:
    """An approved edit changes public pages without adding an edit (the registry pages key
    on the latest one): their programme's published revision moves, every programme's when
    the row belongs to none."""
    ids = (
        [programme_id]
        if programme_id is not None
        else Programme.objects.values_list("pk", flat=True)
    )
    for pk in ids:
        published_data_changed(pk)


def reject_edit(*, edit: Edit, actor: Any, access: Access | None, comment: str) -> Edit:
    """Refuse a pending edit (the programme office, saying why): pending -> rejected; the row
    stays as it was."""
    require_office(access)
    if not comment.strip():
        raise RegistryError(_("Say why: a comment is required."), "comment")
    with transaction.atomic():
        locked = _pending(edit)
        locked.status = Edit.Status.REJECTED
        locked.reviewer = actor
        locked.reviewed_at = timezone.now()
        locked.comment = comment
        locked.save()
    return locked


# ------------------------------------------------------------------------------ many rows


def write_entries(
    *,
    model: type[M],
    creates: Sequence[M],
    updates: Sequence[tuple[M, Mapping[str, Any]]] = (),
    fields: Iterable[str] = (),
    actor: Any,
    note: str = "",
    finder: DistrictFinder | None = None,
) -> list[Edit]:
    """Create `creates` and save `updates` (each row with its values before, `fields` the
    columns changed), placed in their districts, with their history: bulk queries in batches.
    Rows are checked by the caller (an import checks every cell first). New rows and the
    history are written by `core.bulk.insert` (COPY on PostgreSQL)."""
    if issubclass(model, RegistryEntry):
        place_rows([*creates, *(row for row, _before in updates)], finder)
    with (
        transaction.atomic(),
        counts_follow(model, [row.pk for row, _before in updates]) as touched,
    ):
        insert(model, creates)
        touched.add(creates)
        columns = set(fields)
        if issubclass(model, RegistryEntry):
            now = timezone.now()
            for row, _before in updates:
                row.updated_at = now  # type: ignore[attr-defined]
            columns |= {"district", "updated_at"}
        if updates and columns:
            model._default_manager.bulk_update(
                [row for row, _before in updates], sorted(columns), batch_size=BATCH
            )
        names = [f.name for f in tracked_fields(model) if f.name in columns]
        return record_edits(
            changes=[
                *((row, Edit.Action.CREATE, {}, snapshot(row)) for row in creates),
                *(
                    (row, Edit.Action.UPDATE, before, snapshot(row, names))
                    for row, before in updates
                ),
            ],
            actor=actor,
            note=note,
        )


def propose_entries(
    *,
    model: type[M],
    proposals: Sequence[tuple[M | None, Mapping[str, Any]]],
    actor: Any,
    programme_id: int | None,
    note: str = "",
) -> list[Edit]:
    """Record many proposals at once (an agency editor's import): each (row or None for a new
    one, its values); nothing of the registry changes until the office approves them."""
    edits = []
    for entry, values in proposals:
        before = snapshot(entry, values.keys()) if entry is not None else {}
        changed = diff(model, before, values)
        if not changed:
            continue
        code = str(values.get("code") or (_code(entry) if entry is not None else ""))
        edits.append(
            _edit(
                model=model,
                row=entry,
                code=code,
                action=Edit.Action.CREATE if entry is None else Edit.Action.UPDATE,
                changed=changed,
                actor=actor,
                status=Edit.Status.PENDING,
                programme_id=programme_id,
                note=note,
            )
        )
    return insert(Edit, edits)


def replace_districts(*, model: type[RegistryEntry], actor: Any = None) -> int:
    """Place every row of a registry again (after new boundaries are loaded), except those
    placed by hand; returns how many changed district. Batches of `BATCH` rows, read by key
    so that no cursor stays open while rows are written."""
    finder = DistrictFinder()
    manager = model._default_manager
    keys = list(manager.filter(district_by_hand=False).order_by("pk").values_list("pk", flat=True))
    changed = 0
    with transaction.atomic():
        for start in range(0, len(keys), BATCH):
            rows = manager.filter(pk__in=keys[start : start + BATCH]).select_related("district")
            moved = []
            for row in rows:
                before = {"district": row.district}
                row.district = finder(row.geometry)
                if row.district_id != (before["district"].pk if before["district"] else None):
                    moved.append((row, before))
            if moved:
                write_entries(
                    model=model,
                    creates=[],
                    updates=moved,
                    fields=["district"],
                    actor=actor,
                    note="districts placed again",
                    finder=finder,
                )
            changed += len(moved)
    return changed


# ------------------------------------------------------------------------------ attachments

# What an attachment may be, told by its first bytes, never by its name: (signature, offset
# of a second signature and that signature, kind, media type).
SIGNATURES: tuple[tuple[bytes, int, bytes, str, str], ...] = (
    (b"\xff\xd8\xff", 0, b"", Attachment.Kind.PHOTO, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, b"", Attachment.Kind.PHOTO, "image/png"),
    (b"RIFF", 8, b"WEBP", Attachment.Kind.PHOTO, "image/webp"),
    (b"%PDF-", 0, b"", Attachment.Kind.DOCUMENT, "application/pdf"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(kind, media type) of a photo or PDF document by its first bytes; None otherwise."""
    for start, offset, second, kind, media_type in SIGNATURES:
        if head.startswith(start) and head[offset : offset + len(second)] == second:
            return kind, media_type
    return None


def attach_file(
    *,
    entry: models.Model,
    upload: File,  # type: ignore[type-arg]
    caption: str = "",
    actor: Any,
    access: Access | None,
) -> Attachment:
    """Attach a photo (JPEG, PNG, WebP) or a PDF to a row: the office and the editors of the
    agencies executing its activity (an attachment changes none of the row's data)."""
    _mode(access, _activities(entry, {}))
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    try:
        check_size(upload.size, settings.JASYL_EVIDENCE_MAX_BYTES)
    except UnreadableFile as error:
        raise RegistryError(str(error), "file") from None
    if not upload.size:
        raise RegistryError(_("“%(name)s” is empty.") % {"name": name}, "file")
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise RegistryError(
            _("“%(name)s” is neither a photo (JPEG, PNG, WebP) nor a PDF document.")
            % {"name": name},
            "file",
        )
    kind, media_type = found
    with transaction.atomic():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(entry),
            object_id=entry.pk,
            file_name=name,
            kind=kind,
            media_type=media_type,
            size=upload.size,
            caption=caption[:300],
            uploaded_by=actor,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return attachment
