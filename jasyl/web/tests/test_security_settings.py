"""The settings a production start needs: no start without a secret key when DEBUG is off, and
`check --deploy` clean with the production environment (docs/deployment.md, "Security
settings"). Each runs Jasyl in a fresh process with exactly the environment it names."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

JASYL = Path(sys.executable).parent / "jasyl"
PRODUCTION = {
    "JASYL_DEBUG": "0",
    "JASYL_ALLOWED_HOSTS": "jasyl.example.kz",
    "JASYL_HSTS_SECONDS": "31536000",
    "JASYL_HSTS_INCLUDE_SUBDOMAINS": "1",
    "JASYL_HSTS_PRELOAD": "1",
    "JASYL_SSL_REDIRECT": "1",
    "JASYL_SECURE_COOKIES": "1",
    "JASYL_PROXY_SSL_HEADER": "1",
    "JASYL_CSRF_TRUSTED_ORIGINS": "https://jasyl.example.kz",
}


def environment(data_dir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without any JASYL_ setting, in an empty data folder."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("JASYL_")}
    kept.pop("DATABASE_URL", None)
    kept.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests (testing/browser.py)
    return {**kept, "JASYL_DATA_DIR": str(data_dir), **variables}


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True, text=True, env={**env, "DJANGO_SETTINGS_MODULE": "jasyl.settings"},
        timeout=120, check=False,
    )  # fmt: skip


def jasyl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JASYL), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_without_a_secret_key_and_with_debug_off_jasyl_refuses_to_start(tmp_path):
    result = python("", environment(tmp_path, JASYL_DEBUG="0"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: JASYL_SECRET_KEY is not set" in result.stderr


def test_with_a_secret_key_it_starts_and_signs_with_that_key(tmp_path):
    key = secrets.token_urlsafe(50)
    env = environment(tmp_path, JASYL_DEBUG="0", JASYL_SECRET_KEY=key)
    result = python("from django.conf import settings; print(settings.SECRET_KEY)", env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key
    assert jasyl("check", env=env).returncode == 0


def test_the_key_that_dev_keeps_in_the_data_folder_is_used(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 10 + secrets.token_urlsafe(50) + "\n")
    result = python(
        "from django.conf import settings; print(settings.SECRET_KEY)",
        environment(tmp_path, JASYL_DEBUG="0"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (tmp_path / "secret_key").read_text().strip()


def test_check_deploy_finds_nothing_with_the_production_environment(tmp_path):
    env = environment(tmp_path, **PRODUCTION, JASYL_SECRET_KEY=secrets.token_urlsafe(50))
    result = jasyl("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_the_development_defaults_leave_off(tmp_path):
    env = environment(tmp_path, JASYL_SECRET_KEY=secrets.token_urlsafe(50))
    result = jasyl("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):  # HSTS, https, the two cookies
        assert f"security.{warning}" in result.stderr


def test_the_production_environment_turns_the_cookie_and_proxy_settings_on(tmp_path):
    env = environment(tmp_path, **PRODUCTION, JASYL_SECRET_KEY=secrets.token_urlsafe(50))
    names = [
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
    ]  # fmt: skip
    result = python(
        f"import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))",
        env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://jasyl.example.kz"],
    }  # fmt: skip
    # Never trusted unless asked: a client could claim https.
    plain = python(
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        environment(tmp_path, JASYL_SECRET_KEY=secrets.token_urlsafe(50)),
    )
    assert plain.stdout.strip() == "None"
