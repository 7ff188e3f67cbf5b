"""Soak: a mixed load for a bounded time against gunicorn and the background worker, on SQLite
and on PostgreSQL, printed side by side.

Each database gets a fresh instance (the Green Almaty roadmap, its indicators, one account per
role, the reporting year 2025 open, one official air-quality station). Then, at once and for
`--seconds`:

- `public`: anonymous visitors read portal pages (dashboard, plan, activities, indicators,
  agencies, audit, air quality), `--public` clients;
- `api`: anonymous API reads (lists and details), `--api` clients;
- `sign-in`: people sign in, open their reporting page and sign out, one client;
- `save`: an agency editor saves the draft report of activity 2.2 through the API with a token,
  reading its revision first, one client;
- `ingest`: one file of `--ingest-rows` air-quality values ingested by `jasyl ingest-air`, once;
- `pdf`: the programme report of 2025 asked for, then asked again until it is ready (the worker
  builds it), once.

For each kind it prints the requests, the answers by status class, and p50/p99 latency; the
exit status is 1 when any answer was a 5xx (or a connection failed). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import (
    BIN,
    HOST,
    REPO,
    gunicorn,
    jasyl,
    postgres_primary,
    worker,
)

PROGRAMME = "green-almaty"
PASSWORD = "a-long-test-password-1"  # jasyl/testing/people.py, the accounts made below
PUBLIC = [
    "/kk/",
    "/ru/",
    f"/en/programmes/{PROGRAMME}/roadmap/",
    f"/kk/programmes/{PROGRAMME}/activities/",
    f"/ru/programmes/{PROGRAMME}/activities/2.2/",
    f"/en/programmes/{PROGRAMME}/activities/1.4/",
    f"/kk/programmes/{PROGRAMME}/indicators/",
    f"/en/programmes/{PROGRAMME}/agencies/",
    f"/ru/programmes/{PROGRAMME}/audit/",
    f"/en/programmes/{PROGRAMME}/targets/",
    f"/kk/programmes/{PROGRAMME}/air/",
    f"/en/programmes/{PROGRAMME}/ledgers/emissions/",
]
API = [
    "/api/v1/programmes/",
    f"/api/v1/programmes/{PROGRAMME}/plan/",
    f"/api/v1/programmes/{PROGRAMME}/activities/?section=air",
    f"/api/v1/programmes/{PROGRAMME}/activities/2.2/",
    f"/api/v1/programmes/{PROGRAMME}/audit/?severity=error",
    f"/api/v1/programmes/{PROGRAMME}/indicators/",
    f"/api/v1/programmes/{PROGRAMME}/reports/",
]
REPORT = f"/api/v1/programmes/{PROGRAMME}/reports/2025/2.2/"
SETUP = f"""
from jasyl.domain.airquality.models import Station
from jasyl.domain.people.access import access_for
from jasyl.domain.reporting.workflow import create_period
from jasyl.domain.roadmap.models import Programme
from jasyl.testing.people import team
programme = Programme.objects.get(code={PROGRAMME!r})
people = team(programme)
admin = people["administrator"]
create_period(actor=admin, access=access_for(admin, programme), programme=programme,
              kind="year", year=2025)
Station.objects.create(code="SOAK-1", name_kk="Soak", operator="Kazhydromet", official=True,
                       kind="reference")
"""


@dataclass
class Tally:
    """What one kind of request met."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float) -> None:
        with self.lock:
            key = f"{status // 100}xx"
            self.statuses[key] = self.statuses.get(key, 0) + 1
            self.latencies.append(seconds)

    def fail(self, why: str) -> None:
        with self.lock:
            self.failures.append(why)

    @property
    def server_errors(self) -> int:
        return self.statuses.get("5xx", 0) + len(self.failures)

    def percentile_ms(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1] * 1000


def environment(data: Path, database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "JASYL_DATA_DIR": str(data),
            "DATABASE_URL": database,
            "JASYL_DEBUG": "0",
            "JASYL_SECRET_KEY": "soak-" + "k" * 50,
            "JASYL_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JASYL_LOG_LEVEL": "ERROR",
            # Every client of the soak comes from 127.0.0.1: the per-client limits would stop
            # them, not the server. They are measured by their own tests.
            "JASYL_API_ANON_RATE": "100000/minute",
            "JASYL_API_USER_RATE": "100000/minute",
            "JASYL_COSTLY_REQUESTS": "100000",
            "JASYL_LOGIN_FAILURE_LIMIT": "100000",
        }
    )
    return env


