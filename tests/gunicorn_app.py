"""The WSGI app for the tests that run gunicorn (tests/servers.py): its config comes as
JSON in LARESAPP_TEST_CONFIG, like tests/browser/serve.py's."""

import json
import os

from laresapp import create_app

app = create_app(json.loads(os.environ["LARESAPP_TEST_CONFIG"]))
