"""Backups of an instance: its database and its uploaded files in one checked archive.

An archive is a tar file (optionally gzip-compressed) named with the time it was made:

- `database.sqlite3`, a consistent copy made with SQLite's online backup API while the site
  runs, or `database.dump`, PostgreSQL's custom format from `pg_dump -Fc`;
- `media/...`, every file under `MEDIA_ROOT` (report evidence, imported workbooks);
- `manifest.json`, last: the time, the versions of Jasyl, Django, Python and the database
  server, the applied migrations, and the size and SHA-256 checksum of every other member.

The database is copied before the files: a file uploaded while the backup runs may then be in
the archive without its row (harmless), never a row without its file. A restore checks every
checksum before it writes anything, refuses an archive whose migrations the code does not know,
then restores the database and then the files. See docs/operations.md.

SQLite's backup API: <https://docs.python.org/3/library/sqlite3.html#sqlite3.Connection.backup>;
pg_dump and pg_restore: <https://www.postgresql.org/docs/15/app-pgdump.html>,
<https://www.postgresql.org/docs/15/app-pgrestore.html>.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# PostgreSQL connection settings that libpq also reads from the environment
# (<https://www.postgresql.org/docs/15/libpq-envars.html>): nothing goes on the command line,
# where other users of the machine could read it.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    files: int
    migrated: bool


# Creating an archive


def create_backup(*, output: Path, compress: bool = False) -> Backup:
    """Write one archive of the database and the media files into `output`."""
    now = datetime.datetime.now(datetime.UTC)
    vendor = _vendor()
    _check_apart(output, "the backup folder")
    output.mkdir(parents=True, exist_ok=True)
    name = f"jasyl-backup-{now:%Y%m%dT%H%M%SZ}.tar" + (".gz" if compress else "")
    final = output / name
    if final.exists():
        raise BackupError(f"{final} exists already; wait a second and run the backup again.")
    partial = output / f".{name}.partial"
    staging = Path(tempfile.mkdtemp(prefix=".jasyl-backup-", dir=output))
    try:
        dump = staging / (SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER)
        if vendor == "sqlite":
            _check_apart(_sqlite_path(), "the SQLite database")
            _copy_sqlite(_sqlite_path(), dump)
        else:
            _pg_dump(dump)
        files: list[dict[str, Any]] = []
        # Only the owner may read an archive: it holds password hashes and API tokens.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(
                fileobj=raw, mode="w:gz" if compress else "w", format=tarfile.PAX_FORMAT
            ) as tar,
        ):
            files.append(_add_file(tar, dump, dump.name))
            for path, member in _media_files():
                files.append(_add_file(tar, path, member))
            manifest = _manifest(now=now, vendor=vendor, files=files)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = _tarinfo(MANIFEST, size=len(data), mtime=now.timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return Backup(path=final, manifest=manifest)


def _check_apart(path: Path, what: str) -> None:
    """The media folder is copied, and on a forced restore emptied, whole: it must not hold the
    SQLite database or the archives."""
    media = Path(settings.MEDIA_ROOT).resolve()
    if path.resolve().is_relative_to(media):
        raise BackupError(
            f"{what.capitalize()} ({path}) is inside MEDIA_ROOT ({media}): move one of them."
        )


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"The SQLite database {name!r} is not a file.")
    return Path(name)


def _copy_sqlite(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    # One step (pages=-1) copies a consistent snapshot under a read lock; in WAL mode writers
    # go on meanwhile. (A connection used as a context manager commits; `closing` closes.)
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _libpq_environment() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in {
        "HOST": "PGHOST",
        "PORT": "PGPORT",
        "USER": "PGUSER",
        "NAME": "PGDATABASE",
        "PASSWORD": "PGPASSWORD",
    }.items():
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS")
    options = options if isinstance(options, dict) else {}
    for option, var in LIBPQ_OPTIONS.items():
        value = options.get(option)
        if value:
            env[var] = str(value)
    return env


def _run_postgres_tool(args: list[str]) -> str:
    program = shutil.which(args[0])
    if program is None:
        raise BackupError(
            f"{args[0]} was not found: install PostgreSQL's client programs "
            "(Debian: postgresql-client-15), as new as the server."
        )
    # --no-password: never wait for a prompt (cron and systemd have no one to answer it).
    result = subprocess.run(
        [program, "--no-password", *args[1:]],
        env=_libpq_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed:\n{result.stderr.strip()}")
    return result.stdout


def _pg_dump(target: Path) -> None:
    _run_postgres_tool(["pg_dump", "--format=custom", f"--file={target}"])


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        # Links are not followed: an archive holds the instance's own files only.
        if path.is_file() and not path.is_symlink():
            yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


class _Hashing(io.RawIOBase):
    """Reads a file and hashes what it read, so the checksum is that of the archived bytes."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _tarinfo(name: str, *, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    return info


