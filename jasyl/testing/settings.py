"""Settings every test process runs with: pytest's own (jasyl/conftest.py) and the processes the
tests start against a database file (jasyl/core/tests/sqlite_scenarios.py)."""

from __future__ import annotations

from typing import Any

# Tests create many accounts: a fast hasher keeps the set-up cheap. The password rules (length,
# common, numeric) are validators, not hashers, and stay as in production.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages render without running collectstatic first.
PLAIN_STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def with_plain_static_files(storages: dict[str, Any]) -> dict[str, Any]:
    return {**storages, "staticfiles": PLAIN_STATIC_FILES}
