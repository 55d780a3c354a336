"""`jobshift serve`: check the databases, print the address, run the app under uvicorn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jobshift.errors import ConfigError
from jobshift.web.app import create_app
from jobshift.web.config import WebConfig
from jobshift.web.data import AnalyticsDB


def serve(host: str, port: int, db_path: Path, app_db: str | None, say: Callable[[str], None] = print) -> None:
    """Serve the web app until Ctrl-C; StoreError/ConfigError (one line) when it cannot start."""
    import uvicorn

    if not 0 < port < 65536:
        raise ConfigError(f"--port {port}: not a TCP port (1-65535)")
    if app_db is not None and not app_db.startswith(("sqlite", "postgresql")):
        raise ConfigError(f"--app-db {app_db!r}: use sqlite:///file.sqlite3 or postgresql+psycopg://user@host/db")
    AnalyticsDB(db_path).check()  # a missing or outdated database is reported before binding the port
    config = WebConfig(db_path=db_path, app_db_url=app_db)
    app = create_app(config)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    say(f"jobshift serving {db_path} (read-only) at http://{shown}:{port}/  ·  app data: "
        f"{_redact(config.resolved_app_db_url())}  ·  Ctrl-C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _redact(url: str) -> str:
    """The app DB URL without its password."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url
