"""The settings of one web app instance: where the data is, where app state goes, cookie policy."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _moderators_from_env() -> frozenset[str]:
    raw = os.environ.get("JOBSHIFT_MODERATORS", "")
    return frozenset(name.strip().lower() for name in raw.split(",") if name.strip())


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What `create_app` needs.

    db_path: the analytics DuckDB (opened read-only). app_db_url: SQLAlchemy URL of the app database
    (default: SQLite file `jobshift-app.sqlite3` beside the analytics DB). moderators: user names that get
    the moderator role (also JOBSHIFT_MODERATORS, comma-separated). secure_cookies: None = Secure flag when
    the request came over https. post_limit/post_window: at most that many comments or stories per user per
    window seconds. secret: cookie signing key; None = one kept in the app database.
    """

    db_path: Path
    app_db_url: str | None = None
    moderators: frozenset[str] = field(default_factory=_moderators_from_env)
    secure_cookies: bool | None = None
    post_limit: int = 5
    post_window: int = 60
    secret: str | None = None
    warm_cache: bool = True

    def resolved_app_db_url(self) -> str:
        """The app database URL, defaulting to a SQLite file beside the analytics database."""
        if self.app_db_url:
            return self.app_db_url
        env = os.environ.get("JOBSHIFT_APP_DB")
        if env:
            return env
        target = Path(self.db_path).resolve().with_name("jobshift-app.sqlite3")
        return f"sqlite:///{target}"
