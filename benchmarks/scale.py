"""Past one machine: a PostgreSQL primary and a streaming hot standby, Redis as the shared cache,
S3-compatible object storage for uploads and built documents, a background worker, and two
gunicorn servers in front of them (two stateless web machines).

It shows, side by side in one run:
- the public pages are read from the standby: the transactions each server counts
  (`pg_stat_database.xact_commit`) while anonymous visitors read 200 pages;
- a person's own write is visible to them at once: an agency editor records an indicator value
  through the web form on one web server and reads the indicator's page back on the other,
  `--trials` times; every read must show the value (it comes from the primary);
- the same value reaches the public (anonymous) page through the standby: the largest delay seen;
- a document built once by the worker into the object storage (the open data package) is served
  by both web servers, byte for byte the same.

Needs PostgreSQL's server binaries (`/usr/lib/postgresql/*/bin`); Redis is used when
`redis-server` is installed (else each web server keeps its own cache, and the run says so); the
object storage is moto's S3-compatible `moto_server` (requirements-dev.txt).
Everything listens on 127.0.0.1 and is stopped at the end. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import (
    HOST,
    Cluster,
    ServerError,
    gunicorn,
    jasyl,
    postgres_primary,
    postgres_standby,
    redis,
    s3,
    worker,
)

PROGRAMME = "green-almaty"
EDITOR, PASSWORD = "bench-editor", "a-long-bench-password-1"
PUBLIC_PAGES = [
    "/en/",
    f"/en/programmes/{PROGRAMME}/roadmap/",
    f"/en/programmes/{PROGRAMME}/indicators/",
    f"/en/programmes/{PROGRAMME}/agencies/",
    f"/en/programmes/{PROGRAMME}/audit/",
]
SETUP = f"""
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.roadmap.models import Programme
from jasyl.testing.people import make_user
from django.contrib.auth import get_user_model
user = make_user({EDITOR!r}, agency="ЭжҚОБ", agency_role="editor", language="en")
user.set_password({PASSWORD!r}); user.save()
print(Indicator.objects.filter(programme__code={PROGRAMME!r},
      activity__agency_links__agency__code="ЭжҚОБ").order_by("position").first().code)
