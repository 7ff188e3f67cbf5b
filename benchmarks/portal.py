"""Portal benchmark: dynamic pages against a static file of the same size, side by side.

Loads the Green Almaty roadmap plus copies of it (20 programmes by default) into a temporary
SQLite database, starts gunicorn with DEBUG off, and loads four targets in one run, interleaved:
the home dashboard (`/kk/`) and an activity page, each next to a static file of exactly the same
bytes served by WhiteNoise in the same server. Prints requests/s and p50/p99 latency for each,
and the ratio dynamic/static per page (the aim is >= 0.5). See benchmarks/README.md.

Load goes only to 127.0.0.1, is bounded in requests and in seconds, and stops by itself.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import BIN, HOST, REPO, ServerError, gunicorn, run

DATASET = REPO / "jasyl" / "domain" / "roadmap" / "data" / "green-almaty"
PROGRAMME = "green-almaty"
PAGES = {
    "home": "/kk/",
    "activity": f"/kk/programmes/{PROGRAMME}/activities/2.2/",
}
STATIC_DIR = "bench"  # under STATIC_ROOT, served at /static/bench/
REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Target:
    page: str  # a key of PAGES
    kind: str  # dynamic or static
    path: str
    size: int  # the expected body size in bytes

    @property
    def name(self) -> str:
        return f"{self.page} {self.kind}"


@dataclass(frozen=True)
class Probe:
    """One page fetched in-process with Django's test client, before the server starts."""

    body: bytes
    queries: int  # SQL queries of one request
    ms: float  # median time of one request


