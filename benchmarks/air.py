"""Air-quality benchmark: ingest and daily means of a synthetic city-year, against DuckDB.

Generates a seeded, synthetic OpenAQ-style long CSV (100 sensors, 5 pollutants, a value every
10 minutes: about 26.3 million rows for a year), then measures side by side in one run:

- the ingest rate (rows/s) of `ingest_file` into SQLite (a temporary file) and PostgreSQL
  (DATABASE_URL, else a throw-away local cluster; skipped with a message when neither works);
- the time to compute the year's daily means (`selectors.daily_means`) and the daily US AQI
  of every station from each database;
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
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = 20250101
FIRST_DAY = date(2025, 1, 1)  # Almaty is UTC+5 all of 2025
STEPS_PER_DAY = 144  # one value every 10 minutes
SIZES = {"small": 7, "medium": 35, "full": 365}  # days: about 0.5, 2.5 and 26 million rows
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