"""


BUCKET = "jasyl-media"


def environment(
    data: Path, primary: str, standby: str | None, cache: str | None, bucket_at: str | None
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "JASYL_DATA_DIR": str(data),
            "DATABASE_URL": primary,
            "JASYL_DEBUG": "0",
            "JASYL_SECRET_KEY": "bench-" + "x" * 50,
            "JASYL_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JASYL_LOG_LEVEL": "WARNING",
            # The benchmark signs in many times from one address.
            "JASYL_LOGIN_FAILURE_LIMIT": "1000",
        }
    )
    if standby:
        env["JASYL_REPLICA_DATABASE_URL"] = standby
    if cache:
        env["JASYL_CACHE_BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        env["JASYL_CACHE_LOCATION"] = cache
    if bucket_at:
        env.update(
            {
                "JASYL_S3_BUCKET": BUCKET,
                "JASYL_S3_ENDPOINT_URL": bucket_at,
                "JASYL_S3_REGION": "us-east-1",
                "JASYL_S3_ACCESS_KEY": "bench",
                "JASYL_S3_SECRET_KEY": "bench",
            }
        )
    return env


def commits(cluster: Cluster) -> int:
    return int(cluster.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench'"))


def signed_in(port: int) -> requests.Session:
    session = requests.Session()
    login = f"http://{HOST}:{port}/en/accounts/login/"
    page = session.get(login, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise ServerError("no CSRF token on the sign-in page")
    done = session.post(
        login,
        data={"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": login},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise ServerError(f"the editor could not sign in ({done.status_code})")
    return session


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run scale", description=__doc__)
    parser.add_argument("--pages", type=int, default=200, help="anonymous page reads (200)")
    parser.add_argument("--trials", type=int, default=20, help="write-then-read trials (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jasyl-scale-") as name:
        folder = Path(name)
        with postgres_primary(folder) as primary:
            if primary is None:
                print("scale: skipped (PostgreSQL's server binaries are not installed)")
                return 0
            setup_env = environment(folder / "data", primary.url(), None, None, None)
            jasyl(setup_env, "migrate", "-v0")
            jasyl(setup_env, "load-roadmap")
            jasyl(setup_env, "sync-indicators")
            jasyl(setup_env, "collectstatic", "--noinput", "-v0")
            indicator = jasyl(setup_env, "shell", stdin=SETUP).strip().splitlines()[-1]
            with (
                postgres_standby(primary, folder) as standby,
                redis(folder) as cache,
                s3(folder, BUCKET) as bucket_at,
            ):
                env = environment(folder / "data", primary.url(), standby.url(), cache, bucket_at)
                print(f"primary :{primary.port}, hot standby :{standby.port} (streaming)")
                print(f"cache: {'Redis ' + cache if cache else 'per process (no redis-server)'}")
                print(f"uploads: {'S3 ' + bucket_at if bucket_at else 'local folder (no moto)'}")
                with (
                    worker(env, folder / "worker.log"),
                    gunicorn(env, args.workers, folder / "web1.log") as web1,
                    gunicorn(env, args.workers, folder / "web2.log") as web2,
                ):
                    return run(args, primary, standby, web1, web2, indicator)
    return 0


def run(
    args: argparse.Namespace,
    primary: Cluster,
    standby: Cluster,
    web1: int,
    web2: int,
    indicator: str,
) -> int:
    failures = 0
    # 1. Anonymous reads: the standby answers them.
    before = (commits(primary), commits(standby))
    statuses: dict[int, int] = {}
    for number in range(args.pages):
        port = web1 if number % 2 else web2
        status = requests.get(
            f"http://{HOST}:{port}{PUBLIC_PAGES[number % len(PUBLIC_PAGES)]}", timeout=30
        ).status_code
        statuses[status] = statuses.get(status, 0) + 1
    after = (commits(primary), commits(standby))
    on_primary, on_standby = after[0] - before[0], after[1] - before[1]
    print(f"\n{args.pages} anonymous page reads over two web servers: statuses {statuses}")
    print(f"  transactions on the primary  {on_primary:>6}")
    print(f"  transactions on the standby  {on_standby:>6}")
    if on_standby <= on_primary or statuses != {200: args.pages}:
        print("  FAIL: the public pages were not served from the standby")
        failures += 1

    # 2. A person's own writes, read back at once through the other web server.
    writer, reader = signed_in(web1), signed_in(web2)
    csrf = writer.cookies["csrftoken"]
    seen, lags = 0, []
    detail = f"/en/programmes/{PROGRAMME}/indicators/{indicator}/"
    start_day = datetime.date(2026, 1, 1)
    for trial in range(args.trials):
        source = f"bench write {trial} {time.time_ns()}"
        written = time.monotonic()
        response = writer.post(
            f"http://{HOST}:{web1}{detail}values/",
            data={
                "observed_on": (start_day + datetime.timedelta(days=trial)).isoformat(),
                "value": str(100 + trial),
                "source": source,
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": f"http://{HOST}:{web1}{detail}"},
            timeout=30,
        )
        if response.status_code >= 400:
            print(f"  FAIL: the write answered {response.status_code}")
            failures += 1
            break
        if source in reader.get(f"http://{HOST}:{web2}{detail}", timeout=30).text:
            seen += 1
        while source not in requests.get(f"http://{HOST}:{web2}{detail}", timeout=30).text:
            if time.monotonic() - written > 30:
                break
            time.sleep(0.005)
        lags.append(time.monotonic() - written)
    print(f"\n{args.trials} values written on web server 1, read back on web server 2:")
    print(f"  read back by the writer at once   {seen}/{args.trials}")
    print(f"  on the public page (the standby)  after {max(lags) * 1000:.0f} ms at most")
    if seen != args.trials:
        print("  FAIL: a person did not see their own write")
        failures += 1

    # 3. A document built once by the worker, served by both web servers.
    package = f"/opendata/{PROGRAMME}/datapackage.zip"
    asked, answers = time.monotonic(), []
    while time.monotonic() - asked < 120:
        first = requests.get(f"http://{HOST}:{web1}{package}", timeout=60)
        if first.status_code == 200:
            answers = [first, requests.get(f"http://{HOST}:{web2}{package}", timeout=60)]
            break
        time.sleep(0.5)
    print("\nThe open data package, built by the worker into the shared storage:")
    if not answers:
        print("  FAIL: not ready within 120 s")
        return 1
    print(f"  ready after {time.monotonic() - asked:.1f} s; web server 2 answered", end=" ")
    print(f"{answers[1].status_code}, {len(answers[1].content)} bytes", end=" ")
    same = answers[1].status_code == 200 and answers[1].content == answers[0].content
    print("(the same bytes)" if same else "(DIFFERENT)")
    if not same:
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
