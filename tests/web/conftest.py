"""Fixtures for the web tests: analytics databases built here, apps over them, a live uvicorn server.

- `sample_db`: the synthetic sample generator's data (600 postings, 120 layoffs, 20 news items) ingested into a
  fresh file, once per session (read-only after).
- `real_db`: a small hand-made database (not synthetic) whose figures are worked out in the tests.
- `make_app` / `client`: the app over a database with a fresh SQLite app database; user "mod" is moderator.
- `live_server`: uvicorn on 127.0.0.1 and a free port, in a thread, for the browser tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jobshift.store.db import connect
from jobshift.web import WebConfig, create_app

SEEN = datetime(2024, 1, 1)


def build_sample(path: Path) -> Path:
    """Ingest a smaller cut of the deterministic synthetic sample (same generator, fewer rows) into `path`."""
    from jobshift.pipeline import ingest
    from jobshift.sources.sample import apply_sample_company_classes, sample_sources
    from jobshift.sources.sample_data import generate_sample

    con = connect(path)
    try:
        data = generate_sample(months=12, postings=600, layoffs=120, news=20)
        for source in sample_sources(data):
            ingest(con, source, run_id="sample")
        apply_sample_company_classes(con, data)
    finally:
        con.close()
    return path


class Rows:
    """Insert helpers for a hand-made database."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def insert(self, table: str, row: dict[str, Any]) -> None:
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", list(row.values()))

    def company(self, cid: str, name: str, cls: str | None = None) -> None:
        self.insert("companies", {"company_id": cid, "name": name, "normalised_name": cid, "company_class": cls,
                                  "first_seen": SEEN, "last_seen": SEEN})

    def posting(self, pid: str, day: str, **cols: Any) -> None:
        row: dict[str, Any] = {"posting_id": f"board:{pid}", "source": "board", "source_id": pid,
                               "posted_at": datetime.fromisoformat(day), "first_seen": SEEN, "last_seen": SEEN,
                               "content_hash": pid, "run_id": "r1", "country": "US"}
        row.update(cols)
        self.insert("postings", row)

    def layoff(self, eid: str, day: str, **cols: Any) -> None:
        row: dict[str, Any] = {"event_id": f"tracker:{eid}", "source": "tracker", "source_id": eid,
                               "announced_on": date.fromisoformat(day), "first_seen": SEEN, "last_seen": SEEN,
                               "content_hash": eid, "run_id": "r1", "country": "US"}
        row.update(cols)
        self.insert("layoff_events", row)

    def run(self, run_id: str, source: str, finished: datetime) -> None:
        self.insert("ingest_runs", {"run_id": run_id, "source": source, "started_at": finished,
                                    "finished_at": finished, "status": "ok"})


def build_real(path: Path) -> Path:
    """Two companies, six postings (Jan–Feb 2024), four layoff events, one news item; nothing synthetic."""
    con = connect(path)
    try:
        db = Rows(con)
        db.company("acme", "Acme", "incumbent")
        db.company("brainy", "Brainy AI", "ai_native")
        db.insert("skills", {"skill_id": "python", "name": "Python", "category": "languages"})
        db.insert("skills", {"skill_id": "pytorch", "name": "PyTorch", "category": "ml"})
        postings = [
            ("p1", "2024-01-05", "acme", "Senior AI Engineer", "ai_engineer", True, "Build LLM agents in Python"),
            ("p2", "2024-01-09", "acme", "ML Platform Engineer", "ml_infra_engineer", True, "Python and PyTorch"),
            ("p3", "2024-02-01", "acme", "Backend Engineer", "software_engineer", False, "Go services"),
            ("p4", "2024-02-03", "brainy", "Research Scientist", "applied_research_scientist", True, "PyTorch"),
            ("p5", "2024-02-10", "brainy", "Support Agent", "customer_support", False, "Help customers"),
            ("p6", "2024-02-20", None, "Sales Lead", "sales_marketing", False, "Sell things"),
        ]
        for pid, day, cid, title, role, ai, text in postings:
            db.posting(pid, day, company_id=cid, company=cid.title() if cid else "Nobody Inc", title=title,
                       role_family=role, ai_skill_required=ai, mentions_llm="LLM" in text, description=text,
                       salary_min_usd=150e3 if ai else 100e3)
        for pid, skill in (("p1", "python"), ("p2", "python"), ("p2", "pytorch"), ("p4", "pytorch")):
            db.insert("posting_skills", {"posting_id": f"board:{pid}", "skill_id": skill, "evidence": skill})
        db.layoff("e1", "2024-01-10", company_id="acme", company="Acme", headcount=100, reason="ai_explicit",
                  reason_evidence="ai_explicit: 'replaced by AI'", description="Acme cuts 100 jobs, replaced by AI")
        db.layoff("e2", "2024-01-20", company_id="acme", company="Acme", headcount=300, reason="restructuring",
                  reason_evidence="restructuring: 'reorganisation'")
        db.layoff("e3", "2024-02-05", company_id="brainy", company="Brainy AI", headcount=600, reason="unknown")
        db.layoff("e4", "2024-02-15", company="Unmatched Co", reason="economic")
        db.insert("news_items", {"item_id": "wire:1", "source": "wire", "source_id": "1",
                                 "url": "https://news.example.org/acme-cuts-jobs",
                                 "title": "Acme to cut 250 jobs as it replaces support staff with AI",
                                 "published_at": datetime(2024, 2, 10), "summary": "Acme said AI tools let it cut.",
                                 "first_seen": SEEN, "last_seen": SEEN, "content_hash": "n1", "run_id": "r1"})
        db.run("r1", "board", datetime(2024, 3, 1, 12, 0))
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample") / "sample.duckdb")


@pytest.fixture
def real_db(tmp_path: Path) -> Path:
    return build_real(tmp_path / "real.duckdb")


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    def factory(db_path: Path, **options: Any) -> FastAPI:
        settings: dict[str, Any] = {"app_db_url": f"sqlite:///{tmp_path / 'app.sqlite3'}",
                                    "moderators": frozenset({"mod"}), "warm_cache": False}
        settings.update(options)
        return create_app(WebConfig(db_path=db_path, **settings))
    return factory


@pytest.fixture
def client(make_app: AppFactory, real_db: Path) -> Iterator[TestClient]:
    with TestClient(make_app(real_db)) as test_client:
        yield test_client


@pytest.fixture
def sample_client(make_app: AppFactory, sample_db: Path) -> Iterator[TestClient]:
    with TestClient(make_app(sample_db)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving an app in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def login(client: TestClient, name: str, password: str = "correct horse", register: bool = True) -> None:
    """Register (or log in) through the forms, with the CSRF token of the login page."""
    page = client.get("/login")
    token = csrf_from(page.text)
    response = client.post("/register" if register else "/login",
                           data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
