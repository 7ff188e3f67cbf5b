"""Which version of each reference data file is in force: the latest one the programme office
uploaded (`ReferenceVersion`), otherwise the one shipped in `data/`. The air-quality files and
the exhaust limits are versioned alike.

Reading costs one small query (which versions exist); the files are parsed again only when a
new version has been uploaded, in any server process.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jasyl.airquality.models import ReferenceVersion
from jasyl.airquality.reference import FILES, Reference, ReferenceDataError, load_reference
from jasyl.core.caching import published_data_changed
from jasyl.exhaust.reference import FILE as LIMITS_FILE
from jasyl.exhaust.reference import Limits, load_limits
from jasyl.roadmap.models import Programme

KNOWN_FILES = (*FILES, LIMITS_FILE)

# Parsed reference data by the uploads they were read with: (file, version id) pairs.
_parsed: dict[tuple[str, tuple[tuple[str, int], ...]], Any] = {}


def _uploads() -> dict[str, int]:
    """The id of the latest uploaded version of each file that has one."""
    latest: dict[str, tuple[int, int]] = {}
    for file, version, pk in ReferenceVersion.objects.values_list("file", "version", "pk"):
        if file not in latest or version > latest[file][0]:
            latest[file] = (version, pk)
    return {file: pk for file, (_, pk) in latest.items()}


def _texts(ids: dict[str, int]) -> dict[str, str]:
    return dict(ReferenceVersion.objects.filter(pk__in=ids.values()).values_list("file", "content"))


def current_reference() -> Reference:
    """The air-quality reference data in force."""
    ids = {f: pk for f, pk in _uploads().items() if f in FILES}
    key = ("air", tuple(sorted(ids.items())))
    if key not in _parsed:
        _parsed[key] = load_reference(texts=_texts(ids))
    found: Reference = _parsed[key]
    return found


def current_limits() -> Limits:
    """The roadside exhaust limits in force."""
    ids = {f: pk for f, pk in _uploads().items() if f == LIMITS_FILE}
    key = ("limits", tuple(sorted(ids.items())))
    if key not in _parsed:
        _parsed[key] = load_limits(text=_texts(ids).get(LIMITS_FILE))
    found: Limits = _parsed[key]
    return found


def check_version(file: str, text: str) -> int:
    """The version number `text` gives, once it reads as `file` with every check, together with
    the other files in force; `ReferenceDataError` names the file and the key otherwise."""
    if file not in KNOWN_FILES:
        raise ReferenceDataError(
            f"{file}: not one of the reference files: {', '.join(KNOWN_FILES)}"
        )
    if file == LIMITS_FILE:
        before = current_limits().version
        version = load_limits(text=text).version
    else:
        ids = {f: pk for f, pk in _uploads().items() if f in FILES}
        texts = _texts(ids)
        before = current_reference().versions[file]
        version = load_reference(texts={**texts, file: text}).versions[file]
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
