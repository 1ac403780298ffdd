"""Real servers for the tests that need more than the Flask test client: gunicorn with
several workers (tests/gunicorn_app.py), and the worker processes it runs, so a test
can tell that no worker died (gunicorn would quietly start a new one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.browser_helpers import free_port
from tests.helpers import REPO


class Gunicorn:
    """``gunicorn -w N`` on a free loopback port with the test config; ``stop()`` ends it.
    ``threads``: gthread workers with that many threads each (the README's worker class)."""

    def __init__(
        self, config: dict[str, Any], workers: int = 2, log: Path | None = None, threads: int = 0
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LARESAPP_TEST_CONFIG": json.dumps(config)}
        args = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{self.port}"]
        if threads:
            args += ["-k", "gthread", "--threads", str(threads)]
        if log is not None:
            args += ["--access-logfile", str(log), "--config", "python:laresapp.gunicorn_conf"]
        self.proc = subprocess.Popen(
            [*args, "tests.gunicorn_app:app"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=30).close()
                if len(self.workers()) == workers:
                    return
            except OSError:  # not listening yet (URLError), or a slow first answer
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> set[int]:
        """The worker processes' ids (the master's children, read from /proc)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return {int(p) for p in path.read_text().split()} if path.exists() else set()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def post_multipart(
    opener: urllib.request.OpenerDirector,
    url: str,
    fields: dict[str, str],
    files: dict[str, tuple[str, bytes]],
) -> tuple[int, str]:
    """A multipart/form-data POST with urllib; returns (status, body)."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/gpx+xml\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with opener.open(req, timeout=120) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()
