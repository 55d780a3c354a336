"""The web app behind `jobshift serve`: JSON API, server-rendered pages, news context cards, discussion.

    from jobshift.web import create_app
    app = create_app(WebConfig(db_path=Path("jobshift.duckdb")))

The analytics DuckDB is opened read-only; app state (users, sessions, comments, submitted stories) lives
in a SQLAlchemy database (SQLite by default, PostgreSQL with `--app-db postgresql+psycopg://…`).
See docs/web.md.
"""

from jobshift.web.app import create_app
from jobshift.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
