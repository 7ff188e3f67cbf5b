"""Servers the benchmarks start and stop themselves: throw-away PostgreSQL clusters (a primary
and, from it, a streaming hot standby), Redis, and gunicorn. Everything listens on 127.0.0.1
only and is stopped on exit, also on an error."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0


class ServerError(Exception):
    """A server could not be started; the message says why."""


def run(command: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    """Run a set-up command in the repository; its output, or ServerError with all it said."""
    done = subprocess.run(
        command, cwd=REPO, env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ServerError(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def jasyl(env: dict[str, str], *arguments: str, stdin: str | None = None) -> str:
    """`jasyl ARGUMENTS` of the project's virtualenv; its output."""
    return run([str(BIN / "jasyl"), *arguments], env, stdin)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


def _as_owner(data: Path) -> list[str]:
    """PostgreSQL refuses to run as root: as root, the data folder and the benchmark's own
    temporary folder holding it go to the postgres user."""
    if os.geteuid() != 0:
        return []
    shutil.chown(data.parent, "postgres")
    shutil.chown(data, "postgres")
    return ["runuser", "-u", "postgres", "--"]


class Cluster:
    """A running throw-away PostgreSQL server."""

    def __init__(self, bin_dir: Path, data: Path, port: int, as_user: list[str]) -> None:
        self.bin_dir = bin_dir
        self.data = data
        self.port = port
        self.as_user = as_user

    def url(self, database: str = "bench") -> str:
        return f"postgres://bench@{HOST}:{self.port}/{database}"

    def sql(self, query: str, database: str = "bench") -> str:
        """Run one statement with psql; its unaligned output."""
        done = subprocess.run(
            [
                str(self.bin_dir / "psql"),
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                "bench",
                "-d",
                database,
                "-qtAc",
                query,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ServerError(f"psql on port {self.port}: {done.stderr.strip()}")
        return done.stdout.strip()

    def start(self) -> None:
        log = self.data.parent / f"{self.data.name}.log"
        done = subprocess.run(
            [
                *self.as_user,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data),
                "-w",
                "-l",
                str(log),
                "-o",
                f"-p {self.port} -k {self.data} -c listen_addresses={HOST}",
                "start",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            text = log.read_text() if log.exists() else ""
            raise ServerError(f"PostgreSQL in {self.data} did not start:\n{done.stderr}{text}")

    def stop(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "stop",
            ],
            capture_output=True,
            check=False,
        )


@contextmanager
def postgres_primary(folder: Path) -> Iterator[Cluster | None]:
    """A throw-away cluster with the database `bench`, trusting local connections (replication
    included); None when PostgreSQL is not installed."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        yield None
        return
    data = folder / "primary"
    data.mkdir(parents=True)
    as_user = _as_owner(data)
    subprocess.run(
        [*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "bench"],
        check=True,
        capture_output=True,
    )
    cluster = Cluster(bin_dir, data, free_port(), as_user)
    cluster.start()
    try:
        subprocess.run(
            [
                str(bin_dir / "createdb"),
                "-h",
                HOST,
                "-p",
                str(cluster.port),
                "-U",
                "bench",
                "bench",
            ],
            check=True,
            capture_output=True,
        )
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def postgres_standby(primary: Cluster, folder: Path) -> Iterator[Cluster]:
    """A hot standby of `primary` fed by streaming replication (`pg_basebackup -R`)."""
    data = folder / "standby"
    data.mkdir(parents=True, mode=0o700)
    as_user = _as_owner(data)
    subprocess.run(
        [
            *as_user,
            str(primary.bin_dir / "pg_basebackup"),
            "-h",
            HOST,
            "-p",
            str(primary.port),
            "-U",
            "bench",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ],
        check=True,
        capture_output=True,
    )
    standby = Cluster(primary.bin_dir, data, free_port(), as_user)
    standby.start()
    try:
        if standby.sql("SELECT pg_is_in_recovery()") != "t":
            raise ServerError("the standby is not in recovery: replication is not running")
        yield standby
    finally:
        standby.stop()


@contextmanager
def redis(folder: Path) -> Iterator[str | None]:
    """A throw-away Redis (no persistence) as a cache URL; None when redis-server is missing."""
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"redis://{HOST}:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def s3(folder: Path, bucket: str) -> Iterator[str | None]:
    """A throw-away S3-compatible server (moto's `moto_server`, from requirements-dev.txt) with
    an empty bucket; its endpoint URL, or None when it is not installed."""
    server = BIN / "moto_server"
    if not server.exists():
        yield None
        return
    import boto3

    port = free_port()
    process = subprocess.Popen(
        [str(server), "-H", HOST, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=folder,
    )
    endpoint = f"http://{HOST}:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
            region_name="us-east-1",
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                client.create_bucket(Bucket=bucket)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[None]:
    """`jasyl run-worker`, the background jobs' worker; stopped on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "jasyl"), "run-worker"], cwd=REPO, env=env, stdout=out, stderr=out
        )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int, log: Path, ready_path: str = "/kk/"
) -> Iterator[int]:
    """A running gunicorn on a free port of 127.0.0.1; stopped on exit."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "jasyl.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--log-level=warning",
    ]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log_file, stderr=log_file)
    try:
        _wait_until_up(process, port, log, ready_path)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path, path: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")
