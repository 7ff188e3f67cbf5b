"""A SQLite database file, as production keeps one, for the tests that need several processes
or threads writing at once: the tests' own database is in memory, where SQLite locks tables
instead of the file and never waits.

`database_file` writes the test database as it is now (committed data: a `transactional_db`
test) to a file; `run_with` runs a command of the project against that file in its own
process, with the production settings (WAL, the busy timeout, immediate transactions).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[3]

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a SQLite file is what these tests are about"
)


def database_file(folder: Path) -> Path:
    """The test database, as committed now, copied to `folder/jasyl.sqlite3`."""
    path = folder / "jasyl.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def environment(path: Path, **extra: str) -> dict[str, str]:
    """The environment of a process that uses the database file `path`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jasyl.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "JASYL_DATA_DIR": str(path.parent),
        "JASYL_MEDIA_DIR": str(path.parent / "media"),
        "JASYL_SECRET_KEY": "a-test-key-" + "x" * 50,
        "JASYL_DEBUG": "0",
        **extra,
    }


def popen(path: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    """`python -m <args>` against the database file, its output read as text."""
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=REPO,
        env=environment(path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_with(path: Path, *args: str, timeout: float = 120, **extra: str) -> str:
    """Run `python -m <args>` against the database file; its output (it must succeed)."""
    process = popen(path, *args, **extra)
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def query(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows read straight from the database file, as another process would see them."""
    with sqlite3.connect(path) as db:
        return db.execute(sql, params).fetchall()
