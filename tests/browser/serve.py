"""Runs the app for the browser tests in its own process, so a test can stop it
("airplane mode") and start it again on the same port and database.

Usage: python tests/browser/serve.py PORT  (config as JSON in LARESAPP_TEST_CONFIG)

A bad network that is not airplane mode: when LARESAPP_TEST_FAULT_FILE names a file, each
request first reads it — "502" answers 502 Bad Gateway (the app down behind a reverse
proxy), "hang" holds the request without an answer until the file changes (a stalled
link; the app never sees it), anything else passes the request to the app.
"""

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from laresapp import create_app


def _mode(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def faulty(app: Any, control: Path) -> Callable[..., Iterable[bytes]]:
    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        deadline = time.monotonic() + 120
        held = False
        while _mode(control) == "hang" and time.monotonic() < deadline:
            held = True
            time.sleep(0.05)
        if held:  # a stalled request never reaches the app, even once the link recovers
            start_response("504 Gateway Timeout", [("Content-Type", "text/plain"), ("Content-Length", "7")])
            return [b"timeout"]
        if _mode(control) == "502":
            start_response("502 Bad Gateway", [("Content-Type", "text/html"), ("Content-Length", "22")])
            return [b"<h1>Bad Gateway</h1>\n\n"]
        return app(environ, start_response)  # type: ignore[no-any-return]

    return wsgi


def main() -> None:
    port = int(sys.argv[1])
    app: Any = create_app(json.loads(os.environ["LARESAPP_TEST_CONFIG"]))
    if os.environ.get("LARESAPP_TEST_FAULT_FILE"):
        app = faulty(app, Path(os.environ["LARESAPP_TEST_FAULT_FILE"]))
    server = make_server("127.0.0.1", port, app, threaded=True)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
