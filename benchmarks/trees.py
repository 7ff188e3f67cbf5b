"""The green fund at city scale: millions of trees in the registry, on the map.

Side by side in one run, per database (PostGIS with `--trees`, 6.5 million by default, the
roadmap's 2030 target; SpatiaLite with `--sqlite-trees`, 1 million):

1. loading: Jasyl's import (`jasyl import trees FILE`: every row checked, its district found by
   a spatial join, its history written, the map counts moved, one transaction) against the raw
   load of the same rows by the database (PostgreSQL's COPY; SQLite's executemany of
   INSERT ... MakePoint), in trees per second;
2. the rest of the trees written straight by SQL (set-up, timed for the record) in eight
   synthetic square districts (never real boundaries), then the map's grid counts rebuilt once
   (`tiles.rebuild_counts`, one GROUP BY);
3. map tiles over the city centre at zooms 10 and 13 (grid counts: Jasyl's trees are drawn one
   by one from zoom 14) and 16 (the trees themselves), fetched from gunicorn, against the raw
   `ST_AsMVT` over the points run directly on PostgreSQL (on SpatiaLite, the same bbox query on
   the spatial index and mapbox-vector-tile's encoder in this process): p50 and p99 latency,
   tile size, and the ratio;
4. the trees per district: the registry's selector (`greenfund.selectors.stock_by_district`)
   against the raw GROUP BY.

See benchmarks/README.md, "The green fund at city scale".
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import HOST, gunicorn, jasyl, postgres_primary

PROGRAMME = "green-almaty"
# The box the synthetic trees stand in (central Almaty, WGS 84), cut in 4 x 2 synthetic districts.
WEST, SOUTH, EAST, NORTH = 76.80, 43.18, 77.05, 43.33
COLUMNS, ROWS = 4, 2
CENTRE = (76.92, 43.25)
CONDITIONS = ("good", "fair", "poor", "hazardous", "dead")
ZOOMS = (10, 13, 16)

SETUP = """
from django.contrib.gis.geos import MultiPolygon, Polygon
from jasyl.domain.places.models import AdministrativeUnit
width, height = ({east} - {west}) / {columns}, ({north} - {south}) / {rows}
for n in range({columns} * {rows}):
    x, y = {west} + (n % {columns}) * width, {south} + (n // {columns}) * height
    AdministrativeUnit.objects.update_or_create(
        code=f"bench-{{n + 1}}",
        defaults=dict(
            name_kk=f"Синтетикалық аудан {{n + 1}}", name_en=f"Synthetic district {{n + 1}}",
            boundary=MultiPolygon(Polygon.from_bbox((x, y, x + width, y + height)), srid=4326),
            source="benchmark (synthetic)",
        ),
    )
"""

COUNTS = """
import time
from jasyl.core import tiles
started = time.perf_counter()
rows = tiles.rebuild_counts(tiles.layer("trees"))
print(rows, time.perf_counter() - started)
"""

DISTRICTS = """
import json, time
from django.db import connection
from jasyl.domain.greenfund.selectors import stock_by_district
times, raw = [], []
for _ in range({repeat}):
    started = time.perf_counter()
    found = stock_by_district()
    times.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "SELECT district_id, count(*) FROM greenfund_tree"
            " WHERE status = 'standing' AND NOT is_sample GROUP BY district_id"
        )
        rows = cursor.fetchall()
        raw.append(time.perf_counter() - started)
total = sum(found.values())
print(json.dumps({{"jasyl": times, "raw": raw, "districts": len(found), "trees": total}}))
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trees", type=int, default=6_500_000, help="trees in PostGIS")
    parser.add_argument("--sqlite-trees", type=int, default=1_000_000, help="trees in SpatiaLite")
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="trees in the imported file (<= 100 000)"
    )
    parser.add_argument("--tiles", type=int, default=40, help="tiles fetched per zoom")
    parser.add_argument(
        "--raw-low-zoom-tiles",
        type=int,
        default=2,
        help="tiles at zooms 10 and 13 drawn raw from the points (slow: seconds each)",
    )
    parser.add_argument(
        "--databases", default="postgresql,sqlite", help="postgresql, sqlite or both"
    )
    parser.add_argument("--seed", type=int, default=2030)
    return parser.parse_args(argv)


