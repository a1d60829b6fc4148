"""A PostgreSQL 15 cluster of the benchmarks' own, on a port other than 5432.

The production benchmarks stop and start PostgreSQL (the fault test) and make
a streaming replica (the replica router): they must never touch the shared
server on 5432 that the test suites use. This module makes a cluster in
var/pg/<name>-<port> with initdb, or a streaming replica of one with
pg_basebackup, starts and stops it with pg_ctl, all as the postgres user when
run as root (PostgreSQL refuses to run as root).

    python -m bench.pgcluster start 5442      # make (once) and start the primary
    python -m bench.pgcluster stop 5442
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
HOME = ROOT / "var" / "pg"


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    def __init__(self, name: str, port: int) -> None:
        self.name, self.port = name, port
        self.data = HOME / f"{name}-{port}"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _prepare_home(self) -> None:
        HOME.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(HOME, "postgres", "postgres")

    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        """A primary that accepts local trust connections and replication."""
        if self.exists():
            return
        self._prepare_home()
        _as_postgres(
            [str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.data}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "shared_buffers = 256MB\nfsync = on\njit = off\n"
            )
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")

    def replica_of(self, primary: Cluster) -> None:
        """A hot standby streaming from `primary` (pg_basebackup -R writes
        standby.signal and primary_conninfo)."""
        if self.data.exists():
            shutil.rmtree(self.data)
        self._prepare_home()
        _as_postgres(
            [
                str(BIN / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(self.data),
                "-X",
                "stream",
                "-R",
                "--checkpoint=fast",
            ]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {self.port}\nunix_socket_directories = '{self.data}'\n")

    def running(self) -> bool:
        done = subprocess.run(
            [str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False
        )
        return done.returncode == 0

    def start(self) -> None:
        if self.running():
            return
        log = self.data.parent / f"{self.name}-{self.port}.log"
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start"])
        deadline = time.monotonic() + 30
        while not self.running():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on {self.port} did not start; see {log}")
            time.sleep(0.2)

    def stop(self, mode: str = "fast") -> None:
        if self.exists() and (self.data / "postmaster.pid").exists():
            _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                db.execute(f'CREATE DATABASE "{name}"')


def primary(port: int = 5442) -> Cluster:
    cluster = Cluster("primary", port)
    cluster.init()
    cluster.start()
    return cluster


if __name__ == "__main__":
    action, port = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5442
    if action == "start":
        primary(port)
    elif action == "stop":
        Cluster("primary", port).stop()
    else:
        sys.exit("usage: python -m bench.pgcluster start|stop [PORT]")
