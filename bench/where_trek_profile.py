"""Print the real profile.json of a bundled trek (default lares-a) to stdout.

Used by ``node bench/where_bench.mjs`` to time "Where am I" on a real trek; builds the
app on a throw-away SQLite file, exactly as a first start does.
Usage: .venv/bin/python bench/where_trek_profile.py [slug]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from laresapp import create_app


def main() -> None:
    slug = sys.argv[1] if len(sys.argv) > 1 else "lares-a"
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            }
        )
        resp = app.test_client().get(f"/treks/{slug}/profile.json")
        if resp.status_code != 200:
            sys.exit(f"no trek {slug!r} (HTTP {resp.status_code})")
        sys.stdout.buffer.write(resp.data)
        from laresapp.extensions import db

        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