def environment(data: Path, database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jasyl.settings",
            "JASYL_DATA_DIR": str(data),
            "DATABASE_URL": database,
            "JASYL_DEBUG": "0",
            "JASYL_SECRET_KEY": "trees-" + "t" * 50,
            "JASYL_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JASYL_LOG_LEVEL": "ERROR",
            "JASYL_IMPORT_MAX_BYTES": str(200_000_000),
        }
    )
    return env


# ------------------------------------------------------------------------------ the trees


def random_point(rng: random.Random) -> tuple[float, float]:
    return round(rng.uniform(WEST, EAST), 6), round(rng.uniform(SOUTH, NORTH), 6)


def import_file(path: Path, rows: int, rng: random.Random) -> list[tuple[str, float, float, str]]:
    trees = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "longitude", "latitude", "condition", "diameter_cm", "source"])
        for n in range(rows):
            lon, lat = random_point(rng)
            condition = rng.choice(CONDITIONS)
            trees.append((f"I{n}", lon, lat, condition))
            writer.writerow([f"I{n}", lon, lat, condition, rng.randint(5, 120), "benchmark"])
    return trees


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


# ------------------------------------------------------------------------------ tiles


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tiles_around(zoom: int, count: int, rng: random.Random) -> list[tuple[int, int, int]]:
    """`count` tiles inside the trees' box, the centre's first."""
    found = [(zoom, *tile_of(*CENTRE, zoom))]
    (west, north), (east, south) = tile_of(WEST, NORTH, zoom), tile_of(EAST, SOUTH, zoom)
    while len(found) < count:
        found.append((zoom, rng.randint(west, east), rng.randint(north, south)))
    return found


def fetch(port: int, tile: tuple[int, int, int]) -> tuple[float, int]:
    z, x, y = tile
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://{HOST}:{port}/tiles/trees/{z}/{x}/{y}.pbf") as answer:
        body = answer.read()
    return time.perf_counter() - started, len(body)


RAW_MVT = """
SELECT ST_AsMVT(t, 'trees', 4096, 'geom', 'id') FROM (
  SELECT id, code, condition, is_sample,
         ST_AsMVTGeom(ST_Transform(geometry, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s),
                      4096, 64, true) AS geom
  FROM greenfund_tree
  WHERE status = 'standing'
    AND geometry && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096), 4326)
) AS t
"""


# Jasyl plans its tile statements without parallel workers or JIT (`tiles.encoding.PLAN_SETTINGS`);
# the raw statement is also drawn so, on a connection of its own, beside the server's defaults.
TUNED = ("SET max_parallel_workers_per_gather = 0", "SET jit = off")


def raw_postgres(
    url: str, tuned: bool = False
) -> Callable[[tuple[int, int, int]], tuple[float, int]]:
    import psycopg

    connection = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
    for setting in TUNED if tuned else ():
        connection.execute(setting)

    def draw(tile: tuple[int, int, int]) -> tuple[float, int]:
        z, x, y = tile
        started = time.perf_counter()
        row = connection.execute(RAW_MVT, {"z": z, "x": x, "y": y}).fetchone()
        body = bytes(row[0]) if row and row[0] is not None else b""
        return time.perf_counter() - started, len(body)

    return draw


def raw_spatialite(path: Path) -> Callable[[tuple[int, int, int]], tuple[float, int]]:
    import mapbox_vector_tile

    connection = sqlite3.connect(path)
    connection.enable_load_extension(True)
    connection.load_extension("mod_spatialite")

    def draw(tile: tuple[int, int, int]) -> tuple[float, int]:
        z, x, y = tile
        n = 2**z
        west, east = x / n * 360 - 180, (x + 1) / n * 360 - 180
        north = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
        south = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + 1) / n))))
        started = time.perf_counter()
        rows = connection.execute(
            "SELECT t.id, t.code, t.condition, X(t.geometry), Y(t.geometry) FROM greenfund_tree t"
            " WHERE t.status = 'standing' AND t.rowid IN (SELECT pkid FROM"
            " idx_greenfund_tree_geometry"
            " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)",
            (east, west, north, south),
        ).fetchall()
        features = [
            {
                "geometry": f"POINT({lon} {lat})",
                "properties": {"code": code, "condition": condition},
                "id": pk,
            }
            for pk, code, condition, lon, lat in rows
        ]
        body = (
            mapbox_vector_tile.encode(
                [{"name": "trees", "features": features}],
                default_options={
                    "quantize_bounds": (west, south, east, north),
                    "y_coord_down": False,
                },
            )
            if features
            else b""
        )
        return time.perf_counter() - started, len(body)

    return draw


