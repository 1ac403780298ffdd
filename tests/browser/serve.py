"""Runs the app for the browser tests in its own process, so a test can stop it
("airplane mode") and start it again on the same port and database.

Usage: python tests/browser/serve.py PORT  (config as JSON in LARESAPP_TEST_CONFIG)
"""

import json
import os
import sys

from werkzeug.serving import make_server

from laresapp import create_app


def main() -> None:
    port = int(sys.argv[1])
    app = create_app(json.loads(os.environ["LARESAPP_TEST_CONFIG"]))
    server = make_server("127.0.0.1", port, app, threaded=True)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