@dataclass
class Measurement:
    """What the phases of one target measured, added up."""

    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    elapsed: float = 0.0  # seconds of load, all phases together
    errors: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, p: float) -> float:
        """The nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        prog="benchmarks/run",
        description="Requests/s and latency of the portal's dynamic pages against a static file "
        "of the same size, served by the same gunicorn, measured side by side.",
    )
    parser.add_argument(
        "--requests", type=int, default=2000, help="requests per target (default 2000)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60.0,
        help="time cap of each target's load, all rounds together (default 60)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores + 1,
        help=f"gunicorn workers (default 2 * cores + 1 = {2 * cores + 1})",
    )
    parser.add_argument(
        "--programmes",
        type=int,
        default=20,
        help="programmes loaded, each a copy of Green Almaty (default 20)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="rounds the requests are split into; dynamic and static alternate (default 4)",
    )
    parser.add_argument(
        "--warmup", type=int, default=100, help="unmeasured requests per target first (default 100)"
    )
    args = parser.parse_args(argv)
    for name in ("requests", "concurrency", "workers", "programmes", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0 or args.max_seconds <= 0:
        parser.error("--warmup must be >= 0 and --max-seconds > 0")
    return args


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "JASYL_DATA_DIR": str(data_dir),
            # Collected static files in the temporary folder too, beside the benchmark's copies.
            "JASYL_STATIC_ROOT": str(data_dir / "static"),
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "JASYL_DEBUG": "0",
            "JASYL_SECRET_KEY": "bench",
            "JASYL_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JASYL_DEFAULT_PROGRAMME": PROGRAMME,
            "JASYL_LOG_LEVEL": "WARNING",
        }
    )
    return env


def copy_programme(data_dir: Path, number: int) -> Path:
    """A copy of the Green Almaty dataset under the code green-almaty-NN."""
    code = f"{PROGRAMME}-{number:02d}"
    folder = data_dir / "datasets" / code
    shutil.copytree(DATASET, folder)
    programme = folder / "programme.yaml"
    lines = programme.read_text(encoding="utf-8").splitlines(keepends=True)
    original = f"code: {PROGRAMME}"
    replaced = [f"code: {code}\n" if line.rstrip() == original else line for line in lines]
    if replaced == lines:
        raise ServerError(f"no top-level `code: {PROGRAMME}` line in {programme}")
    programme.write_text("".join(replaced), encoding="utf-8")
    return folder


def prepare(data_dir: Path, env: dict[str, str], programmes: int) -> None:
    jasyl = str(BIN / "jasyl")
    run([jasyl, "migrate", "-v0"], env)
    run([jasyl, "load-roadmap"], env)
    for number in range(2, programmes + 1):
        run([jasyl, "load-roadmap", "--path", str(copy_programme(data_dir, number))], env)
    run([jasyl, "collectstatic", "--noinput", "-v0"], env)


def probe(env: dict[str, str]) -> dict[str, Probe]:
    """Each page in-process: its body, SQL queries and time (see probe.py); by path."""
    output = run([sys.executable, str(Path(__file__).with_name("probe.py")), *PAGES.values()], env)
    result = {}
    for path, page in json.loads(output).items():
        if page["status"] != 200:
            raise ServerError(f"{path} answered {page['status']} in the probe, not 200")
        result[path] = Probe(base64.b64decode(page["body"]), int(page["queries"]), page["ms"])
    return result


def load(
    port: int, target: Target, requests: int, concurrency: int, max_seconds: float
) -> Measurement:
    """`requests` GETs of the target from `concurrency` clients, or fewer if time runs out.

    Each client keeps its connection open while the server allows it (gunicorn's sync workers
    close it after each response; http.client then reconnects).
    """
    measurement = Measurement()
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + max_seconds

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= requests or time.monotonic() >= deadline:
                return False
            issued += 1
            return True

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            while take():
                start = time.perf_counter()
                try:
                    connection.request("GET", target.path)
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    measurement.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                latency = time.perf_counter() - start
                if response.status != 200:
                    measurement.errors.append(f"status {response.status}")
                elif len(body) != target.size:
                    measurement.errors.append(f"{len(body)} bytes, expected {target.size}")
                else:
                    measurement.latencies.append(latency)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measurement.elapsed = time.perf_counter() - start
    return measurement


def merge(total: Measurement, part: Measurement) -> None:
    total.latencies.extend(part.latencies)
    total.elapsed += part.elapsed
    total.errors.extend(part.errors)


def benchmark(port: int, targets: list[Target], args: argparse.Namespace) -> dict[str, Measurement]:
    """Warm every target up, then run the rounds; within a page, dynamic and static alternate."""
    for target in targets:
        if args.warmup:
            load(port, target, args.warmup, args.concurrency, args.max_seconds)
    results = {target.name: Measurement() for target in targets}
    per_round = math.ceil(args.requests / args.rounds)
    for number in range(args.rounds):
        for page in PAGES:
            pair = [t for t in targets if t.page == page]
            if number % 2:
                pair.reverse()
            for target in pair:
                done = results[target.name]
                count = min(per_round, args.requests - len(done.latencies) - len(done.errors))
                if count > 0:
                    phase = load(
                        port, target, count, args.concurrency, args.max_seconds / args.rounds
                    )
                    merge(done, phase)
    return results


def report(
    targets: list[Target],
    results: dict[str, Measurement],
    pages: dict[str, Probe],
    args: argparse.Namespace,
) -> None:
    cores = os.cpu_count() or 1
    print(
        f"\ngunicorn (sync) {args.workers} workers on {cores} cores, DEBUG off, "
        f"{args.programmes} programmes;\n{args.concurrency} concurrent clients, "
        f"{args.requests} requests per target in {args.rounds} rounds "
        f"(cap {args.max_seconds:g} s per target)\n"
    )
    header = f"{'target':<18} {'bytes':>7} {'requests':>8} {'errors':>6} {'req/s':>8}"
    print(f"{header} {'p50 ms':>8} {'p99 ms':>8}")
    for target in targets:
        m = results[target.name]
        print(
            f"{target.name:<18} {target.size:>7} {len(m.latencies):>8} {len(m.errors):>6} "
            f"{m.rps:>8.1f} {m.percentile_ms(50):>8.2f} {m.percentile_ms(99):>8.2f}"
        )
    print("\nratio dynamic/static (req/s: higher is better, aim >= 0.5; p50: static/dynamic)")
    for page, path in PAGES.items():
        dynamic, static = results[f"{page} dynamic"], results[f"{page} static"]
        rps_ratio = dynamic.rps / static.rps if static.rps else math.nan
        p50_ratio = static.percentile_ms(50) / dynamic.percentile_ms(50)
        verdict = "ok" if rps_ratio >= 0.5 else "below the 0.5 aim"
        print(f"{page:<9} req/s {rps_ratio:6.3f}   p50 {p50_ratio:6.3f}   {verdict}  ({path})")
    print("\nin-process, one request (Django test client, no server):")
    for page, path in PAGES.items():
        info = pages[path]
        print(f"{page:<9} {info.queries} SQL queries, {info.ms:.1f} ms median")


def stop(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C does: through the clean-up of `main`."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop)
    data_dir = Path(tempfile.mkdtemp(prefix="jasyl-bench-"))
    try:
        env = environment(data_dir)
        print(f"Preparing {args.programmes} programmes in {data_dir} ...", flush=True)
        prepare(data_dir, env, args.programmes)
        pages = probe(env)
        static_root = data_dir / "static" / STATIC_DIR
        static_root.mkdir(parents=True)
        targets = []
        for page, path in PAGES.items():
            body = pages[path].body
            # The same bytes as the page, so the static file is exactly the same size.
            (static_root / f"{page}.html").write_bytes(body)
            static = f"/static/{STATIC_DIR}/{page}.html"
            targets += [
                Target(page, "dynamic", path, len(body)),
                Target(page, "static", static, len(body)),
            ]
        print(f"Starting gunicorn with {args.workers} workers ...", flush=True)
        with gunicorn(env, args.workers, data_dir / "gunicorn.log", PAGES["home"]) as port:
            print(f"Loading http://{HOST}:{port} ...", flush=True)
            results = benchmark(port, targets, args)
        report(targets, results, pages, args)
        errors = [(name, m.errors) for name, m in results.items() if m.errors]
        for name, messages in errors:
            print(f"\n{name}: {len(messages)} errors, e.g. {messages[0]}", file=sys.stderr)
        return 1 if errors else 0
    except ServerError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
