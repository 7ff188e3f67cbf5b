"""gunicorn's settings for Jasyl: `gunicorn -c deploy/gunicorn.conf.py jasyl.wsgi:application`.

Every value can be changed through the environment (docs/deployment.md). The settings are
gunicorn's own: <https://docs.gunicorn.org/en/stable/settings.html>.
"""

import datetime
import json
import os
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


bind = os.environ.get("JASYL_BIND", "127.0.0.1:8000")
# Processes: about two per core. Threads per process: page renders spend part of their time
# waiting on the database, and a second thread uses that time; more than one makes gunicorn
# use its threaded worker.
workers = _number("JASYL_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _number("JASYL_WEB_THREADS", 2)
# A request still running after this many seconds is stopped (its worker restarted). The PDF
# reports are the slowest pages; the proxies' read timeouts are set a little longer.
timeout = _number("JASYL_WEB_TIMEOUT", 60)
# On a restart or a stop, a worker finishes what it is answering for this long.
graceful_timeout = _number("JASYL_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after this many requests (with jitter), which bounds any slow leak.
max_requests = _number("JASYL_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Request limits, checked before Jasyl sees the request (docs/deployment.md, "Input limits"):
# the request line (method, path and query), the number of header fields, one header field.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# The proxies whose X-Forwarded-Proto (https) gunicorn believes: the reverse proxy on this
# machine. Behind a proxy elsewhere (another host, a container network) list its address;
# never "*" when the port can be reached from outside. Keep JASYL_TRUSTED_PROXIES in step.
forwarded_allow_ips = os.environ.get("JASYL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to the standard streams (journald or the container's log); the access log is one JSON
# object per line. Set JASYL_ACCESS_LOG to an empty value to leave it out (Jasyl's own request
# lines, JASYL_LOG_FORMAT=json, hold the same and the request's view and person).
accesslog = os.environ.get("JASYL_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("JASYL_GUNICORN_LOG_LEVEL", "info")


class JsonAccessLogger(Logger):
    """The access log as JSON, escaped properly (gunicorn's format string would not escape a
    quote in a path)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in getattr(resp, "headers", [])}
        status = str(resp.status).split(None, 1)[0]
        entry = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote_addr": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status) if status.isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": headers.get("x-request-id"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


logger_class = JsonAccessLogger


# Prometheus with several workers: each writes its counts under PROMETHEUS_MULTIPROC_DIR, which
# must be empty when gunicorn starts; a dead worker's gauges are dropped.
# <https://prometheus.github.io/client_python/multiprocess/>
def on_starting(server: Any) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