# ------------------------------------------------------------------------------ one database


def run_database(
    name: str, args: argparse.Namespace, folder: Path, url: str, trees: int
) -> dict[str, object]:
    rng = random.Random(args.seed)
    env = environment(folder / "data", url)
    print(f"{name}: migrating and loading the roadmap ...", flush=True)
    jasyl(env, "migrate", "-v0")
    jasyl(env, "load-roadmap")
    jasyl(
        env,
        "shell",
        stdin=SETUP.format(
            west=WEST, south=SOUTH, east=EAST, north=NORTH, columns=COLUMNS, rows=ROWS
        ),
    )
    result: dict[str, object] = {"database": name, "trees": trees}

    rows = min(args.import_rows, trees)
    file = folder / "trees.csv"
    imported = import_file(file, rows, rng)
    print(f"{name}: importing {rows} trees through `jasyl import trees` ...", flush=True)
    result["import_s"] = timed(
        lambda: jasyl(env, "import", "trees", str(file), "--programme", PROGRAMME)
    )
    print(f"{name}: loading the same {rows} rows raw ...", flush=True)
    result["raw_load_s"] = raw_load(name, url, folder, imported)
    result["import_rows"] = rows

    rest = trees - rows
    print(f"{name}: writing {rest} more trees by SQL (set-up) ...", flush=True)
    result["fill_s"] = timed(lambda: fill(name, url, folder, rows, rest, args.seed))
    print(f"{name}: rebuilding the map's grid counts ...", flush=True)
    counted, seconds = jasyl(env, "shell", stdin=COUNTS).split()[-2:]
    result["counts_rows"], result["counts_s"] = int(counted), float(seconds)

    print(f"{name}: district counts ...", flush=True)
    result["districts"] = json.loads(
        jasyl(env, "shell", stdin=DISTRICTS.format(repeat=5)).splitlines()[-1]
    )

    tuned = None
    if name == "PostgreSQL":
        draw, tuned = raw_postgres(url), raw_postgres(url, tuned=True)
    else:
        draw = raw_spatialite(Path(url.removeprefix("sqlite:///")))
    tiles: dict[int, dict[str, list[float]]] = {}
    with gunicorn(
        env, 2 * (os.cpu_count() or 1) + 1, folder / "web.log", ready_path="/healthz"
    ) as port:
        for zoom in ZOOMS:
            chosen = tiles_around(zoom, args.tiles, rng)
            for tile in chosen[:3]:
                fetch(port, tile)  # warm-up
            measured: dict[str, list[float]] = {
                "jasyl": [],
                "jasyl_bytes": [],
                "raw": [],
                "raw_bytes": [],
                "raw_tuned": [],
            }
            raw_count = len(chosen) if zoom >= 14 else min(args.raw_low_zoom_tiles, len(chosen))
            for n, tile in enumerate(chosen):
                # Whoever reads a tile's rows first pays for bringing them into the database's
                # buffers, and the next reader of the same tile finds them there: the order
                # turns from tile to tile, so each side goes first as often.
                sides: list[tuple[str, Callable[[tuple[int, int, int]], tuple[float, int]]]] = [
                    ("jasyl", lambda tile: fetch(port, tile))
                ]
                if n < raw_count:
                    sides.append(("raw", draw))
                    if tuned is not None and zoom >= 14:
                        sides.append(("raw_tuned", tuned))
                turn = n % len(sides)
                for side, measure in sides[turn:] + sides[:turn]:
                    seconds, size = measure(tile)
                    measured[side].append(seconds)
                    if side != "raw_tuned":
                        measured[f"{side}_bytes"].append(size)
            tiles[zoom] = measured
            print(f"{name}: zoom {zoom}: {len(chosen)} tiles", flush=True)
    result["tiles"] = tiles
    return result


