"""WARN Act notices (US mass-layoff notices) through the `warn-scraper` package, or its CSV output.

`warn-scraper` (optional dependency, `pip install warn-scraper`) has one module per state:
`warn.scrapers.<state>.scrape(data_dir=, cache_dir=)` downloads that state's notices and writes
`<data_dir>/<state>.csv`, returning its path. `WarnSource` calls it for each configured state (the call is
injectable: `scraper=`), then reads the CSV; or, given `csv_files={"ca": path, ...}`, reads existing CSVs
without touching the network. Each CSV row becomes one layoff event (source `warn`).

The states' CSVs keep their own headers. By default rows go through the packaged file-import mapping
`warn_notices_biglocalnews` (per-state column lists checked against real warn-scraper output), so a notice
fetched live and the same notice imported from a CSV with `jobshift import` get the same id (`<state>:<hash>`)
and are one event. When that mapping cannot be loaded (or with `mapping=None`) built-in rules recognise
columns by name (company / employer, notice / received / WARN date, effective / separation date, employees /
affected / layoff total, city / location / address / county, layoff-or-closure type, reason, NAICS), with
source_id `<STATE>:<sha1 of company, dates, location and headcount>`. Either way re-running never duplicates.

A state whose scraper fails is noted in `problems` and skipped; if every state fails the source fails
(SourceUnreachable when the failures look like network errors). Config:
`{"kind": "warn", "states": ["ca", "ny"], "data_dir": "...", "cache_dir": "...", "csv": {"ca": "ca.csv"}}`.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobshift.errors import InputFileError, MappingError, RowError, SourceResponseError, SourceUnreachable
from jobshift.sources.ats_board import text, timestamp
from jobshift.sources.base import RawRecord
from jobshift.sources.http import default_cache_dir

if TYPE_CHECKING:
    from jobshift.sources.file_import import FileSource

log = logging.getLogger(__name__)
Scraper = Callable[[str, Path, Path], Path]
# The states with the most tech employment that warn-scraper covers (it has no Massachusetts scraper).
DEFAULT_STATES = ("ca", "ny", "tx", "wa", "il", "ga", "nj", "co", "va")
# The file-import mapping for warn-scraper CSVs: using it gives live rows the same ids as `jobshift import`.
WARN_MAPPING = "warn_notices_biglocalnews"
_DATE_FORMATS = ("iso", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d %H:%M:%S", "%m-%d-%Y", "%Y/%m/%d", "%d-%b-%y",
                 "%d-%b-%Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")
_DATE_TOKEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
                         r"|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{1,2}-[A-Za-z]{3}-\d{2,4}"
                         r"|[A-Za-z]{3,9}\.? \d{1,2}, \d{4}")
_FIRST_INT = re.compile(r"\d[\d,]*")
_NETWORK_WORDS = ("connection", "timeout", "resolve", "unreachable", "network", "ssl", "maxretry")
# (field, exact folded names in priority order, words that must all appear in a folded name)
_COLUMNS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    ("company", ("company", "company name", "employer", "employer name", "business name", "job site name",
                 "name"), (("company",), ("employer",))),
    ("notice", ("notice date", "warn date", "received date", "date received", "notice received date",
                "wfdd received date", "date of notice", "notice received", "received", "date"),
     (("notice", "date"), ("received",), ("warn", "date"))),
    ("effective", ("effective date", "layoff date", "layoff start date", "first date of separation",
                   "separation date", "begin date", "closing date", "date of layoff", "date effective"),
     (("effective",), ("separation",), ("layoff", "date"))),
    ("headcount", ("num employees", "number of employees", "employees affected", "total layoff number",
                   "total number of affected employees", "affected employees", "number affected", "jobs",
                   "layoff total", "total layoffs", "est impact", "employees", "workers affected"),
     (("employees",), ("affected",), ("layoff", "total"), ("workers",), ("impact",))),
    ("location", ("city", "location", "job site city", "city name", "location city", "address",
                  "location address"),
     (("city",), ("location",), ("address",), ("county",), ("workforce",), ("region",))),
    ("type", ("layoff or closure", "closing or layoff", "layoff closure type", "closure layoff", "notice type",
              "type", "event type"), (("closure",), ("closing",), ("layoff", "type"))),
    ("reason", ("reason", "reason for layoff", "reason for layoffs"), (("reason",),)),
    ("industry", ("industry", "naics", "naics description"), (("industry",), ("naics",))),
)


def fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


@lru_cache(maxsize=256)
def resolve_columns(header: tuple[str, ...]) -> dict[str, str]:
    """Field → original column name for one CSV header (fields with no matching column are absent)."""
    folded = {fold(h): h for h in header if h}
    used: set[str] = set()
    resolved: dict[str, str] = {}
    for name, exact, words in _COLUMNS:
        choice = next((folded[e] for e in exact if e in folded and folded[e] not in used), None)
        if choice is None:
            choice = next((orig for group in words for f, orig in folded.items()
                           if orig not in used and all(w in f for w in group)), None)
        if choice is not None:
            resolved[name] = choice
            used.add(choice)
    return resolved


def warn_scraper(state: str, data_dir: Path, cache_dir: Path) -> Path:
    """Run warn-scraper's scraper for `state` (network!) and return the CSV it wrote."""
    try:
        module = importlib.import_module(f"warn.scrapers.{state.lower()}")
    except ModuleNotFoundError as exc:
        raise SourceResponseError(f"warn: warn-scraper is not installed or has no scraper for "
                                  f"{state.upper()} ({exc}); `pip install warn-scraper`") from exc
    return Path(module.scrape(data_dir=data_dir, cache_dir=cache_dir))