def _add_file(tar: tarfile.TarFile, path: Path, member: str) -> dict[str, Any]:
    with path.open("rb") as file:
        stat = os.fstat(file.fileno())
        reader = _Hashing(file)
        tar.addfile(_tarinfo(member, size=stat.st_size, mtime=stat.st_mtime), reader)
    return {"path": member, "size": stat.st_size, "sha256": reader.sha256.hexdigest()}


def _server_version(vendor: str) -> str:
    if vendor == "sqlite":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _jasyl_version() -> str:
    try:
        return importlib.metadata.version("jasyl")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _manifest(
    *, now: datetime.datetime, vendor: str, files: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created": now.isoformat(),
        "versions": {
            "jasyl": _jasyl_version(),
            "django": django.get_version(),
            "python": platform.python_version(),
        },
        "database": {"vendor": vendor, "server_version": _server_version(vendor)},
        "migrations": _applied_migrations(),
        "files": files,
    }


# Restoring an archive


def restore_backup(
    *, archive: Path, force: bool = False, say: Callable[[str], None] = lambda _: None
) -> Restored:
    """Check `archive`, then restore its database and then its media files."""
    vendor = _vendor()
    media = Path(settings.MEDIA_ROOT)
    if vendor == "sqlite":
        _check_apart(_sqlite_path(), "the SQLite database")
    try:
        has_tables = _database_has_tables()
    except DatabaseError as error:
        raise BackupError(f"The database does not answer: {error}") from None
    if not force:
        if has_tables:
            raise BackupError(
                "The database is not empty: restore into an empty one, or add --force to "
                "replace what it holds."
            )
        if _has_files(media):
            raise BackupError(
                f"{media} holds files: restore into an empty folder, or add --force to "
                "replace them."
            )
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".jasyl-restore-", dir=media.parent))
    try:
        say(f"Checking {archive} ...")
        manifest = verify_archive(archive=archive, into=staging)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {manifest['database']['vendor']} database; this instance "
                f"uses {vendor}."
            )
        say("Restoring the database ...")
        if vendor == "sqlite":
            _restore_sqlite(staging / SQLITE_MEMBER)
        else:
            _restore_postgres(staging / POSTGRES_MEMBER, replace=force)
        say("Restoring the media files ...")
        files = _restore_media(staging / MEDIA_PREFIX, media)
        migrated = _migrate_if_older()
        # Cached pages and plans belong to the database that was replaced.
        cache.clear()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(manifest=manifest, files=files, migrated=migrated)


def verify_archive(*, archive: Path, into: Path | None = None) -> dict[str, Any]:
    """Read `archive` through, check every member against the manifest and the migrations
    against the code's; with `into`, the members are written there. Returns the manifest."""
    found: dict[str, tuple[int, str]] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(archive, mode="r|*") as tar:
            for member in tar:
                name = _checked_name(member)
                source = tar.extractfile(member)
                assert source is not None  # a regular file, checked above
                if name == MANIFEST:
                    manifest_data = source.read()
                    continue
                if name in found:
                    raise BackupError(f"The archive holds {name} twice.")
                found[name] = _copy_member(source, None if into is None else into / name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"{archive} is damaged or is not a Jasyl backup ({error}).") from None
    if manifest_data is None:
        raise BackupError(f"{archive} has no manifest: it is damaged or not a Jasyl backup.")
    try:
        manifest: dict[str, Any] = json.loads(manifest_data)
        expected = {f["path"]: (int(f["size"]), str(f["sha256"])) for f in manifest["files"]}
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"The manifest of {archive} cannot be read.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is in format {manifest.get('format')!r}, not {FORMAT}.")
    wrong = sorted(
        name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name)
    )
    if wrong:
        listed = ", ".join(wrong[:10]) + (" ..." if len(wrong) > 10 else "")
        raise BackupError(
            f"{archive} is damaged: {len(wrong)} file(s) missing, unexpected or not matching "
            f"their SHA-256 checksum: {listed}"
        )
    _check_schema(manifest)
    return manifest


def _checked_name(member: tarfile.TarInfo) -> str:
    """The member's name, if it is one a Jasyl backup holds (never a path out of the folder)."""
    path = PurePosixPath(member.name)
    safe = (
        member.isreg()
        and not path.is_absolute()
        and all(part not in {"", ".", ".."} for part in path.parts)
        and (
            member.name in {MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER}
            or (member.name.startswith(MEDIA_PREFIX) and len(path.parts) > 1)
        )
    )
    if not safe:
        raise BackupError(f"The archive holds {member.name!r}, which no Jasyl backup holds.")
    return member.name