def measurements_file(path: Path, rows: int) -> Path:
    """One station's wide CSV: PM2.5 and NO2 every ten minutes, `rows` lines."""
    start = datetime(2025, 1, 1)
    randomly = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write("datetime,PM2.5 (µg/m³),NO2 (µg/m³)\n")
        for number in range(rows):
            at = (start + timedelta(minutes=10 * number)).strftime("%Y-%m-%dT%H:%M:%S+05:00")
            out.write(f"{at},{randomly.uniform(5, 80):.1f},{randomly.uniform(10, 90):.1f}\n")
    return path


def timed(tally: Tally, call: Callable[[], requests.Response]) -> requests.Response | None:
    start = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as error:
        tally.fail(f"{type(error).__name__}: {error}")
        return None
    tally.add(response.status_code, time.perf_counter() - start)
    return response


def until(deadline: float) -> Iterator[int]:
    number = 0
    while time.monotonic() < deadline:
        yield number
        number += 1


def reader(base: str, paths: list[str], tally: Tally, deadline: float, seed: int) -> None:
    session = requests.Session()
    randomly = random.Random(seed)
    for _ in until(deadline):
        path = randomly.choice(paths)
        timed(tally, lambda path=path: session.get(base + path, timeout=60))


def sign_ins(base: str, tally: Tally, deadline: float) -> None:
    login = f"{base}/en/accounts/login/"
    roles = ["editor", "head", "viewer", "co_editor", "reviewer", "auditor"]
    for number in until(deadline):
        session = requests.Session()
        page = timed(tally, lambda session=session: session.get(login, timeout=60))
        if page is None:
            continue
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            tally.fail("no CSRF token on the sign-in page")
            continue
        credentials = {
            "username": roles[number % len(roles)],
            "password": PASSWORD,
            "csrfmiddlewaretoken": token[1],
        }
        timed(
            tally,
            lambda session=session, credentials=credentials: session.post(
                login, data=credentials, headers={"Referer": login}, timeout=60
            ),
        )
        timed(
            tally,
            lambda session=session: session.get(
                f"{base}/en/programmes/{PROGRAMME}/reporting/", timeout=60
            ),
        )
        csrf = session.cookies.get("csrftoken", "")
        timed(
            tally,
            lambda session=session, csrf=csrf: session.post(
                f"{base}/en/accounts/logout/",
                data={"csrfmiddlewaretoken": csrf},
                headers={"Referer": login},
                timeout=60,
            ),
        )


def saves(base: str, token: str, tally: Tally, deadline: float) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    for number in until(deadline):
        current = timed(tally, lambda: session.get(base + REPORT, timeout=60))
        revision = current.json().get("revision", 0) if current and current.ok else 0
        body = {
            "revision": revision,
            "status": "on_track",
            "progress": number % 100,
            "narrative": f"Soak save {number}",
            "spending": [{"source": "local", "committed": 100, "spent": number % 100}],
        }
        timed(tally, lambda body=body: session.put(base + REPORT, json=body, timeout=60))


def pdf(base: str, tally: Tally, deadline: float, ready: list[float]) -> None:
    session = requests.Session()
    asked = time.monotonic()
    while time.monotonic() < deadline + 120:
        response = timed(
            tally,
            lambda: session.get(f"{base}/en/programmes/{PROGRAMME}/reports/2025.pdf", timeout=120),
        )
        if response is not None and response.status_code == 200:
            ready.append(time.monotonic() - asked)
            return
        time.sleep(1)


def ingest(env: dict[str, str], file: Path, tally: Tally) -> None:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "jasyl"), "ingest-air", str(file), "--station", "SOAK-1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tally.fail(f"ingest-air exited {done.returncode}: {done.stderr[-500:]}")
    else:
        tally.add(200, time.perf_counter() - start)


