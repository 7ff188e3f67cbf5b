"""`jasyl ingest-air`: the summary, each line not stored, progress, dry runs and refusals."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jasyl.cli import main
from jasyl.domain.airquality.models import IngestFile, Measurement

DATA = Path(__file__).parent / "data"


def run(*args: str) -> str:
    out = StringIO()
    call_command("ingest_air", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_summary_and_every_line_not_stored(station):
    output = run(str(DATA / "long.csv"))
    assert "long.csv (long): 15 rows read, 5 inserted, 1 duplicates, 9 rejected" in output
    assert "long.csv:6: unknown parameter “temperature”" in output
    assert "long.csv:13: unknown station “T2”" in output
    assert Measurement.objects.count() == 5


def test_the_command_prints_progress_every_n_rows(station):
    output = run(str(DATA / "long.csv"), "--progress-every", "5")
    assert [line.split(",")[0] for line in output.splitlines() if "rows/s" in line][:3] == [
        "5 rows read",
        "10 rows read",
        "15 rows read",
    ]


def test_a_dry_run_stores_nothing(station):
    output = run(str(DATA / "wide-one-station.csv"), "--station", "T1", "--dry-run")
    assert "4 rows read, 4 inserted" in output and "Dry run: nothing was stored." in output
    assert not Measurement.objects.exists() and not IngestFile.objects.exists()


def test_the_format_can_be_named_and_a_second_run_says_the_file_was_seen(station):
    run(str(DATA / "openaq-measurements.json"), "--format", "openaq", "--station", "T1")
    output = run(str(DATA / "openaq-measurements.json"), "--station", "T1")
    assert "This file (same SHA-256) was ingested before" in output
    assert "4 rows read, 0 inserted, 3 duplicates, 1 rejected" in output


def test_a_refused_file_is_a_command_error(station):
    with pytest.raises(CommandError, match=r"openaq-measurements.json: .*name it \(nothing was"):
        run(str(DATA / "openaq-measurements.json"))
    assert not Measurement.objects.exists()


def test_the_jasyl_console_command_runs_it(station, capsys):
    main(["jasyl", "ingest-air", str(DATA / "wide-one-station.csv"), "--station", "T1"])
    assert "4 inserted" in capsys.readouterr().out