def _copy_member(source: IO[bytes], target: Path | None) -> tuple[int, str]:
    sha256 = hashlib.sha256()
    size = 0
    out: IO[bytes] | None = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("xb")
    try:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    finally:
        if out is not None:
            out.close()
    return size, sha256.hexdigest()


def unknown_migrations(archived: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The archived migrations of the code's apps that the code does not have (nor replaces
    with a squashed one). An app the code no longer has is left out: its tables stay unused."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return sorted(
        (app, name)
        for app, name in archived - known
        if app in loader.migrated_apps or app in loader.unmigrated_apps
    )


def _check_schema(manifest: dict[str, Any]) -> None:
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = unknown_migrations(archived)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise BackupError(
            "The archive comes from a newer version of Jasyl: this code does not have the "
            f"migrations {listed}. Install the version that made it "
            f"({manifest['versions']['jasyl']}) or a later one, then restore."
        )


# PostgreSQL tables that belong to an extension (PostGIS's `spatial_ref_sys`): the extension is
# created in the empty database before a restore and is not Jasyl's to drop.
EXTENSION_TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
      )
"""


def _own_tables() -> list[str]:
    """The database's tables, without those an extension owns."""
    if connection.vendor != "postgresql":
        return connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute(EXTENSION_TABLES)
        return [name for (name,) in cursor.fetchall()]


def _database_has_tables() -> bool:
    return bool(_own_tables())


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def _restore_sqlite(source: Path) -> None:
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    # The backup API writes the whole database into the target, replacing what it held.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# Entries of pg_restore's table of contents for an extension and its comment ("1; 3079 16385
# EXTENSION - postgis", "2; 0 0 COMMENT - EXTENSION postgis"), and the data of the tables an
# extension makes (PostGIS's spatial_ref_sys: "3; 0 16390 TABLE DATA public spatial_ref_sys",
# with no TABLE entry of its own) are left out of a restore: only a superuser may drop or create
# PostGIS, and the target database has it, with its tables, already.
EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (EXTENSION - |COMMENT - EXTENSION )(\S+)")
TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ (TABLE DATA|TABLE) (\S+ \S+) ")


def _restorable(entries: list[str]) -> list[str]:
    """The table of contents without the extensions and the data of the tables they own."""
    tables = {m[2] for line in entries if (m := TABLE_ENTRY.match(line)) and m[1] == "TABLE"}
    kept = []
    for line in entries:
        if EXTENSION_ENTRY.match(line):
            continue
        table = TABLE_ENTRY.match(line)
        if table and table[1] == "TABLE DATA" and table[2] not in tables:
            continue
        kept.append(line)
    return kept


def _restore_postgres(dump: Path, *, replace: bool) -> None:
    entries = _run_postgres_tool(["pg_restore", "--list", str(dump)]).splitlines()
    extensions = {m[2] for line in entries if (m := EXTENSION_ENTRY.match(line))}
    _require_extensions(extensions)
    if replace:
        # Tables the archive does not have (from a later migration) would stop `migrate`.
        tables = _own_tables()
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connections.close_all()
    listing = dump.with_name("restore.list")
    listing.write_text("".join(f"{line}\n" for line in _restorable(entries)), encoding="utf-8")
    _run_postgres_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--use-list={listing}",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(dump),
        ]
    )


def _require_extensions(names: set[str]) -> None:
    """The extensions the archive's database had (PostGIS) must be in the target database:
    created here when this role may, else named for the operator to create."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        present = {name for (name,) in cursor.fetchall()}
        for name in sorted(names - present):
            try:
                with transaction.atomic():
                    quoted = connection.ops.quote_name(name)
                    cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {quoted}")
            except DatabaseError:
                raise BackupError(
                    f"The database has no {name} extension and this role may not create it: as "
                    f"a PostgreSQL superuser run CREATE EXTENSION {name}; in it, then restore "
                    "again (docs/operations.md)."
                ) from None


def _restore_media(staged: Path, media: Path) -> int:
    media.mkdir(parents=True, exist_ok=True)
    for entry in media.iterdir():
        # Reached only with --force (or when the folder held no files, only empty folders).
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if not staged.is_dir():
        return 0
    files = sum(1 for p in staged.rglob("*") if p.is_file())
    for entry in staged.iterdir():
        shutil.move(entry, media / entry.name)
    return files


def _migrate_if_older() -> bool:
    """An archive from an older version gets the code's later migrations."""
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True