def state_url(state: str) -> str | None:
    """The state agency page warn-scraper names as its source, when warn-scraper is importable."""
    try:
        module = importlib.import_module(f"warn.scrapers.{state.lower()}")
    except Exception:  # optional metadata from an optional package
        return None
    source = getattr(module, "__source__", None)
    return str(source.get("url")) if isinstance(source, dict) and source.get("url") else None


def parse_day(value: Any) -> date | None:
    """The first date in a WARN cell ('3/1/2024', '2024-03-01 00:00:00', '3/1/2024 - 3/15/2024')."""
    raw = text(value)
    if raw is None:
        return None
    for candidate in (raw, *(m.group(0) for m in _DATE_TOKEN.finditer(raw))):
        when = timestamp(candidate, _DATE_FORMATS)
        if when is not None:
            return when.date()
    return None


def parse_headcount(value: Any) -> int | None:
    """The first whole number in a cell ('1,234', 'approx. 150'); None for 'TBD' or empty."""
    match = _FIRST_INT.search(text(value) or "")
    if not match:
        return None
    number = int(match.group(0).replace(",", "") or 0)
    return number if 0 < number < 10_000_000 else None


def notice_type(value: Any) -> str | None:
    raw = (text(value) or "").lower()
    if not raw:
        return None
    if "clos" in raw:
        return "closure"
    if "layoff" in raw or "lay off" in raw or "reduction" in raw or "permanent" in raw:
        return "layoff"
    return raw[:40]


def notice_key(state: str, row: Mapping[str, Any]) -> str:
    """`<STATE>:<hash>` from the company, notice date, location and headcount cells of a CSV row."""
    columns = resolve_columns(tuple(str(k) for k in row))
    parts = [state.upper()] + [" ".join(str(row.get(columns.get(f, ""), "") or "").lower().split())
                               for f in ("company", "notice", "effective", "location", "headcount")]
    return f"{state.upper()}:{hashlib.sha1(chr(31).join(parts).encode('utf-8')).hexdigest()[:16]}"


def normalise_notice(state: str, row: Mapping[str, Any], url: str | None = None) -> dict[str, Any]:
    """A layoff_events row from one WARN CSV row; RowError without a company or any date."""
    if not isinstance(state, str) or not re.fullmatch(r"[A-Za-z]{2}", state):
        raise RowError(f"bad state {state!r}", field="state")
    columns = resolve_columns(tuple(str(k) for k in row))
    cell: Callable[[str], Any] = lambda f: row.get(columns[f]) if f in columns else None  # noqa: E731
    company = text(cell("company"), 300)
    if not company:
        raise RowError("no company / employer column value", field="company")
    announced, effective = parse_day(cell("notice")), parse_day(cell("effective"))
    if announced is None and effective is None:
        raise RowError("no readable notice or effective date", field="announced_on")
    extra = [f"{label}: {value}" for label, value in (("Reason", text(cell("reason"), 500)),) if value]
    return {
        "source_id": notice_key(state, row),
        "company": company,
        "announced_on": announced or effective,
        "effective_on": effective,
        "headcount": parse_headcount(cell("headcount")),
        "location": text(cell("location"), 200),
        "state": state.upper(),
        "country": "US",
        "notice_type": notice_type(cell("type")),
        "industry": text(cell("industry"), 200),
        "description": "; ".join(extra) or None,
        "url": url,
    }


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a WARN CSV; InputFileError naming the file when it cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield number, {str(k): v for k, v in row.items() if k is not None}
    except (OSError, csv.Error) as exc:
        raise InputFileError(f"{path}: cannot read WARN CSV: {exc}") from exc


