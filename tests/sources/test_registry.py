"""Building sources from config entries; the packaged and user board lists."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jobshift.errors import ConfigError
from jobshift.sources.ats_board import Board, BoardSource
from jobshift.sources.base import Source
from jobshift.sources.greenhouse import GreenhouseSource
from jobshift.sources.hn_algolia import HNWhoIsHiringSource
from jobshift.sources.news_rss import NewsSource
from jobshift.sources.registry import (
    DEFAULT_SOURCES,
    add_board,
    build_sources,
    load_boards,
    packaged_boards,
    read_boards_file,
)
from jobshift.sources.warn import WarnSource

MEMORY = {"cache_dir": ""}


def test_packaged_boards() -> None:
    boards = packaged_boards()
    assert len(boards) >= 150
    assert len({(b.ats, b.token.lower()) for b in boards}) == len(boards)
    assert set(Counter(b.company_class for b in boards)) == {"ai_native", "startup", "incumbent"}
    assert {b.ats for b in boards} == {"greenhouse", "lever", "ashby", "smartrecruiters"}
    assert Board("greenhouse", "anthropic", "Anthropic", "ai_native") in boards


def test_default_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sources = build_sources({"http": MEMORY})
    assert [s.name for s in sources] == ["greenhouse", "lever", "ashby", "smartrecruiters", "hn_whoishiring",
                                         "warn", "news"]
    assert all(isinstance(s, Source) for s in sources)
    clients = {id(s.client) for s in sources if isinstance(s, BoardSource | HNWhoIsHiringSource | NewsSource)}
    assert len(clients) == 1  # one client: the per-host rate limit holds across sources
    assert [e["kind"] for e in DEFAULT_SOURCES] == ["boards", "hn_whoishiring", "warn", "news"]


def test_entries_with_base_urls_and_options(tmp_path: Path) -> None:
    sources = build_sources({"http": MEMORY, "sources": [
        {"kind": "greenhouse", "tokens": ["anthropic", "newco"], "base_url": "http://127.0.0.1:9/",
         "pay_ranges": True},
        {"kind": "greenhouse", "tokens": ["stripe", "newco"]},
        {"kind": "hn_whoishiring", "months": 6, "base_url": "http://127.0.0.1:9"},
        {"kind": "warn", "states": ["ca"], "csv": {"ny": str(tmp_path / "ny.csv")}},
        {"kind": "news", "feeds": [{"name": "x", "url": "http://127.0.0.1:9/rss"}], "fetch_articles": False},
    ]})
    greenhouse, hn, warn, news = sources
    assert isinstance(greenhouse, GreenhouseSource) and greenhouse.pay_ranges
    assert greenhouse.base_url == "http://127.0.0.1:9"
    assert [(b.token, b.company) for b in greenhouse.boards] == [("anthropic", "Anthropic"), ("newco", None),
                                                                  ("stripe", "Stripe")]
    assert isinstance(hn, HNWhoIsHiringSource) and hn.months == 6
    assert isinstance(warn, WarnSource) and warn.states == ["ny"]
    assert isinstance(news, NewsSource) and not news.fetch_articles and len(news.feeds) == 1


def test_boards_entry_filters(tmp_path: Path) -> None:
    user = tmp_path / "boards.yaml"
    user.write_text("boards:\n  - {company: Newco, ats: lever, token: newco, company_class: ai_native}\n")
    sources = build_sources({"http": MEMORY, "sources": [
        {"kind": "boards", "ats": ["lever"], "classes": ["ai_native"], "file": str(user),
         "base_urls": {"lever": "http://127.0.0.1:9"}}]})
    assert len(sources) == 1 and isinstance(sources[0], BoardSource)
    tokens = [b.token for b in sources[0].boards]
    assert "newco" in tokens and "mistral" in tokens and "palantir" not in tokens
    assert sources[0].base_url == "http://127.0.0.1:9"


@pytest.mark.parametrize(("config", "message"), [
    ({"sources": [{"kind": "monster"}]}, "unknown kind 'monster'"),
    ({"sources": [{"kind": "lever", "tokens": ["a"], "pay_ranges": True}]}, "unknown keys \\['pay_ranges'\\]"),
    ({"sources": [{"kind": "lever"}]}, "lever.tokens must be a list"),
    ({"sources": [{"kind": "ashby", "tokens": ["a"], "base_url": "http://a"},
                  {"kind": "ashby", "tokens": ["b"], "base_url": "http://b"}]}, "different base_url"),
    ({"sources": [{"kind": "hn_whoishiring", "months": "many"}]}, "bad value"),
    ({"sources": "boards"}, "must be a list"),
    ({"sources": [{"kind": "news"}], "http": {"speed": 1}}, "unknown settings"),
])
def test_config_errors(config: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_sources({"http": MEMORY, **config} if "http" not in config else config)


def test_add_board_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "jobshift.boards.yaml"
    assert add_board(path, Board("ashby", "newco", "Newco AI", "ai_native"))
    assert not add_board(path, Board("ashby", "NEWCO"))
    assert add_board(path, Board("greenhouse", "stripe", "Stripe Inc", "incumbent"))
    assert read_boards_file(path) == [Board("ashby", "newco", "Newco AI", "ai_native"),
                                      Board("greenhouse", "stripe", "Stripe Inc", "incumbent")]
    merged = {(b.ats, b.token): b for b in load_boards(path)}
    assert merged[("ashby", "newco")].company == "Newco AI"
    assert merged[("greenhouse", "stripe")].company_class == "incumbent"  # the user's entry wins
    assert len(merged) == len(packaged_boards()) + 1


def test_bad_boards_file(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("boards:\n  - {ats: workday, token: x}\n")
    with pytest.raises(ConfigError, match="needs ats"):
        read_boards_file(path)
    path.write_text("boards:\n  - {ats: lever, token: x, company_class: huge}\n")
    with pytest.raises(ConfigError, match="company_class"):
        read_boards_file(path)
    path.write_text("boards: [unclosed\n")
    with pytest.raises(ConfigError, match="cannot read boards file"):
        read_boards_file(path)
