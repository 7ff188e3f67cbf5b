"""Every interface string has a Kazakh and a Russian translation (English is the source)."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

PACKAGE = Path(__file__).resolve().parents[2]


@pytest.fixture
def extracted(tmp_path, settings, monkeypatch):
    """Extract the strings of a copy of the code into a copy of the catalogues."""
    copy = tmp_path / "jasyl"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "data"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["kk", "ru"], verbosity=0, no_obsolete=True)
    return copy / "locale"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_interface_string_is_translated(extracted, language):
    with (extracted / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert missing == []
    assert len(catalog) > 50


def test_the_committed_catalogues_are_up_to_date(extracted):
    for language in ("kk", "ru"):
        committed = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
        with (
            committed.open("rb") as old,
            (extracted / language / "LC_MESSAGES" / "django.po").open("rb") as new,
        ):
            assert {m.id for m in read_po(old) if m.id} == {m.id for m in read_po(new) if m.id}
