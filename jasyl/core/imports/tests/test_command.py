"""`jasyl import KIND FILE [--dry-run] [--format json]`: the one import command, shown with the
exhaust checks' kind. Its JSON is the interface scripts rely on (docs/interfaces.md)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jasyl.core.models import ImportLog
from jasyl.domain.exhaust.models import ExhaustCheck

HEADER = "post,checked_at,vehicle_category,fuel,co_min_idle"
GOOD = ["P-01,2023-03-10 09:30,M1,petrol,0.5", "M-01,2023-04-02 15:15,M1,petrol,1.9"]


def checks(tmp_path, rows):
    path = tmp_path / "checks.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def json_of(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_the_json_counts_what_was_created_and_then_what_is_unchanged(posts, tmp_path, capsys):
    path = checks(tmp_path, GOOD)
    call_command("import", "exhaust-checks", str(path), "--format", "json")
    assert json_of(capsys) == {
        "kind": "exhaust-checks",
        "file": "checks.csv",
        "dry_run": False,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "refused": [],
    }
    call_command("import", "exhaust-checks", str(path), "--format", "json")
    assert json_of(capsys)["unchanged"] == 2
    assert ExhaustCheck.objects.count() == 2


def test_a_dry_run_counts_the_changes_and_writes_nothing(posts, tmp_path, capsys):
    call_command(
        "import", "exhaust-checks", str(checks(tmp_path, GOOD)), "--dry-run", "--format", "json"
    )
    report = json_of(capsys)
    assert (report["dry_run"], report["created"]) == (True, 2)
    assert not ExhaustCheck.objects.exists()
    assert ImportLog.objects.get().status == ImportLog.Status.CHECKED


def test_refused_rows_are_named_exit_1_and_nothing_is_written(posts, tmp_path, capsys):
    path = checks(tmp_path, [*GOOD, "Z-9,2023-04-02 15:15,M1,petrol,1.9", "P-01,soon,M1,petrol,x"])
    with pytest.raises(CommandError) as failed:
        call_command("import", "exhaust-checks", str(path), "--format", "json")
    assert failed.value.returncode == 1
    assert json_of(capsys)["refused"] == [
        {"line": 4, "column": "post", "message": "unknown post “Z-9”."},
        {
            "line": 5,
            "column": "checked_at",
            "message": "“soon” is not a date and time (write YYYY-MM-DD HH:MM, Almaty time).",
        },
    ]
    assert not ExhaustCheck.objects.exists()


def test_the_file_is_kept_with_the_log_of_its_import(posts, tmp_path):
    path = checks(tmp_path, GOOD)
    call_command("import", "exhaust-checks", str(path))
    log = ImportLog.objects.get()
    assert (log.kind, log.file_name, log.by, log.status) == (
        "exhaust-checks",
        "checks.csv",
        None,
        "done",
    )
    with log.file.open("rb") as kept:
        assert kept.read() == path.read_bytes()


def test_messages_come_in_the_language_asked_for(posts, tmp_path):
    path = checks(tmp_path, ["Z-9,2023-04-02 15:15,M1,petrol,1.9"])
    with pytest.raises(CommandError) as failed:
        call_command("import", "exhaust-checks", str(path), "--language", "ru")
    assert "строка 2" in str(failed.value)


def test_an_unknown_kind_names_the_known_ones(tmp_path):
    with pytest.raises(
        CommandError, match=r"There is no import of “bees”; the kinds are: .*exhaust-checks"
    ):
        call_command("import", "bees", str(checks(tmp_path, GOOD)))
