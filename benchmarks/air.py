"""Air-quality benchmark: ingest and daily means of a synthetic city-year, against DuckDB.

Generates a seeded, synthetic OpenAQ-style long CSV (100 sensors, 5 pollutants, a value every
10 minutes: about 26.3 million rows for a year), then measures side by side in one run:

- the ingest rate (rows/s) of `ingest_file` into SQLite (a temporary file) and PostgreSQL
  (DATABASE_URL, else a throw-away local cluster; skipped with a message when neither works);
- the time to compute the year's daily means (`selectors.daily_means`), then the daily indices
  of every station as the pages compute them (US AQI with 8-hour CO, WHO days), from each
  database;
- the same daily-mean aggregation done by DuckDB directly on the CSV file, the reference;

and prints the ratios ours / DuckDB, the peak memory of each phase, and a check that the daily
means agree with DuckDB's. Each phase runs in its own process so its peak memory is its own.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import postgres_primary

REPO = Path(__file__).resolve().parent.parent
SEED = 20250101
FIRST_DAY = date(2025, 1, 1)  # Almaty is UTC+5 all of 2025
STEPS_PER_DAY = 144  # one value every 10 minutes
SIZES = {"small": 14, "medium": 70, "full": 365}  # days: about 1, 5 and 26 million rows
SENSORS = 100
# Pollutant, unit as the archive writes it, value scale: all in the stored units, so DuckDB
# reads the same numbers the ingest stores.
POLLUTANTS = (
    ("pm25", "µg/m³", 10),
    ("pm10", "µg/m³", 10),
    ("no2", "µg/m³", 10),
    ("so2", "µg/m³", 10),
    ("co", "mg/m³", 100),
)
HEADER = "location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"
MIN_HOURS = 18
CHECK_SAMPLE = 500  # station-days compared with DuckDB
PAGE_REPEATS = 5
DECADE_STATION = 1_001  # the station with ten years, SYN-1001
TOLERANCE = 1e-9  # relative


class BenchmarkError(Exception):
    """The benchmark could not run; the message says why."""


def station_code(number: int) -> str:
    return f"SYN-{number:03d}"


def outage(day: int, station: int) -> bool:
    """Some station-days lose 8 hours (local 00:00-08:00): incomplete days, left out."""
    return (day * 31 + station * 17) % 53 == 0


# ------------------------------------------------------------------------------ generating


def generate(path: Path, days: int, seed: int = SEED) -> int:
    """Write the synthetic long CSV; the number of data rows. Deterministic for a seed."""
    rng = random.Random(seed)
    noise = [rng.randrange(0, 400) for _ in range(65_537)]  # a prime: no alignment with days
    diurnal = [int(300 * (1 + math.sin(k / STEPS_PER_DAY * 6.283))) for k in range(144)]
    texts = {
        scale: [f"{i / scale:.{len(str(scale)) - 1}f}" for i in range(2_000)] for scale in (10, 100)
    }
    bases = [[rng.randrange(50, 600) for _ in POLLUTANTS] for _ in range(SENSORS)]
    rows = 0
    position = 0
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 22) as out:
        out.write(HEADER)
        for day in range(days):
            today = (FIRST_DAY + timedelta(days=day)).isoformat()
            stamps = [
                f"{today}T{k // 6:02d}:{k % 6 * 10:02d}:00+05:00" for k in range(STEPS_PER_DAY)
            ]
            for station in range(1, SENSORS + 1):
                start = 48 if outage(day, station) else 0
                lat = f"{43.2 + station / 1000:.3f}"
                for index, (parameter, unit, scale) in enumerate(POLLUTANTS):
                    prefix = f"{800_000 + station},{station * 10 + index},{station_code(station)},"
                    suffix = f",{lat},76.900,{parameter},{unit},"
                    base = bases[station - 1][index]
                    text = texts[scale]
                    parts = []
                    for k in range(start, STEPS_PER_DAY):
                        level = base + diurnal[k] // 2 + noise[position % 65_537]
                        position += 1
                        parts.append(prefix + stamps[k] + suffix + text[level % 2_000])
                    out.write("\n".join(parts))
                    out.write("\n")
                    rows += len(parts)
    return rows


def generate_hourly(path: Path, stations: Sequence[int], first: date, days: int) -> int:
    """The pages' data: one value an hour (the hourly means the pages read), for `stations`
    from `first` for `days` days, with the same cycle, noise and outages as `generate`."""
    rng = random.Random(SEED + 1)
    noise = [rng.randrange(0, 400) for _ in range(65_537)]
    diurnal = [int(300 * (1 + math.sin(k / 24 * 6.283))) for k in range(24)]
    texts = {
        scale: [f"{i / scale:.{len(str(scale)) - 1}f}" for i in range(2_000)] for scale in (10, 100)
    }
    rows = 0
    position = 0
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 22) as out:
        out.write(HEADER)
        for day in range(days):
            today = (first + timedelta(days=day)).isoformat()
            # Almaty has kept UTC+5 since March 2024; before, +6.
            offset = "+05:00" if first + timedelta(days=day) >= date(2024, 3, 1) else "+06:00"
            stamps = [f"{today}T{h:02d}:00:00{offset}" for h in range(24)]
            for station in stations:
                start = 8 if outage(day, station) else 0
                for index, (parameter, unit, scale) in enumerate(POLLUTANTS):
                    prefix = f"{800_000 + station},{station * 10 + index},{station_code(station)},"
                    suffix = f",43.200,76.900,{parameter},{unit},"
                    base = 50 + (station * 37 + index * 101) % 550
                    parts = []
                    for h in range(start, 24):
                        level = base + diurnal[h] // 2 + noise[position % 65_537]
                        position += 1
                        parts.append(prefix + stamps[h] + suffix + texts[scale][level % 2_000])
                    out.write("\n".join(parts))
                    out.write("\n")
                    rows += len(parts)
    return rows


# ------------------------------------------------------------------------------ phases (children)


def _django(database_url: str, data_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "DATABASE_URL": database_url,
            "JASYL_DATA_DIR": str(data_dir),
            "JASYL_DEBUG": "0",
            "JASYL_SECRET_KEY": "bench",
            "JASYL_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def phase_ingest(csv_path: Path, database_url: str, data_dir: Path) -> dict[str, Any]:
    """Migrate an empty database, add the stations, ingest the file."""
    _django(database_url, data_dir)
    from django.core.management import call_command

    from jasyl.domain.airquality.ingest import ingest_file
    from jasyl.domain.airquality.models import Station

    call_command("migrate", verbosity=0)
    Station.objects.bulk_create(
        Station(
            code=station_code(n),
            name_kk=f"Синтетикалық бекет {n}",
            operator="Synthetic benchmark network",
            kind=Station.Kind.LOW_COST,
            openaq_location=800_000 + n,
        )
        for n in range(1, SENSORS + 1)
    )
    started = time.perf_counter()
    with csv_path.open("rb") as handle:
        result = ingest_file(handle=handle, file_name=csv_path.name)
    seconds = time.perf_counter() - started
    return {
        "rows": result.rows_read,
        "inserted": result.inserted,
        "rejected": result.rejected,
        "duplicates": result.duplicates,
        "bulk": result.bulk,
        "seconds": seconds,
    }


def phase_daily(database_url: str, data_dir: Path, days: int, out: Path) -> dict[str, Any]:
    """The period's daily means from the database, then each station's daily indices as the
    pages compute them: the US AQI of every day (PM, NO2, SO2 and the daily maximum 8-hour CO
    from the hourly summary) and the WHO exceedance days."""
    _django(database_url, data_dir)
    from jasyl.domain.airquality import selectors
    from jasyl.domain.airquality.models import Station
    from jasyl.domain.airquality.reference import bundled

    reference = bundled()
    codes = dict(Station.objects.values_list("pk", "code"))
    started = time.perf_counter()
    means = selectors.daily_means(start=FIRST_DAY, end=FIRST_DAY + timedelta(days=days - 1))
    aggregated = time.perf_counter()
    years = selectors.station_years(sorted(codes), FIRST_DAY.year, reference, 25).values()
    finished = time.perf_counter()
    with out.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for mean in means:
            writer.writerow(
                [codes[mean.station_id], mean.parameter, mean.day, repr(mean.value), mean.hours]
            )
    return {
        "station_days": sum(len(year.aqi) for year in years),
        "means": len(means),
        "aggregate_seconds": aggregated - started,
        "aqi_seconds": finished - aggregated,
        "seconds": finished - started,
    }


def _page_times(path: str) -> dict[str, Any]:
    """One page as a visitor gets it: uncached (the cache emptied before each request, as an
    ingest does) and cached, the median of `PAGE_REPEATS` requests each, its SQL queries, and
    the most memory Python allocates while building it (tracemalloc, one more request)."""
    import statistics
    import tracemalloc

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    first = client.get(path)  # warm: templates, translations, the connection
    if first.status_code != 200:
        raise BenchmarkError(f"{path} answered {first.status_code}")
    cold, warm = [], []
    count = 0
    for _ in range(PAGE_REPEATS):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(path)
            cold.append(time.perf_counter() - started)
        # Read now: the next request empties the connection's log.
        count = len(queries.captured_queries)
        started = time.perf_counter()
        client.get(path)
        warm.append(time.perf_counter() - started)
    cache.clear()
    tracemalloc.start()
    client.get(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "uncached_ms": statistics.median(cold) * 1000,
        "cached_ms": statistics.median(warm) * 1000,
        "queries": count,
        "built_mib": peak / 2**20,
    }


def phase_pages(database_url: str, data_dir: Path, days: int, folder: Path) -> dict[str, Any]:
    """The public air-quality pages at city scale: a fresh database with the roadmap; 100
    stations' hourly values ingested (`days` days), the overview; one station with ten years,
    its page; then 1,000 stations (the daily store of the 100 copied nine times, stations
    SYN-101 ... SYN-1000: the pages read only the store), the overview."""
    # The pages name their static files by the manifest of a collected copy, as in production.
    os.environ["JASYL_STATIC_ROOT"] = str(folder / "static")
    _django(database_url, data_dir)
    from django.core.management import call_command
    from django.db import connection

    from jasyl.domain.airquality.ingest import ingest_file
    from jasyl.domain.airquality.models import DailyIndex, DailyValue, Station, YearTotals

    if connection.vendor == "postgresql":
        # The means phase's database, emptied: the pages start from a fresh one.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", stdout=quiet)

    def add_stations(numbers: Sequence[int]) -> list[int]:
        Station.objects.bulk_create(
            Station(
                code=station_code(n),
                name_kk=f"Синтетикалық бекет {n}",
                operator="Synthetic benchmark network",
                kind=Station.Kind.LOW_COST,
                openaq_location=800_000 + n,
            )
            for n in numbers
        )
        return list(
            Station.objects.filter(code__in=[station_code(n) for n in numbers])
            .order_by("code")
            .values_list("pk", flat=True)
        )

    def ingest(path: Path) -> float:
        started = time.perf_counter()
        with path.open("rb") as handle:
            result = ingest_file(handle=handle, file_name=path.name)
        if result.rejected or result.duplicates:
            raise BenchmarkError(f"{path.name}: {result.rejected} rows rejected")
        return time.perf_counter() - started

    found: dict[str, Any] = {}
    base = add_stations(range(1, SENSORS + 1))
    city = folder / "pages-city.csv"
    found["city_rows"] = generate_hourly(city, range(1, SENSORS + 1), FIRST_DAY, days)
    found["city_ingest_s"] = ingest(city)
    city.unlink()
    overview = f"/en/programmes/green-almaty/air/?year={FIRST_DAY.year}"
    found["overview_100"] = _page_times(overview)
    # One station's ten years, ending with the benchmark's year.
    decade = folder / "pages-decade.csv"
    start = date(FIRST_DAY.year - 9, 1, 1)
    add_stations([DECADE_STATION])
    found["decade_rows"] = generate_hourly(
        decade, [DECADE_STATION], start, (date(FIRST_DAY.year + 1, 1, 1) - start).days
    )
    found["decade_ingest_s"] = ingest(decade)
    decade.unlink()
    found["station_10y"] = _page_times(
        f"/en/programmes/green-almaty/air/stations/{station_code(DECADE_STATION)}/"
    )
    # 1,000 stations: the 100 stations' store copied to 900 more.
    copies = add_stations(range(SENSORS + 1, 10 * SENSORS + 1))
    values = connection.ops.quote_name(DailyValue._meta.db_table)
    indices = connection.ops.quote_name(DailyIndex._meta.db_table)
    years = connection.ops.quote_name(YearTotals._meta.db_table)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for number, target in enumerate(copies):
            source = base[number % SENSORS]
            cursor.execute(
                f"INSERT INTO {values} (station_id, parameter, day, mean, highest_hour, hours, "
                f"eight_hour) SELECT %s, parameter, day, mean, highest_hour, hours, eight_hour "
                f"FROM {values} WHERE station_id = %s",
                [target, source],
            )
            cursor.execute(
                f"INSERT INTO {indices} (station_id, day, basis, aqi, category, dominant, "
                "sub_indices, complete, who_above, pm25_category) SELECT %s, day, basis, aqi, "
                "category, dominant, sub_indices, complete, who_above, pm25_category "
                f"FROM {indices} WHERE station_id = %s",
                [target, source],
            )
            cursor.execute(
                f"INSERT INTO {years} (station_id, year, basis, categories, who, complete, "
                "latest_pm25_day, latest_pm25_mean, latest_pm25_highest, latest_pm25_hours, "
                "latest_pm25_category) SELECT %s, year, basis, categories, who, complete, "
                "latest_pm25_day, latest_pm25_mean, latest_pm25_highest, latest_pm25_hours, "
                f"latest_pm25_category FROM {years} WHERE station_id = %s",
                [target, source],
            )
    found["copy_s"] = time.perf_counter() - started
    found["overview_1000"] = _page_times(overview)
    return found


def phase_duckdb(csv_path: Path, out: Path) -> dict[str, Any]:
    """The same daily means by DuckDB straight from the CSV file. The file's times carry
    Almaty's offset, so the local day and hour are the text's own."""
    import duckdb

    started = time.perf_counter()
    rows = duckdb.sql(
        f"""
        WITH readings AS (
            SELECT location, parameter, substr(datetime, 1, 10) AS day,
                   substr(datetime, 1, 13) AS hour, value
            FROM read_csv('{csv_path}', header = true, columns = {{
                'location_id': 'BIGINT', 'sensors_id': 'BIGINT', 'location': 'VARCHAR',
                'datetime': 'VARCHAR', 'lat': 'DOUBLE', 'lon': 'DOUBLE',
                'parameter': 'VARCHAR', 'units': 'VARCHAR', 'value': 'DOUBLE'}})
        ), hourly AS (
            SELECT location, parameter, day, hour, avg(value) AS value
            FROM readings GROUP BY ALL
        )
        SELECT location, parameter, day, avg(value), count(*) FROM hourly
        GROUP BY ALL HAVING count(*) >= {MIN_HOURS}
        """
    ).fetchall()
    seconds = time.perf_counter() - started
    with out.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for location, parameter, day, value, hours in rows:
            writer.writerow([location, parameter, day, repr(value), hours])
    return {"means": len(rows), "seconds": seconds}


# ------------------------------------------------------------------------------ PostgreSQL


@contextmanager
def postgresql(folder: Path) -> Iterator[str | None]:
    """DATABASE_URL when it is PostgreSQL, else a throw-away local cluster; None when neither."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        yield given
        return
    with postgres_primary(folder) as cluster:
        yield cluster.url() if cluster else None