class WarnSource:
    """Layoff events from WARN notices of several states."""

    def __init__(self, states: Sequence[str] = DEFAULT_STATES, *, data_dir: Path | None = None,
                 cache_dir: Path | None = None, scraper: Scraper | None = None,
                 csv_files: Mapping[str, Path] | None = None, mapping: str | None = WARN_MAPPING) -> None:
        base = default_cache_dir().parent / "warn"
        self.csv_files = {s.lower(): Path(p) for s, p in (csv_files or {}).items()}
        self.states = list(self.csv_files) if self.csv_files else [s.lower() for s in states]
        self.data_dir = data_dir or base / "exports"
        self.cache_dir = cache_dir or base / "cache"
        self.scraper = scraper or warn_scraper
        self.problems: list[str] = []
        self._mapped: FileSource | None = None
        if mapping:
            try:  # imported here: the WARN source keeps working if the file importer cannot load
                from jobshift.sources.file_import import FileSource
                from jobshift.sources.mapping import load_mapping

                self._mapped = FileSource(load_mapping(mapping).parts[0], [], f"mapping {mapping}")
            except (MappingError, ImportError) as exc:
                log.warning("warn: mapping %s unavailable (%s); using the built-in column rules", mapping, exc)

    @property
    def name(self) -> str:
        return "warn"

    @property
    def target(self) -> str:
        return "layoff_events"

    @property
    def synthetic(self) -> bool:
        return False

    @property
    def origin(self) -> str:
        what = "csv" if self.csv_files else "warn-scraper"
        return f"{what}: {','.join(s.upper() for s in self.states)}"

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        self.problems = []
        network = 0
        for state in self.states:
            try:
                path = self.csv_files.get(state) or self._scrape(state)
                records = self._records(state, path)
            except Exception as exc:  # scrapers raise anything; one state must not stop the rest
                message = str(exc) if isinstance(exc, SourceResponseError | InputFileError) else \
                    f"warn {state.upper()}: {type(exc).__name__}: {exc}"
                network += any(w in f"{type(exc).__name__} {exc}".lower() for w in _NETWORK_WORDS)
                log.warning("%s", message)
                self.problems.append(message)
                continue
            yield from records
        if self.states and len(self.problems) == len(self.states):
            error = SourceUnreachable if network == len(self.states) else SourceResponseError
            raise error(f"warn: every state failed; first: {self.problems[0]}")

    def _scrape(self, state: str) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return Path(self.scraper(state, self.data_dir, self.cache_dir))

    def _records(self, state: str, path: Path) -> list[RawRecord]:
        if not path.is_file():
            raise InputFileError(f"{path}: cannot read WARN CSV: no such file")
        if self._mapped is None:
            url = state_url(state)
            return [RawRecord(source_key=notice_key(state, row), location=f"{path}:{number}",
                              payload={"state": state.upper(), "file": path.name, "url": url, "row": row})
                    for number, row in read_csv(path)]
        with tempfile.TemporaryDirectory() as folder:  # the mapping takes the state from the file name
            named = path if path.name.lower() == f"{state}.csv" else Path(folder) / f"{state}.csv"
            if named != path:
                shutil.copyfile(path, named)
            reader = type(self._mapped)(self._mapped.part, [named], str(named))
            return [RawRecord(r.source_key, r.location.replace(str(named), str(path), 1), r.payload,
                              {**r.context, "state": state.upper(), "mapping": True}) for r in reader.fetch()]

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        if raw.context.get("mapping") and self._mapped is not None:
            mapped = self._mapped.normalise(raw)
            mapped["state"] = mapped.get("state") or raw.context.get("state")
            return mapped
        row = raw.payload.get("row")
        if not isinstance(row, Mapping):
            raise RowError("payload has no CSV row")
        url = raw.payload.get("url")
        return normalise_notice(str(raw.payload.get("state")), row, url if isinstance(url, str) else None)
