"""The deployment files of `deploy/` as far as this machine can check them without a network:
the systemd units, gunicorn's configuration (and its workers' metrics, summed), the Compose file.
The same on either database: .ci/run runs it once."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from configparser import ConfigParser
from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.once

DEPLOY = Path(settings.REPO_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted(
    (DEPLOY / "systemd").glob("*.timer")
)
BIN = Path(sys.executable).parent


def test_the_systemd_units_are_valid(tmp_path):
    assert {u.name for u in UNITS} == {
        "jasyl-web.service",
        "jasyl-worker.service",
        "jasyl-backup.service",
        "jasyl-backup.timer",
    }
    for unit in UNITS:
        parsed = ConfigParser(strict=False, interpolation=None)
        parsed.optionxform = str  # type: ignore[assignment,method-assign]
        parsed.read(unit)
        assert parsed["Unit"]["Description"]
        if unit.suffix == ".service":
            assert parsed["Service"]["User"] == "jasyl"
            assert parsed["Service"]["EnvironmentFile"] == "/etc/jasyl/jasyl.env"
            assert parsed["Service"]["ExecStart"].startswith("/opt/jasyl/.venv/bin/")
        else:
            assert parsed["Timer"]["Unit"] == "jasyl-backup.service"
    worker = (DEPLOY / "systemd" / "jasyl-worker.service").read_text()
    assert "ExecStart=/opt/jasyl/.venv/bin/jasyl run-worker" in worker
    if shutil.which("systemd-analyze") is None:
        return
    # systemd-analyze also checks that each command exists: the installed programs are stood in
    # for by empty scripts in a copy of the units.
    programs = tmp_path / "bin"
    programs.mkdir()
    for name in ("jasyl", "gunicorn"):
        (programs / name).write_text("#!/bin/sh\n")
        (programs / name).chmod(0o755)
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/opt/jasyl/.venv/bin/", f"{programs}/"))
        copies.append(str(copy))
    result = subprocess.run(
        ["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", "no warning (an unknown key, a bad value ...)"


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed here")
def test_the_caddyfile_is_valid(tmp_path):
    result = subprocess.run(
        ["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
        env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None,
    reason="nginx (or openssl, for a stand-in certificate) is not installed here",
)
def test_the_nginx_site_is_valid(tmp_path):
    key = ["-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem")]
    certificate = ["-x509", "-days", "1", "-subj", "/CN=jasyl.example.kz"]
    subprocess.run(
        ["openssl", "req", *key, *certificate, "-out", str(tmp_path / "cert.pem")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    site = (DEPLOY / "nginx.conf").read_text()
    site = re.sub(r"/etc/letsencrypt/live/[^;]+/fullchain\.pem", str(tmp_path / "cert.pem"), site)
    site = re.sub(r"/etc/letsencrypt/live/[^;]+/privkey\.pem", str(tmp_path / "key.pem"), site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_loads_the_configuration_and_the_application():
    result = subprocess.run(
        [
            str(BIN / "gunicorn"),
            "--check-config",
            "--config",
            str(DEPLOY / "gunicorn.conf.py"),
            "jasyl.wsgi:application",
        ],
        cwd=settings.REPO_DIR,
        env={**os.environ, "JASYL_SECRET_KEY": "check-config-" + "k" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    conf = (DEPLOY / "gunicorn.conf.py").read_text()
    for setting in (
        "workers",
        "threads",
        "timeout",
        "graceful_timeout",
        "limit_request_line",
        "limit_request_fields",
        "limit_request_field_size",
        "forwarded_allow_ips",
        "accesslog",
    ):
        assert re.search(rf"^{setting} = ", conf, re.MULTILINE), setting


SECRET = re.compile(r"(PASSWORD|SECRET|TOKEN|KEY)", re.IGNORECASE)
CREDENTIALS = re.compile(r"://[^/:@\s]+:[^/@\s]+@")  # user:password@ in a URL


def test_the_compose_file_names_its_services_and_holds_no_secret():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "redis", "web", "worker"}
    assert services["db"]["image"] == "postgis/postgis:15-3.3"
    assert services["worker"]["command"] == ["jasyl", "run-worker"]
    assert "/readyz" in (DEPLOY / "healthcheck.py").read_text()
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    for name in ("db", "web", "worker"):
        assert services[name]["env_file"], f"{name} reads its settings from the env file"
    for name, service in services.items():
        environment = service.get("environment", {})
        assert isinstance(environment, dict)
        for variable in environment:
            assert not SECRET.search(variable), f"{name}: {variable} is set in the Compose file"
    assert not CREDENTIALS.search((DEPLOY / "docker-compose.yml").read_text())
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "HEALTHCHECK" in dockerfile and "collectstatic" in dockerfile


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_the_metrics_of_every_gunicorn_worker_are_summed(tmp_path):
    port = free_port()
    metrics_dir = tmp_path / "metrics"
    env = {
        **os.environ,
        "JASYL_SECRET_KEY": "gunicorn-test-" + "k" * 50,
        "JASYL_DATA_DIR": str(tmp_path / "data"),
        "JASYL_STATIC_ROOT": str(tmp_path / "static"),
        "JASYL_ALLOWED_HOSTS": "localhost",
        "JASYL_BIND": f"127.0.0.1:{port}",
        "JASYL_WEB_WORKERS": "2",
        "JASYL_WEB_THREADS": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    # What a previous run left must not count (gunicorn.conf.py empties the folder).
    metrics_dir.mkdir()
    (metrics_dir / "counter_1.db").write_bytes(b"stale")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py"), "jasyl.wsgi"],
        cwd=settings.REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        answered = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(base + "/healthz")
                answered += 1
                break
            except OSError:
                time.sleep(0.2)
        assert answered, "gunicorn started"
        # A worker loads the whole application before it takes requests (jasyl/wsgi.py), so the
        # second may still be starting when the first answers: ask until both have answered.
        workers: set[str] = set()
        while len(workers) < 2 and time.monotonic() < deadline:
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(lambda _: get(base + "/healthz"), range(40)))
            answered += len(answers)
            workers = {f.name.split("_")[-1] for f in metrics_dir.glob("counter_*.db")}
        assert len(workers) == 2, "both workers answered and counted"
        for _ in range(3):  # whichever worker answers, it reports the sum
            status, _, body = get(base + "/metrics")
            assert status == 200
            text = body.decode()
            count = re.search(
                r'^jasyl_http_requests_total\{method="GET",status="200",view="healthz"\} (\S+)$',
                text,
                re.MULTILINE,
            )
            assert count and float(count.group(1)) == answered
            # The empty database does not answer the domain's gauges; the scrape still works.
            assert "jasyl_database_up 0.0" in text
        request_id = answers[0][1]["X-Request-ID"]
        # The container's health check asks /readyz: the empty database is not ready.
        check = subprocess.run(
            [sys.executable, str(DEPLOY / "healthcheck.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 1 and "503" in check.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    access = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    line = next(entry for entry in access if entry.get("request_id") == request_id)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