# ------------------------------------------------------------------------------ the parent


def child(*arguments: str) -> dict[str, Any]:
    """Run a phase in its own process; its result and its peak memory (MiB)."""
    done = subprocess.run(
        [sys.executable, __file__, "_phase", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"phase {arguments[0]} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(ours: Path, reference: Path) -> tuple[int, int, float]:
    """Station-days compared, disagreements, and the largest relative difference."""

    def read(path: Path) -> dict[tuple[str, str, str], tuple[float, int]]:
        with path.open(newline="") as handle:
            return {(s, p, d): (float(v), int(h)) for s, p, d, v, h in csv.reader(handle)}

    mine, theirs = read(ours), read(reference)
    keys = sorted(theirs)
    sample = keys[:: max(1, len(keys) // CHECK_SAMPLE)]
    wrong = 0 if set(mine) == set(theirs) else abs(len(set(mine) ^ set(theirs)))
    worst = 0.0
    for key in sample:
        if key not in mine:
            wrong += 1
            continue
        (a, hours_a), (b, hours_b) = mine[key], theirs[key]
        difference = abs(a - b) / max(abs(b), 1e-12)
        worst = max(worst, difference)
        if difference > TOLERANCE or hours_a != hours_b:
            wrong += 1
    return len(sample), wrong, worst


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run air",
        description="Ingest rate and daily means of a synthetic city-year, against DuckDB.",
    )
    parser.add_argument(
        "--size",
        choices=SIZES,
        default="full",
        help="small (14 days, ~1 M rows), medium (70 days, ~5 M), full (365 days, ~26 M; default)",
    )
    parser.add_argument("--days", type=int, help="days of data, instead of --size")
    parser.add_argument(
        "--part",
        choices=("means", "pages"),
        action="append",
        default=[],
        help="run only this part (repeatable; default both): means (ingest and daily means "
        "against DuckDB) or pages (the public pages at city scale)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        choices=("sqlite", "postgresql"),
        default=[],
        help="leave a database out (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "_phase":
        name, *rest = argv[1:]
        if name == "ingest":
            found = phase_ingest(Path(rest[0]), rest[1], Path(rest[2]))
        elif name == "daily":
            found = phase_daily(rest[0], Path(rest[1]), int(rest[2]), Path(rest[3]))
        elif name == "pages":
            found = phase_pages(rest[0], Path(rest[1]), int(rest[2]), Path(rest[3]))
        else:
            found = phase_duckdb(Path(rest[0]), Path(rest[1]))
        found["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(found))
        return 0
    args = parse_args(argv)
    days = args.days or SIZES[args.size]
    folder = Path(tempfile.mkdtemp(prefix="jasyl-air-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        return run(folder, days, args.skip, args.part or ["means", "pages"])
    except BenchmarkError as error:
        print(f"benchmarks/run air: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, days: int, skip: list[str], parts: list[str]) -> int:
    os.chmod(folder, 0o755)
    databases: list[tuple[str, str | None]] = []
    if "sqlite" not in skip:
        databases.append(("sqlite", f"sqlite:///{folder / 'air.sqlite3'}"))
    with postgresql(folder) as pg_url:
        if "postgresql" not in skip:
            if pg_url is None:
                print("PostgreSQL: skipped (no DATABASE_URL and no local PostgreSQL to start)")
            else:
                databases.append(("postgresql", pg_url))
        status = run_means(folder, days, databases) if "means" in parts else 0
        if "pages" in parts:
            status = run_pages(folder, days, databases) or status
    return status


def run_pages(folder: Path, days: int, databases: list[tuple[str, str | None]]) -> int:
    """The pages part: each database's page times, printed side by side."""
    results = {}
    for name, url in databases:
        assert url is not None
        if name == "sqlite":
            url = f"sqlite:///{folder / 'air-pages.sqlite3'}"
        results[name] = child("pages", url, str(folder), str(days), str(folder))
    print()
    print(
        f"Pages: {SENSORS} stations x {days} days of hourly values ({len(POLLUTANTS)} "
        f"pollutants); one station x 10 years; {10 * SENSORS} stations (the store copied)"
    )
    print(
        f"{'database':<11} {'page':<34} {'uncached ms':>11} {'cached ms':>9} {'queries':>7} "
        f"{'built MiB':>9}"
    )
    for name, found in results.items():
        for key, label in (
            ("overview_100", f"overview, {SENSORS} stations"),
            ("station_10y", "station page, 10 years"),
            ("overview_1000", f"overview, {10 * SENSORS} stations"),
        ):
            page = found[key]
            print(
                f"{name:<11} {label:<34} {page['uncached_ms']:>11.0f} {page['cached_ms']:>9.1f} "
                f"{page['queries']:>7} {page['built_mib']:>9.1f}"
            )
        print(
            f"{name:<11} ingest {found['city_rows']:,} rows (store kept) "
            f"{found['city_ingest_s']:.1f} s; 10 years {found['decade_rows']:,} rows "
            f"{found['decade_ingest_s']:.1f} s; "
            f"peak {found['peak_mib']:.0f} MiB"
        )
    print(
        "\nUncached: the page cache emptied before each request (every ingest changes its key); "
        "median of 5. Built MiB: the most memory Python allocated while building one uncached "
        "page (tracemalloc). Peak: the whole pages process, its ingests included (maxrss)."
    )
    return 0


def run_means(folder: Path, days: int, databases: list[tuple[str, str | None]]) -> int:
    path = folder / "city-year.csv"
    started = time.perf_counter()
    rows = generate(path, days)
    os.chmod(path, 0o644)
    print(
        f"Synthetic file: {rows:,} rows, {SENSORS} sensors x {len(POLLUTANTS)} pollutants, "
        f"{days} days, {path.stat().st_size / 2**20:,.0f} MiB, "
        f"written in {time.perf_counter() - started:.1f} s"
    )
    duck = child("duckdb", str(path), str(folder / "duckdb.csv"))
    print(
        f"DuckDB daily means from the CSV: {duck['seconds']:.2f} s, {duck['means']:,} means, "
        f"peak {duck['peak_mib']:.0f} MiB"
    )
    results: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for name, url in databases:
        assert url is not None
        ingested = child("ingest", str(path), url, str(folder))
        daily = child("daily", url, str(folder), str(days), str(folder / f"{name}.csv"))
        results[name] = ingested, daily
    print()
    print(
        f"{'database':<11} {'ingest rows/s':>14} {'ingest s':>9} {'peak MiB':>9} {'path':>5}   "
        f"{'daily means s':>13} {'ratio to DuckDB':>15} {'+ indices s':>11} {'AQI days':>9} "
        f"{'peak MiB':>9}   check"
    )
    for name, (ingested, daily) in results.items():
        compared, wrong, worst = compare(folder / f"{name}.csv", folder / "duckdb.csv")
        check = f"{compared} station-days, {wrong} differ (largest relative gap {worst:.1e})"
        rate = ingested["rows"] / ingested["seconds"]
        ratio = daily["aggregate_seconds"] / duck["seconds"]
        print(
            f"{name:<11} {rate:>14,.0f} {ingested['seconds']:>9.1f} "
            f"{ingested['peak_mib']:>9.0f} {'SQL' if ingested['bulk'] else 'rows':>5}   "
            f"{daily['aggregate_seconds']:>13.2f} {ratio:>15.2f} {daily['aqi_seconds']:>11.2f} "
            f"{daily['station_days']:>9,} {daily['peak_mib']:>9.0f}   {check}"
        )
        if wrong or daily["means"] != duck["means"] or ingested["inserted"] != rows:
            print(
                f"  {name}: results differ from DuckDB's or rows were not all stored",
                file=sys.stderr,
            )
            return 1
    print(
        "\nPeak memory is each phase's own process (resource.getrusage maxrss); the database "
        "server's memory is not included. Ratio: our daily means / DuckDB's (lower is better; "
        "the aim is at most 2). The indices (US AQI and WHO days of every station-day) are "
        "computed after the means, as the pages compute them; DuckDB computes no index."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
