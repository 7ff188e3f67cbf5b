"""`jasyl backup` and `jasyl restore`, each in its own process as an operator runs them: an
instance with the roadmap, people, reports in every state with their revisions and audit trail,
evidence files, indicator values and an API token comes back whole in an empty instance, to the
microsecond; a damaged archive, one from a newer schema, and a database that holds data are
refused. Runs on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from jasyl.core.backups import MANIFEST, POSTGRES_MEMBER, SQLITE_MEMBER
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import AuditEntry, Evidence, ProgressReport, ReportRevision
from jasyl.testing.reports import observe

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Every row of every model, read through the ORM of the instance the environment names.
DUMP = r"""
import datetime, decimal, json, sys, uuid
import django
django.setup()
from django.apps import apps

def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, datetime.timedelta)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value

rows = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or not model._meta.managed:
        continue
    rows[model._meta.label] = [
        {field: plain(value) for field, value in row.items()}
        for row in model._base_manager.order_by("pk").values()
    ]
json.dump(rows, sys.stdout, sort_keys=True, default=str)
"""


def jasyl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jasyl.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def dump(env: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    result = subprocess.run(
        [sys.executable, "-c", DUMP], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    rows: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return rows


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


class Instances:
    """Instances beside the test's own: each its data folder and its database (a SQLite file,
    or a PostgreSQL database on the test database's server)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.databases: list[str] = []
        self.settings = connection.settings_dict

    def env(self, name: str, database_url: str | None = None) -> dict[str, str]:
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        if database_url is None:
            database_url = self.new_database(name, folder)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "DATABASE_URL": database_url,
            "JASYL_DATA_DIR": str(folder),
            "JASYL_MEDIA_DIR": str(folder / "media"),
            "JASYL_STATIC_ROOT": str(self.root / "static"),
            "JASYL_SECRET_KEY": "backup-test-" + "k" * 50,
        }

    def url(self, name: str) -> str:
        s = self.settings
        user = quote(s["USER"] or "", safe="")
        password = quote(s["PASSWORD"] or "", safe="")
        return f"postgres://{user}:{password}@{s['HOST'] or ''}:{s['PORT'] or 5432}/{name}"

    def new_database(self, name: str, folder: Path) -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{folder / 'jasyl.sqlite3'}"
        database = f"{self.settings['NAME']}_{name}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{database}"')
        self.databases.append(database)
        return self.url(database)

    def of_this_test(self) -> dict[str, str]:
        """The test's own database as an instance another process can open."""
        if connection.vendor == "sqlite":
            # The suite's SQLite database lives in memory: copied into a file, whole.
            path = self.root / "source.sqlite3"
            connection.ensure_connection()
            with closing(sqlite3.connect(path)) as target:
                connection.connection.backup(target)
            url = f"sqlite:///{path}"
        else:
            url = self.url(self.settings["NAME"])
        env = self.env("source", url)
        from django.conf import settings

        env["JASYL_MEDIA_DIR"] = str(settings.MEDIA_ROOT)
        return env

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for database in self.databases:
                cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[Instances]:
    made = Instances(tmp_path)
    yield made
    made.drop()


def fill(team) -> dict[str, int]:
    """Reports in four states with revisions, audit entries and evidence; indicator values; an
    API token. Returns the counts the restored instance must show."""
    programme = team.programme
    activity = programme.activities.get(code="2.2")

    def as_(role: str) -> dict[str, object]:
        return {"actor": team[role], "access": access_for(team[role], programme)}

    def current(report: ProgressReport) -> int:
        return ProgressReport.objects.get(pk=report.pk).revision

    def move(role: str, report: ProgressReport, name: str, comment: str = "") -> None:
        workflow.transition(
            **as_(role), report=report, name=name, comment=comment, based_on=current(report)
        )

    for quarter, path in enumerate(["approved", "returned", "submitted", "draft"], start=1):
        period = workflow.create_period(
            **as_("administrator"), programme=programme, kind="quarter", year=2024, quarter=quarter
        )
        report = workflow.save_report(
            **as_("editor"),
            activity=activity,
            period=period,
            content=workflow.Content(status="on_track", narrative=f"Quarter {quarter}"),
            based_on=0,
        )
        workflow.add_evidence(
            **as_("editor"),
            report=report,
            upload=SimpleUploadedFile(f"act {quarter}.pdf", PDF + str(quarter).encode()),
            description=f"Acceptance act {quarter}",
            based_on=current(report),
        )
        if path != "draft":
            move("head", report, "submit")
        if path == "approved":
            move("reviewer", report, "approve")
        if path == "returned":
            move("reviewer", report, "return", "Attach the signed act")
    sync_indicators(programme)
    for year, indicator in enumerate(Indicator.objects.filter(programme=programme)[:3], 2022):
        observe(indicator.code, year, 10 + year % 7)
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    call_command("api_token", user="editor", stdout=io.StringIO())
    tokens = [
        model._meta.label
        for model in apps.get_models()
        if model._base_manager.count() > counts[model._meta.label]
    ]
    assert tokens, "issuing an API token wrote a row"
    return {
        label: apps.get_model(label)._base_manager.count()
        for label in [
            ProgressReport._meta.label,
            ReportRevision._meta.label,
            AuditEntry._meta.label,
            Evidence._meta.label,
            "indicators.Observation",
            *tokens,
        ]
    }


