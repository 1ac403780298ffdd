"""Throw-away Redis and PostgreSQL servers for the tests, from Debian's packages (tests/run.sh
installs them): each in a temporary directory, on a free loopback port, stopped at the
end. Nothing here touches a system service or a fixed port."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.browser_helpers import free_port


class Redis:
    """``redis-server`` on 127.0.0.1 with no persistence, in ``workdir``."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(workdir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run tests/run.sh, which installs Debian's postgresql"
        )
    return found[-1]


class Postgres:
    """A throw-away cluster: ``initdb`` into ``workdir``, ``pg_ctl`` on a free loopback port
    with its socket in ``workdir``; as the ``postgres`` user when running as root."""

    def __init__(self, workdir: Path, durable: bool = False) -> None:
        """``durable=False`` (tests) runs with ``fsync=off``; benchmarks pass ``True``."""
        self.port = free_port()
        self.dir = workdir / "pgdata"
        self.sock = workdir / "sock"
        self.sock.mkdir(parents=True, exist_ok=True)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(workdir, "postgres")
            shutil.chown(self.sock, "postgres")
            os.chmod(workdir, 0o755)
        self._run(
            _pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"
        )
        opts = f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            opts += " -c fsync=off -c synchronous_commit=off"
        self._run(
            _pg_bin("pg_ctl"), "-D", str(self.dir), "-o", opts, "-l", str(workdir / "pg.log"), "-w", "start"
        )
        self.base_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        self._n = 0
        self.template = ""
        """URL of a migrated database that :meth:`fresh_copy` copies (set by the fixture)."""

    def _run(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (optionally a copy of ``template``); returns its URL."""
        import psycopg

        self._n += 1
        name = f"t{self._n}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as c:
            copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            c.execute(f'CREATE DATABASE "{name}"' + copy)
        return f"{self.base_url}/{name}"

    def fresh_copy(self) -> str:
        return self.new_database(template=self.template.rsplit("/", 1)[1])

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.dir), "-m", "immediate", "-w", "stop")
