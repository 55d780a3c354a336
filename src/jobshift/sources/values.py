"""Parsing one cell into a typed value: numbers with separators, dates in declared formats, booleans.

Pure functions used by the file importer (and by any source). Each raises `RowError` with a short reason
when a value does not parse; the caller names the field and the place.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

from jobshift.errors import RowError

_TRUE = {"true", "t", "yes", "y", "1", "remote", "x"}
_FALSE = {"false", "f", "no", "n", "0", "onsite", "on-site"}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
_SPACED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?$")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def is_blank(value: Any) -> bool:
    """True for None, NaN and strings that are empty or a common 'no value' marker."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in ("", "nan", "null", "none", "n/a", "na", "-", "--")
    return False


def parse_float(value: Any) -> float:
    """A number from an int/float or a string like '1,234.5', ' 12 ', '1234.0', '45%'."""
    if isinstance(value, bool):
        raise RowError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise RowError(f"expected a finite number, got {value!r}")
        return float(value)
    text = str(value).strip().removesuffix("%").strip()
    if _SPACED_THOUSANDS.match(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if not text or not _NUMBER.match(text) or text in ("+", "-", "."):
        raise RowError(f"expected a number, got {str(value)[:40]!r}")
    return float(text.replace(",", ""))


def parse_int(value: Any) -> int:
    """A whole number; '1,100', '16000.0' are fine, '12.5' and 'TBD' are not."""
    number = parse_float(value)
    if not number.is_integer():
        raise RowError(f"expected a whole number, got {str(value)[:40]!r}")
    return int(number)


def parse_bool(value: Any) -> bool:
    """A boolean from bool, 0/1, or yes/no/true/false style text."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RowError(f"expected yes/no, got {str(value)[:40]!r}")


def parse_timestamp(value: Any, formats: tuple[str, ...] = ()) -> datetime:
    """A naive UTC datetime from epoch numbers ('epoch_s', 'epoch_ms' formats), ISO text or strptime formats.

    Years outside 1900–2100 are rejected as typos ("0005", "3030") rather than stored.
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    for fmt in formats or ("iso",):
        parsed = _try_format(value, text, fmt)
        if parsed is None:
            continue
        parsed = parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            raise RowError(f"implausible date {text[:40]!r} (year outside {EARLIEST_YEAR}–{LATEST_YEAR})")
        return parsed
    wanted = ", ".join(formats or ("iso",))
    raise RowError(f"expected a date/time as {wanted}, got {text[:40]!r}")


def _try_format(value: Any, text: str, fmt: str) -> datetime | None:
    try:
        if fmt in ("epoch_s", "epoch_ms"):
            seconds = parse_float(value) / (1000.0 if fmt == "epoch_ms" else 1.0)
            return datetime.fromtimestamp(seconds, UTC)
        if fmt == "iso":
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        return datetime.strptime(text, fmt)
    except (ValueError, OverflowError, OSError, RowError):
        return None


def parse_date(value: Any, formats: tuple[str, ...] = ()) -> date:
    """A date (see parse_timestamp for the accepted forms)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return parse_timestamp(value, formats).date()
