"""The WSGI app for the tests that run gunicorn (tests/servers.py): its config comes as
JSON in LARESAPP_TEST_CONFIG, like tests/browser/serve.py's."""

import json
import os

from laresapp import create_app

flask_app = create_app(json.loads(os.environ["LARESAPP_TEST_CONFIG"]))


def app(environ, start_response):  # type: ignore[no-untyped-def]
    """The app, with an X-Worker header naming the worker process that answered."""

    def start(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
        return start_response(status, [*headers, ("X-Worker", str(os.getpid()))], exc_info)

    return flask_app(environ, start)
