"""Request ids and structured logs: every answer names its request, a trusted proxy's id is
kept and a forged one replaced, and with JASYL_LOG_FORMAT=json each record is one JSON object."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from jasyl.core.logs import JsonFormatter


@pytest.fixture
def json_lines():
    """What the `jasyl.requests` and `django.request` loggers write, through the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("jasyl.requests"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_every_answer_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_the_trusted_proxys_request_id_is_kept(client):
    # The test client's address is 127.0.0.1, in JASYL_TRUSTED_PROXIES by default.
    answer = client.get("/healthz", HTTP_X_REQUEST_ID="4f6c1e0e-9b1d-4c55-a1de-0a4a3f5e2b71")
    assert answer["X-Request-ID"] == "4f6c1e0e-9b1d-4c55-a1de-0a4a3f5e2b71"


@pytest.mark.parametrize(
    ("incoming", "remote"),
    [
        ("chosen-by-the-client", "203.0.113.9"),
        ('forged"}\n{"level": "ERROR', "127.0.0.1"),
        ("x" * 129, "127.0.0.1"),
        ("", "127.0.0.1"),
    ],
)
def test_an_id_from_a_client_or_an_odd_one_is_replaced(client, incoming, remote):
    answer = client.get("/healthz", HTTP_X_REQUEST_ID=incoming, REMOTE_ADDR=remote)
    assert answer["X-Request-ID"] != incoming
    assert len(answer["X-Request-ID"]) == 32


def test_a_request_is_logged_as_one_json_object_with_its_id(client, json_lines):
    answer = client.get("/healthz?token=never-logged")
    [line] = json_lines()
    assert line["request_id"] == answer["X-Request-ID"]
    assert (line["level"], line["logger"]) == ("INFO", "jasyl.requests")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert isinstance(line["duration_ms"], float)
    assert line["message"] == "GET /healthz 200"
    assert line["time"].endswith("+00:00")
    assert "user_id" not in line
    assert "never-logged" not in json.dumps(line)


def test_the_signed_in_person_is_named_by_id(client, team, json_lines):
    client.force_login(team["editor"])
    client.get("/kk/")
    lines = json_lines()
    assert lines[-1]["path"] == "/kk/" and lines[-1]["status"] == 200
    assert lines[-1]["user_id"] == team["editor"].pk


def test_records_written_while_serving_carry_the_request_id(client, db, json_lines):
    answer = client.get("/kk/no-such-page-for-logs/")
    # The request's line, and Django's own warning about the 404: the same id in both.
    line, warning = sorted(json_lines(), key=lambda line: line["logger"] == "django.request")
    assert warning["level"] == "WARNING" and warning["status"] == 404
    assert warning["request_id"] == answer["X-Request-ID"] == line["request_id"]


def test_an_exception_is_written_inside_its_json_object():
    formatter = JsonFormatter()
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord(
            "jasyl", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    [line] = formatter.format(record).splitlines()
    entry = json.loads(line)
    assert entry["message"] == "failed" and "ValueError: bad" in entry["exception"]


LOG_SOMETHING = (
    "import logging, django; django.setup(); "
    "logging.getLogger('jasyl.example').warning('Сапа: %s', 'жақсы')"
)


@pytest.mark.once
@pytest.mark.parametrize("log_format", ["json", ""])
def test_the_setting_chooses_json_lines_or_plain_text(log_format):
    env = {
        **os.environ,
        "JASYL_LOG_FORMAT": log_format,
        "JASYL_SECRET_KEY": "log-test-" + "k" * 50,
        "PYTHONIOENCODING": "utf-8",
    }
    result = subprocess.run(
        [sys.executable, "-c", LOG_SOMETHING], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    if log_format == "json":
        [line] = result.stderr.splitlines()
        entry = json.loads(line)
        assert (entry["level"], entry["logger"]) == ("WARNING", "jasyl.example")
        assert entry["message"] == "Сапа: жақсы"
    else:
        assert result.stderr == "Сапа: жақсы\n"
