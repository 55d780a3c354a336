"""Building the live sources a run uses from configuration entries.

`build_sources(config)` reads `config["sources"]` (a list of entries; `DEFAULT_SOURCES` when absent or empty)
and `config["http"]` (`HttpConfig` settings; the HTTP cache lives in `default_cache_dir()` unless
`cache_dir` says otherwise, `cache_dir = ""` keeps it in memory). Entries:

    {"kind": "greenhouse" | "lever" | "ashby" | "smartrecruiters", "tokens": [...], "base_url": ...,
     + per kind: pay_ranges (greenhouse), page_size (lever, smartrecruiters), details (smartrecruiters)}
    {"kind": "boards", "ats": [...], "classes": [...], "file": "jobshift.boards.yaml",
     "base_urls": {ats: url}}
        every board in data/boards.yaml merged with the user boards file, grouped by ATS (one source each)
    {"kind": "hn_whoishiring", "months": 3, "base_url": ...}
    {"kind": "warn", "states": [...], "data_dir": ..., "cache_dir": ..., "csv": {"ca": "path/ca.csv"}}
    {"kind": "news", "feeds": [{"name", "url"}], "fetch_articles": true, "max_articles": 200}

Boards of the same ATS from several entries become one source (the source name is the ATS). All sources
share one `HttpClient`, so the per-host rate limit holds across them. Bad entries raise ConfigError.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import yaml

from jobshift.errors import ConfigError
from jobshift.sources.ashby import AshbySource
from jobshift.sources.ats_board import COMPANY_CLASSES, Board, BoardSource
from jobshift.sources.base import Source
from jobshift.sources.greenhouse import GreenhouseSource
from jobshift.sources.hn_algolia import HNWhoIsHiringSource
from jobshift.sources.http import HttpClient, HttpConfig, default_cache_dir
from jobshift.sources.lever import LeverSource
from jobshift.sources.news_rss import NewsSource, parse_feeds
from jobshift.sources.smartrecruiters import SmartRecruitersSource
from jobshift.sources.warn import DEFAULT_STATES, WarnSource

USER_BOARDS_FILE: Final = "jobshift.boards.yaml"
BOARD_KINDS: Final[dict[str, type[BoardSource]]] = {
    "greenhouse": GreenhouseSource, "lever": LeverSource, "ashby": AshbySource,
    "smartrecruiters": SmartRecruitersSource,
}
DEFAULT_SOURCES: Final[tuple[Mapping[str, Any], ...]] = (
    {"kind": "boards"},
    {"kind": "hn_whoishiring", "months": 3},
    {"kind": "warn"},
    {"kind": "news"},
)
_BOARD_OPTIONS: Final[dict[str, set[str]]] = {
    "greenhouse": {"pay_ranges"}, "lever": {"page_size"}, "ashby": set(),
    "smartrecruiters": {"details", "page_size"},
}
_KEYS: Final[dict[str, set[str]]] = {
    "boards": {"ats", "classes", "file", "base_urls"},
    "hn_whoishiring": {"months", "base_url"},
    "warn": {"states", "data_dir", "cache_dir", "csv"},
    "news": {"feeds", "fetch_articles", "max_articles"},
    **{kind: {"tokens", "base_url"} | options for kind, options in _BOARD_OPTIONS.items()},
}


def parse_boards(document: Any, where: str) -> list[Board]:
    """Boards from a `{boards: [{company, ats, token, company_class}]}` document; ConfigError otherwise."""
    items = document.get("boards") if isinstance(document, Mapping) else None
    if items is None:
        return []
    if not isinstance(items, list):
        raise ConfigError(f"{where}: `boards` must be a list")
    boards: list[Board] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise ConfigError(f"{where}: board #{index} is not a mapping")
        ats, token = str(item.get("ats", "")).strip().lower(), str(item.get("token", "")).strip()
        klass = item.get("company_class")
        if ats not in BOARD_KINDS or not token:
            raise ConfigError(f"{where}: board #{index} needs ats (one of {sorted(BOARD_KINDS)}) and token")
        if klass is not None and klass not in COMPANY_CLASSES:
            raise ConfigError(f"{where}: board #{index} ({token}): company_class must be one of "
                              f"{COMPANY_CLASSES}")
        company = str(item["company"]).strip() if item.get("company") else None
        boards.append(Board(ats, token, company, klass))
    return boards


def packaged_boards() -> list[Board]:
    text = resources.files("jobshift").joinpath("data/boards.yaml").read_text(encoding="utf-8")
    return parse_boards(yaml.safe_load(text), "data/boards.yaml")


def read_boards_file(path: Path) -> list[Board]:
    """Boards of a user boards file (none when it does not exist)."""
    if not path.exists():
        return []
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read boards file: {exc}") from exc
    return parse_boards(document, str(path))


def load_boards(user_file: Path | None = Path(USER_BOARDS_FILE)) -> list[Board]:
    """The packaged boards merged with the user's (a user entry replaces the packaged one)."""
    merged = {(b.ats, b.token.lower()): b for b in packaged_boards()}
    for board in read_boards_file(user_file) if user_file else []:
        merged[(board.ats, board.token.lower())] = board
    return list(merged.values())