def soak(args: argparse.Namespace, folder: Path, database: str) -> tuple[dict[str, Tally], float]:
    env = environment(folder / "data", database)
    jasyl(env, "migrate", "-v0")
    jasyl(env, "load-roadmap")
    jasyl(env, "sync-indicators")
    jasyl(env, "collectstatic", "--noinput", "-v0")
    jasyl(env, "shell", stdin=SETUP)
    token = jasyl(
        env, "api-token", "--user", "editor", "--scope", "write", "--programme", PROGRAMME
    ).split()[-1]
    file = measurements_file(folder / "measurements.csv", args.ingest_rows)
    tallies = {kind: Tally() for kind in ("public", "api", "sign-in", "save", "ingest", "pdf")}
    ready: list[float] = []
    with (
        worker(env, folder / "worker.log"),
        gunicorn(env, args.workers, folder / "web.log") as port,
    ):
        base = f"http://{HOST}:{port}"
        deadline = time.monotonic() + args.seconds
        threads = [
            *(
                threading.Thread(target=reader, args=(base, PUBLIC, tallies["public"], deadline, n))
                for n in range(args.public)
            ),
            *(
                threading.Thread(target=reader, args=(base, API, tallies["api"], deadline, 100 + n))
                for n in range(args.api)
            ),
            threading.Thread(target=sign_ins, args=(base, tallies["sign-in"], deadline)),
            threading.Thread(target=saves, args=(base, token, tallies["save"], deadline)),
            threading.Thread(target=ingest, args=(env, file, tallies["ingest"])),
            threading.Thread(target=pdf, args=(base, tallies["pdf"], deadline, ready)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if not ready:
        tallies["pdf"].fail("the report was not ready in time")
    return tallies, ready[0] if ready else math.nan


def report(results: dict[str, dict[str, Tally]], ready: dict[str, float]) -> int:
    names = list(results)
    print(f"\n{'kind':<9}" + "".join(f"{name:>44}" for name in names))
    print(
        f"{'':<9}" + "".join(f"{'requests  2xx/3xx/4xx/5xx   p50 ms   p99 ms':>44}" for _ in names)
    )
    errors = 0
    for kind in next(iter(results.values())):
        line = f"{kind:<9}"
        for name in names:
            tally = results[name][kind]
            counts = "/".join(
                str(tally.statuses.get(f"{c}xx", 0) + (len(tally.failures) if c == 5 else 0))
                for c in (2, 3, 4, 5)
            )
            line += (
                f"{len(tally.latencies):>12}  {counts:>15}"
                f"{tally.percentile_ms(50):>9.0f}{tally.percentile_ms(99):>9.0f}"
            )
            errors += tally.server_errors
        print(line)
    print('\n(ingest: the whole file\'s time; pdf: each request, the first 202 "being prepared")')
    print(
        "the PDF was ready after "
        + ", ".join(f"{seconds:.1f} s on {name}" for name, seconds in ready.items())
    )
    for name in names:
        for kind, tally in results[name].items():
            for failure in tally.failures[:5]:
                print(f"{name} {kind}: {failure}")
    print(f"\nserver errors and failed connections: {errors}")
    return 1 if errors else 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="benchmarks/run soak", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="load time (60)")
    parser.add_argument("--public", type=int, default=6, help="public page clients (6)")
    parser.add_argument("--api", type=int, default=2, help="API clients (2)")
    parser.add_argument("--ingest-rows", type=int, default=50_000, help="ingest rows (50000)")
    parser.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="sqlite, postgresql or both (default)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, dict[str, Tally]] = {}
    ready: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="jasyl-soak-") as name:
        folder = Path(name)
        if "sqlite" in args.databases:
            (folder / "sqlite").mkdir()
            url = f"sqlite:///{folder / 'sqlite' / 'soak.sqlite3'}"
            print(f"SQLite: {args.seconds:.0f} s of mixed load ...", flush=True)
            results["SQLite"], ready["SQLite"] = soak(args, folder / "sqlite", url)
        if "postgresql" in args.databases:
            with postgres_primary(folder) as cluster:
                if cluster is None:
                    print("PostgreSQL: skipped (its server binaries are not installed)")
                else:
                    (folder / "postgresql").mkdir()
                    print(f"PostgreSQL: {args.seconds:.0f} s of mixed load ...", flush=True)
                    results["PostgreSQL"], ready["PostgreSQL"] = soak(
                        args, folder / "postgresql", cluster.url()
                    )
    return report(results, ready)


if __name__ == "__main__":
    sys.exit(main())
