"""The app database on a real PostgreSQL server that the test starts itself (initdb + pg_ctl, a temp dir,
a free port on 127.0.0.1), torn down after. Skipped, with the reason, only when the PostgreSQL server
binaries are absent; `.ci/run` (make test) installs them.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from .conftest import AppFactory, csrf_from, free_port, login


def _pg_bin() -> Path | None:
    for candidate in [os.environ.get("JOBSHIFT_PG_BIN", ""), *sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                                      reverse=True)]:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


PG_BIN = _pg_bin()
pytestmark = pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL server binaries (initdb, pg_ctl) are absent: "
                                "apt-get install postgresql (make test does it)")


def _as_pg_user(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server as the postgres system user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    assert PG_BIN is not None
    # Not under pytest's (root-only) temp tree: as root the server runs as the postgres user.
    base = Path(tempfile.mkdtemp(prefix="jobshift-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        os.chmod(base, 0o755)
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    subprocess.run(_as_pg_user([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
    options = f"-h 127.0.0.1 -p {port} -k {sock} -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "30",
                                "-l", str(base / "log.txt"), "start"]), check=True, capture_output=True)
    try:
        admin = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as con:
            con.execute(text("CREATE DATABASE jobshift_app"))
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/jobshift_app"
    finally:
        subprocess.run(_as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_discussion_on_postgresql(make_app: AppFactory, real_db: Path, pg_url: str) -> None:
    story = "news:wire:1"
    with TestClient(make_app(real_db, app_db_url=pg_url, post_limit=3)) as client:
        login(client, "alice")
        token = csrf_from(client.get("/login").text)

        def post(url: str, **data: str) -> int:
            return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False).status_code

        assert post("/comments", story_id=story, body="On *PostgreSQL*") == 303
        assert post("/comments", story_id=story, body="a reply", parent_id="1") == 303
        assert post("/comments/1/edit", body="Edited on PostgreSQL") == 303
        assert post("/comments/2/delete") == 303
        assert post("/news", title="Globex cuts 40 jobs") == 303
        assert post("/comments", story_id=story, body="over the limit") == 429
        html = client.get("/news/" + story).text
        assert "Edited on PostgreSQL" in html and "[deleted]" in html
    with TestClient(make_app(real_db, app_db_url=pg_url)) as moderator:
        login(moderator, "mod")
        token = csrf_from(moderator.get("/login").text)
        assert moderator.post("/comments/1/hide", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    engine = create_engine(pg_url)
    try:
        with engine.connect() as con:
            users = dict(con.execute(text("SELECT name, role FROM web_users")).all())
            comments = con.execute(text("SELECT id, deleted, hidden, body FROM web_comments ORDER BY id")).all()
            stories = con.execute(text("SELECT title FROM web_stories")).scalars().all()
            secret = con.execute(text("SELECT value FROM web_settings WHERE key = 'secret_key'")).scalar()
    finally:
        engine.dispose()
    assert users == {"alice": "user", "mod": "moderator"}
    assert [(c.id, c.deleted, c.hidden) for c in comments] == [(1, False, True), (2, True, False)]
    assert comments[0].body == "Edited on PostgreSQL"
    assert stories == ["Globex cuts 40 jobs"]
    assert secret and len(secret) > 40  # the cookie key lives in the app database, shared by processes