def raw_load(
    name: str, url: str, folder: Path, trees: list[tuple[str, float, float, str]]
) -> float:
    """The same rows, loaded by the database itself into a copy of the trees' table."""
    if name == "PostgreSQL":
        import psycopg

        with psycopg.connect(
            url.replace("postgres://", "postgresql://"), autocommit=True
        ) as connection:
            connection.execute("CREATE TABLE bench_raw (LIKE greenfund_tree INCLUDING ALL)")
            started = time.perf_counter()
            with connection.cursor().copy(
                "COPY bench_raw (code, geometry, condition, name_kk, name_ru, name_en,"
                " district_by_hand, holder_name, source, is_sample, created_at, updated_at,"
                " site_type, site_name, status) FROM STDIN"
            ) as copy:
                for code, lon, lat, condition in trees:
                    copy.write_row(
                        (code, f"SRID=4326;POINT({lon} {lat})", condition, "", "", "", False, "",
                         "benchmark", False, "now", "now", "", "", "standing")
                    )  # fmt: skip
            seconds = time.perf_counter() - started
            connection.execute("DROP TABLE bench_raw")
            return seconds
    path = Path(url.removeprefix("sqlite:///"))
    connection = sqlite3.connect(path)
    connection.enable_load_extension(True)
    connection.load_extension("mod_spatialite")
    connection.execute(
        "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, code TEXT UNIQUE, condition TEXT)"
    )
    connection.execute("SELECT AddGeometryColumn('bench_raw', 'geometry', 4326, 'POINT', 'XY')")
    connection.execute("SELECT CreateSpatialIndex('bench_raw', 'geometry')")
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO bench_raw (code, condition, geometry)"
            " VALUES (?, ?, MakePoint(?, ?, 4326))",
            [(code, condition, lon, lat) for code, lon, lat, condition in trees],
        )
    seconds = time.perf_counter() - started
    connection.execute("SELECT DisableSpatialIndex('bench_raw', 'geometry')")
    connection.execute("DROP TABLE IF EXISTS idx_bench_raw_geometry")
    connection.execute("SELECT DiscardGeometryColumn('bench_raw', 'geometry')")
    connection.execute("DROP TABLE bench_raw")
    connection.commit()
    connection.close()
    return seconds