def rewritten(archive: Path, target: Path, *, manifest=None, flip: str | None = None) -> Path:
    """A copy of `archive` with another manifest, or with one byte of a member changed."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest is not None:
                data = json.dumps(manifest).encode()
                member.size = len(data)
            if member.name == flip:
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_an_instance_comes_back_whole_from_its_backup_and_a_bad_archive_is_refused(
    team, instances, settings
):
    expected = fill(team)
    source = instances.of_this_test()
    assert Path(settings.MEDIA_ROOT, "evidence").is_dir()

    made = jasyl(source, "backup", "--output", str(instances.root / "archives"))
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip())
    assert archive.is_file() and archive.name.startswith("jasyl-backup-")
    assert archive.stat().st_mode & 0o077 == 0, "only its owner may read an archive"

    empty = instances.env("restored")
    restored = jasyl(empty, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr

    before, after = dump(source), dump(empty)
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    for label, count in expected.items():
        assert len(after[label]) == count > 0, label
    assert after == before, "every row of every model, field by field"
    # Timestamps keep their microseconds (dumpdata and loaddata would not).
    stamps = [datetime.datetime.fromisoformat(e["at"]) for e in after["reporting.AuditEntry"]]
    assert any(stamp.microsecond for stamp in stamps)
    evidence = files_under(Path(settings.MEDIA_ROOT))
    assert files_under(Path(empty["JASYL_MEDIA_DIR"])) == evidence
    assert len([name for name in evidence if name.startswith("evidence/")]) == 4
    assert jasyl(empty, "migrate", "--check").returncode == 0

    # The restored instance now holds data: a second restore stops before touching it.
    again = jasyl(empty, "restore", str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr

    database = SQLITE_MEMBER if connection.vendor == "sqlite" else POSTGRES_MEMBER
    damaged = rewritten(archive, instances.root / "damaged.tar", flip=database)
    untouched = instances.env("damaged")
    refused = jasyl(untouched, "restore", str(damaged))
    assert refused.returncode != 0
    assert "damaged" in refused.stderr and database in refused.stderr
    assert "checksum" in jasyl(untouched, "restore", "--check", str(damaged)).stderr
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["database"]["vendor"] == connection.vendor
    assert {f["path"] for f in manifest["files"]} == {database} | {
        f"media/{name}" for name in evidence
    }
    manifest["migrations"]["reporting"].append("9999_from_a_later_version")
    newer = rewritten(archive, instances.root / "newer.tar", manifest=manifest)
    refused = jasyl(untouched, "restore", str(newer))
    assert refused.returncode != 0 and "reporting.9999_from_a_later_version" in refused.stderr
    assert table_names(untouched) == [], "nothing was written"
    assert not files_under(Path(untouched["JASYL_MEDIA_DIR"]))


def table_names(env: dict[str, str]) -> list[str]:
    """The tables of an instance's database (none in an empty one)."""
    script = (
        "import django, json; django.setup(); from django.db import connection; "
        "print(json.dumps(connection.introspection.table_names()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    names: list[str] = json.loads(result.stdout)
    return names


def test_a_postgresql_restore_leaves_postgis_to_the_database_it_goes_into():
    """Only a superuser may drop or create PostGIS: the restore keeps the target's extension
    and its spatial_ref_sys, and restores every table of Jasyl's with its data."""
    from jasyl.core.backups import _restorable

    listing = [
        "2; 3079 106537 EXTENSION - postgis ",
        "5204; 0 0 COMMENT - EXTENSION postgis ",
        "220; 1259 106900 TABLE public places_administrativeunit jasyl",
        "4400; 0 106850 TABLE DATA public spatial_ref_sys postgres",
        "4401; 0 106900 TABLE DATA public places_administrativeunit jasyl",
    ]
    assert _restorable(listing) == [
        "220; 1259 106900 TABLE public places_administrativeunit jasyl",
        "4401; 0 106900 TABLE DATA public places_administrativeunit jasyl",
    ]
