"""Which version of each reference data file is in force: the latest one the programme office
uploaded (`ReferenceVersion`), otherwise the one shipped with the app that reads it. The
air-quality files are registered here; other apps register theirs (the exhaust limits) when
they start, so this module needs to know nothing of them.

Reading costs one small query (which versions exist); the files are parsed again only when a
new version has been uploaded, in any server process.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from jasyl.domain.airquality.models import ReferenceVersion
from jasyl.domain.airquality.reference import FILES, Reference, ReferenceDataError, load_reference
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.revisions import published_data_changed


@dataclass(frozen=True)
class ReferenceSet:
    """Files read together into one parsed value, each file with its own version number."""

    name: str
    files: tuple[str, ...]
    load: Callable[[Mapping[str, str]], Any]
    """Parse the set from the uploaded texts in force (files not given: the shipped ones)."""
    version_of: Callable[[Any, str], int]
    """The version number of one file of a parsed set."""


_sets: dict[str, ReferenceSet] = {}

# Parsed reference data by the uploads they were read with: (set, (file, version id) pairs).
_parsed: dict[tuple[str, tuple[tuple[str, int], ...]], Any] = {}


def register(reference_set: ReferenceSet) -> None:
    """Version a set of reference files here (called once, when its app starts)."""
    _sets[reference_set.name] = reference_set


def known_files() -> tuple[str, ...]:
    """Every versioned file, in the order the sets were registered."""
    return tuple(file for s in _sets.values() for file in s.files)


def _set_of(file: str) -> ReferenceSet:
    found = next((s for s in _sets.values() if file in s.files), None)
    if found is None:
        raise ReferenceDataError(
            f"{file}: not one of the reference files: {', '.join(known_files())}"
        )
    return found


def _uploads(files: tuple[str, ...]) -> dict[str, int]:
    """The id of the latest uploaded version of each of `files` that has one."""
    latest: dict[str, tuple[int, int]] = {}
    rows = ReferenceVersion.objects.filter(file__in=files).values_list("file", "version", "pk")
    for file, version, pk in rows:
        if file not in latest or version > latest[file][0]:
            latest[file] = (version, pk)
    return {file: pk for file, (_, pk) in latest.items()}


def _texts(ids: dict[str, int]) -> dict[str, str]:
    return dict(ReferenceVersion.objects.filter(pk__in=ids.values()).values_list("file", "content"))


def current(name: str) -> Any:
    """The parsed reference set `name` in force."""
    reference_set = _sets[name]
    ids = _uploads(reference_set.files)
    key = (name, tuple(sorted(ids.items())))
    if key not in _parsed:
        _parsed[key] = reference_set.load(_texts(ids))
    return _parsed[key]


def current_reference() -> Reference:
    """The air-quality reference data in force."""
    found: Reference = current(AIR.name)
    return found


def check_version(file: str, text: str) -> int:
    """The version number `text` gives, once it reads as `file` with every check, together with
    the other files in force; `ReferenceDataError` names the file and the key otherwise."""
    reference_set = _set_of(file)
    before = reference_set.version_of(current(reference_set.name), file)
    texts = _texts(_uploads(reference_set.files))
    version = reference_set.version_of(reference_set.load({**texts, file: text}), file)
    if version <= before:
        raise ReferenceDataError(
            f"{file}: version: {version} is not newer than the version in force ({before})"
        )
    return version


def upload_version(
    *, actor: Any, file: str, text: str, reason: str, act: str = ""
) -> ReferenceVersion:
    """Put a new version of a reference file in force, after the checks of `check_version`."""
    if not reason.strip():
        raise ReferenceDataError(f"{file}: say why the new version is needed (reason)")
    with transaction.atomic():
        version = check_version(file, text)
        saved = ReferenceVersion.objects.create(
            file=file,
            version=version,
            content=text,
            reason=reason.strip(),
            act=act.strip(),
            uploaded_by=actor,
        )
        # Public pages show figures judged against these values: rebuild them.
        for programme_id in Programme.objects.values_list("pk", flat=True):
            published_data_changed(programme_id)
    return saved


AIR = ReferenceSet(
    name="air",
    files=FILES,
    load=lambda texts: load_reference(texts=texts),
    version_of=lambda reference, file: reference.versions[file],
)
register(AIR)