def fill(name: str, url: str, folder: Path, start: int, count: int, seed: int) -> None:
    """`count` more trees, standing in the box, each in the synthetic district of its cell."""
    if count <= 0:
        return
    width, height = (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS
    if name == "PostgreSQL":
        import psycopg

        with psycopg.connect(
            url.replace("postgres://", "postgresql://"), autocommit=True
        ) as connection:
            connection.execute(f"SELECT setseed({(seed % 1000) / 1000})")
            districts = dict(connection.execute(
                "SELECT code, id FROM places_administrativeunit WHERE code LIKE 'bench-%'"
            ).fetchall())  # fmt: skip
            cases = " ".join(
                f"WHEN {n} THEN {districts[f'bench-{n + 1}']}" for n in range(COLUMNS * ROWS)
            )
            step = 500_000
            for first in range(start, start + count, step):
                last = min(first + step, start + count) - 1
                connection.execute(
                    f"""
                    INSERT INTO greenfund_tree (code, geometry, condition,
                      name_kk, name_ru, name_en, district_by_hand, holder_name, source,
                      is_sample, created_at, updated_at, site_type, site_name, status, district_id)
                    SELECT 'S' || n, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
                      (ARRAY['good','fair','poor','hazardous','dead'])
                        [1 + floor(random() * 5)::int],
                      '', '', '', false, '', 'benchmark', false, now(), now(), '', '', 'standing',
                      CASE (least(floor((lon - {WEST}) / {width})::int, {COLUMNS - 1})
                            + {COLUMNS} * least(floor((lat - {SOUTH}) / {height})::int, {ROWS - 1}))
                      {cases} END
                    FROM (SELECT n, {WEST} + random() * {EAST - WEST} AS lon,
                                 {SOUTH} + random() * {NORTH - SOUTH} AS lat
                          FROM generate_series({first}, {last}) AS n) AS p
                    """
                )
            connection.execute("ANALYZE greenfund_tree")
        return
    path = Path(url.removeprefix("sqlite:///"))
    connection = sqlite3.connect(path)
    connection.enable_load_extension(True)
    connection.load_extension("mod_spatialite")
    districts = dict(connection.execute(
        "SELECT code, id FROM places_administrativeunit WHERE code LIKE 'bench-%'"
    ).fetchall())  # fmt: skip
    rng = random.Random(seed)
    step = 100_000
    for first in range(start, start + count, step):
        rows = []
        for n in range(first, min(first + step, start + count)):
            lon, lat = random_point(rng)
            cell = min(int((lon - WEST) / width), COLUMNS - 1) + COLUMNS * min(
                int((lat - SOUTH) / height), ROWS - 1
            )
            rows.append((f"S{n}", lon, lat, rng.choice(CONDITIONS), districts[f"bench-{cell + 1}"]))
        with connection:
            connection.executemany(
                "INSERT INTO greenfund_tree (code, geometry, condition, name_kk, name_ru, name_en,"
                " district_by_hand, holder_name, source, is_sample, created_at, updated_at,"
                " site_type, site_name, status, district_id) VALUES (?, MakePoint(?, ?, 4326), ?,"
                " '', '', '', 0, '', 'benchmark', 0, datetime('now'), datetime('now'), '', '',"
                " 'standing', ?)",
                [
                    (code, lon, lat, condition, district)
                    for code, lon, lat, condition, district in rows
                ],
            )
    connection.execute("ANALYZE")
    connection.close()


# ------------------------------------------------------------------------------ report


def report(results: list[dict[str, object]]) -> None:
    for result in results:
        name, trees = result["database"], result["trees"]
        rows = result["import_rows"]
        print(f"\n{name}, {trees:,} trees".replace(",", " "))
        jasyl_rate = rows / result["import_s"]
        raw_rate = rows / result["raw_load_s"]
        print(
            f"  load {rows} trees: jasyl import {jasyl_rate:,.0f} trees/s, raw "
            f"{raw_rate:,.0f} trees/s, ratio raw/jasyl {raw_rate / jasyl_rate:.1f}x"
        )
        print(
            f"  set-up by SQL: {result['fill_s']:.0f} s; grid counts rebuilt:"
            f" {result['counts_s']:.1f} s for {result['counts_rows']:,} trees"
        )
        districts = result["districts"]
        print(
            f"  trees per district ({districts['districts']} districts,"
            f" {districts['trees']:,} trees):"
            f" selector p50 {statistics.median(districts['jasyl']) * 1000:.0f} ms, raw GROUP BY"
            f" p50 {statistics.median(districts['raw']) * 1000:.0f} ms"
        )
        print(
            f"  {'zoom':>4} {'tiles':>5} {'jasyl p50':>10} {'p99':>8} {'KB p50':>7}"
            f" {'raw p50':>9} {'p99':>8} {'KB':>7} {'jasyl/raw':>9}"
        )
        for zoom, measured in result["tiles"].items():
            jasyl_p50, jasyl_p99 = (percentile(measured["jasyl"], p) * 1000 for p in (50, 99))
            size = statistics.median(measured["jasyl_bytes"]) / 1024
            if measured["raw"]:
                raw_p50, raw_p99 = (percentile(measured["raw"], p) * 1000 for p in (50, 99))
                raw_size = statistics.median(measured["raw_bytes"]) / 1024
                line = (
                    f"{raw_p50:>9.1f} {raw_p99:>8.1f} {raw_size:>7.1f} {jasyl_p50 / raw_p50:>9.2f}"
                )
            else:
                line = f"{'-':>9} {'-':>8} {'-':>7} {'-':>9}"
            print(
                f"  {zoom:>4} {len(measured['jasyl']):>5} {jasyl_p50:>10.1f}"
                f" {jasyl_p99:>8.1f} {size:>7.1f} {line}"
            )
            if measured.get("raw_tuned"):
                tuned_p50, tuned_p99 = (
                    percentile(measured["raw_tuned"], p) * 1000 for p in (50, 99)
                )
                print(
                    f"  {'':>4} raw without parallel workers or JIT, as Jasyl plans it:"
                    f" p50 {tuned_p50:.1f} ms, p99 {tuned_p99:.1f} ms,"
                    f" jasyl/raw {jasyl_p50 / tuned_p50:.2f}"
                )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="jasyl-trees-") as name:
        folder = Path(name)
        if "postgresql" in args.databases:
            with postgres_primary(folder) as cluster:
                if cluster is None:
                    print("PostgreSQL: skipped (its server binaries are not installed)")
                else:
                    (folder / "pg").mkdir()
                    results.append(
                        run_database("PostgreSQL", args, folder / "pg", cluster.url(), args.trees)
                    )
        if "sqlite" in args.databases:
            (folder / "sqlite").mkdir()
            url = f"sqlite:///{folder / 'sqlite' / 'trees.sqlite3'}"
            results.append(run_database("SQLite", args, folder / "sqlite", url, args.sqlite_trees))
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