def add_board(path: Path, board: Board) -> bool:
    """Append `board` to the user boards file (created if needed); False when it is already there."""
    existing = read_boards_file(path)
    if any(b.ats == board.ats and b.token.lower() == board.token.lower() for b in existing):
        return False
    entry = {"company": board.company or board.token, "ats": board.ats, "token": board.token,
             "company_class": board.company_class}
    line = yaml.safe_dump([{k: v for k, v in entry.items() if v is not None}], default_flow_style=True,
                          sort_keys=False, allow_unicode=True).strip()
    try:
        if not path.exists() or not path.read_text(encoding="utf-8").strip():
            path.write_text("# Boards added with `jobshift sources add`; merged over the packaged list.\n"
                            "boards:\n", encoding="utf-8")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"  - {line[1:-1]}\n")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write boards file: {exc}") from exc
    return True


def http_client(config: Mapping[str, Any]) -> HttpClient:
    """The shared client for `config["http"]` (cache in default_cache_dir() unless cache_dir is set)."""
    settings = dict(config.get("http") or {})
    settings.setdefault("cache_dir", str(default_cache_dir()))
    return HttpClient(HttpConfig.from_mapping(settings))


def _check(entry: Mapping[str, Any]) -> str:
    kind = str(entry.get("kind", "")).strip().lower()
    if kind not in _KEYS:
        raise ConfigError(f"sources: unknown kind {entry.get('kind')!r}; known: {sorted(_KEYS)}")
    unknown = set(entry) - _KEYS[kind] - {"kind"}
    if unknown:
        raise ConfigError(f"sources: {kind}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS[kind])}")
    return kind


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"sources: {where} must be a list of names")
    return [v.strip() for v in value]


class _BoardGroup:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.boards: dict[str, Board] = {}
        self.base_url: str | None = None
        self.options: dict[str, Any] = {}

    def add(self, boards: Sequence[Board], base_url: Any, options: Mapping[str, Any]) -> None:
        if base_url is not None:
            if self.base_url not in (None, str(base_url)):
                raise ConfigError(f"sources: two {self.kind} entries with different base_url "
                                  f"({self.base_url} and {base_url})")
            self.base_url = str(base_url)
        self.options.update(options)
        for board in boards:
            self.boards.setdefault(board.token.lower(), board)

    def build(self, client: HttpClient) -> BoardSource:
        return BOARD_KINDS[self.kind](list(self.boards.values()), base_url=self.base_url, client=client,
                                      **self.options)


def build_sources(config: Mapping[str, Any], *, client: HttpClient | None = None) -> list[Source]:
    """The sources `config` names (DEFAULT_SOURCES when it names none), sharing one HTTP client."""
    entries = config.get("sources") or DEFAULT_SOURCES
    if not isinstance(entries, list | tuple):
        raise ConfigError("sources: must be a list of {kind: ...} entries")
    client = client or http_client(config)
    known: dict[tuple[str, str], Board] | None = None
    groups: dict[str, _BoardGroup] = {}
    others: list[Source] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            raise ConfigError(f"sources: each entry is a mapping with a kind, got {entry!r}")
        kind = _check(entry)
        if kind in BOARD_KINDS:
            if known is None:
                known = {(b.ats, b.token.lower()): b for b in load_boards()}
            tokens = _strings(entry.get("tokens"), f"{kind}.tokens")
            boards = [known.get((kind, t.lower()), Board(kind, t)) for t in tokens]
            options = {k: entry[k] for k in _BOARD_OPTIONS[kind] if k in entry}
            groups.setdefault(kind, _BoardGroup(kind)).add(boards, entry.get("base_url"), options)
        elif kind == "boards":
            user_file = Path(str(entry.get("file") or USER_BOARDS_FILE))
            wanted_ats = set(_strings(entry.get("ats", list(BOARD_KINDS)), "boards.ats"))
            classes = set(_strings(entry.get("classes", list(COMPANY_CLASSES)), "boards.classes"))
            base_urls = entry.get("base_urls") or {}
            if not isinstance(base_urls, Mapping):
                raise ConfigError("sources: boards.base_urls must map an ATS to a URL")
            listed = load_boards(user_file)
            for kind_name in BOARD_KINDS:
                picked = [b for b in listed if b.ats == kind_name and b.ats in wanted_ats
                          and (b.company_class in classes or b.company_class is None)]
                if picked:
                    group = groups.setdefault(kind_name, _BoardGroup(kind_name))
                    group.add(picked, base_urls.get(kind_name), {})
        else:
            others.append(_build_other(kind, entry, client))
    return [group.build(client) for group in groups.values()] + others


def _build_other(kind: str, entry: Mapping[str, Any], client: HttpClient) -> Source:
    try:
        if kind == "hn_whoishiring":
            months = int(entry.get("months", 3))
            return HNWhoIsHiringSource(months, base_url=entry.get("base_url"), client=client)
        if kind == "warn":
            csv = entry.get("csv") or {}
            if not isinstance(csv, Mapping):
                raise ConfigError("sources: warn.csv must map a state to a CSV path")
            return WarnSource(
                _strings(entry.get("states", list(DEFAULT_STATES)), "warn.states"),
                data_dir=Path(entry["data_dir"]) if entry.get("data_dir") else None,
                cache_dir=Path(entry["cache_dir"]) if entry.get("cache_dir") else None,
                csv_files={str(k): Path(str(v)) for k, v in csv.items()},
            )
        feeds = parse_feeds(entry["feeds"], "sources: news.feeds") if "feeds" in entry else None
        return NewsSource(feeds, client=client, fetch_articles=bool(entry.get("fetch_articles", True)),
                          max_articles=int(entry.get("max_articles", 200)))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"sources: {kind}: bad value: {exc}") from exc
