"""The value types of the metrics layer: the filters a run applies, a metric's definition and its result.

`Filters` normalises and validates what a user typed (months, country and state codes, class and role
names); `MetricDef` is what the header of a `metrics/sql/<id>.sql` file declares; `MetricResult` is what a
run returns and what the report, the CLI and the JSON output show.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from jobshift.errors import ConfigError
from jobshift.fields import ROLE_FAMILIES

COMPANY_CLASSES: Final[tuple[str, ...]] = ("ai_native", "startup", "incumbent", "unknown")

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _month(value: str | date | None, what: str) -> str | None:
    """'YYYY-MM' for a date, a 'YYYY-MM' or a 'YYYY-MM-DD' string; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ConfigError(f"filter {what}: {value!r} is not a month (YYYY-MM)")
    return f"{match.group(1)}-{match.group(2)}"


@dataclass(frozen=True, slots=True)
class Filters:
    """What every metric is restricted to; None means "all".

    start/end are inclusive months ("2024-01".."2024-06"; a date or "YYYY-MM-DD" is cut to its month).
    country is matched case-insensitively against the stored code; state (two letters) applies to layoff
    events and, approximately, to postings whose location ends in ", XX". company_class is one of
    ai_native, startup, incumbent or unknown (no class). role_family restricts postings only.
    """

    start: str | date | None = None
    end: str | date | None = None
    country: str | None = None
    state: str | None = None
    company_class: str | None = None
    role_family: str | None = None

    def __post_init__(self) -> None:
        start, end = _month(self.start, "start"), _month(self.end, "end")
        if start and end and start > end:
            raise ConfigError(f"filter period: start {start} is after end {end}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        for name in ("country", "state"):
            raw = getattr(self, name)
            object.__setattr__(self, name, raw.strip().upper() or None if raw else None)
        if self.state is not None and not re.fullmatch(r"[A-Z]{2}", self.state):
            raise ConfigError(f"filter state: {self.state!r} is not a two-letter state code")
        if self.company_class is not None and self.company_class not in COMPANY_CLASSES:
            raise ConfigError(f"filter company_class: {self.company_class!r} not in {', '.join(COMPANY_CLASSES)}")
        if self.role_family is not None and self.role_family not in ROLE_FAMILIES:
            raise ConfigError(f"filter role_family: {self.role_family!r} is not a known role family")

    def start_date(self) -> date | None:
        """First day of the start month."""
        return None if self.start is None else date(int(str(self.start)[:4]), int(str(self.start)[5:7]), 1)

    def end_date(self) -> date | None:
        """Last day of the end month."""
        if self.end is None:
            return None
        year, month = int(str(self.end)[:4]), int(str(self.end)[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])

    def as_dict(self) -> dict[str, str]:
        """The active filters, for results and reports."""
        out = {
            "start": self.start,
            "end": self.end,
            "country": self.country,
            "state": self.state,
            "company_class": self.company_class,
            "role_family": self.role_family,
        }
        return {key: str(value) for key, value in out.items() if value is not None}


@dataclass(frozen=True, slots=True)
class MetricDef:
    """One metric as its SQL file declares it."""

    id: str
    label: str
    unit: str
    compute: str  # scalar | proportion | table | growth | median_ci | premium (see metrics.compute)
    definition: str
    caveats: str
    basis: tuple[str, ...]  # "f_postings [WHERE …]" / "f_layoffs [WHERE …]": the rows that feed it
    sql: str
    section: str = "other"
    order: int = 1000
    chart: str | None = None

    @property
    def scalar(self) -> bool:
        """True when the metric has one headline figure (value), not only a table."""
        return self.compute in ("scalar", "proportion", "premium") or "metric_value" in self.sql


@dataclass(slots=True)
class MetricResult:
    """The outcome of one metric over one filtered database."""

    id: str
    label: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    unit: str
    period: str  # "YYYY-MM..YYYY-MM" actually covered by the rows that fed it; "" when none did
    filters: dict[str, str]
    sources: list[dict[str, Any]]  # {source, rows, first, last}
    table: list[dict[str, Any]] | None
    method: str
    caveats: str = ""
    synthetic: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        """False when no row fed the metric."""
        return self.n > 0 and bool(self.sources)

    def to_json(self) -> dict[str, Any]:
        """The metric's entry in report.json (contract keys first, then `extra`)."""
        return {
            "id": self.id,
            "label": self.label,
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n": self.n,
            "unit": self.unit,
            "period": self.period,
            "filters": self.filters,
            "sources": self.sources,
            "extra": self.extra,
        }
