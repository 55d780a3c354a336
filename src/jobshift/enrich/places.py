"""Countries from free-text locations and each country's currency (data: `jobshift/data/places.yaml`).

    country_of("Austin, TX") -> "US";  country_of("Remote (UK)") -> "GB";  currency_of_country("DE") -> "EUR"

A location names a country when one of its parts (split on , ; | / ( ) - and "&") is a known place word, or it
ends a part with a US state code (", TX"). Parts are read right to left, so "London, Ontario, Canada" is CA.
A location naming several countries ("Remote in US & CAN") gives the last one read - the caller that needs
certainty checks `countries_of`.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache
from typing import Final

import yaml

__all__ = ["countries_of", "country_of", "currency_of_country", "currency_of_location"]

_SPLIT: Final = re.compile(r"[,;|/()\-–&]|\s+(?:and|or)\s+")
_STATE_SUFFIX: Final = re.compile(r",\s*([A-Z]{2})\b")


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    text = importlib.resources.files("jobshift").joinpath("data/places.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    words = {str(w).lower(): str(code) for code, names in raw["countries"].items() for w in names}
    currencies = {str(k): str(v) for k, v in raw["currencies"].items()}
    return words, currencies, frozenset(str(s) for s in raw["us_states"])


def countries_of(location: str | None) -> list[str]:
    """Every country a location names, in the order read (right to left), without repeats."""
    if not location:
        return []
    words, _, us_states = _places()
    found: list[str] = []
    for part in _SPLIT.split(location)[::-1]:
        code = words.get(part.strip().lower())
        if code and code not in found:
            found.append(code)
    match = _STATE_SUFFIX.search(location)
    if match and match.group(1) in us_states and "US" not in found:
        found.append("US")
    return found


def country_of(*locations: str | None) -> str | None:
    """ISO 3166 alpha-2 country of the first location that names one, or None."""
    for location in locations:
        found = countries_of(location)
        if found:
            return found[0]
    return None


def currency_of_country(country: str | None) -> str | None:
    """The currency of an ISO alpha-2 country (or a country word: 'UK', 'USA'), or None when unknown."""
    if not country:
        return None
    words, currencies, _ = _places()
    key = country.strip()
    code = words.get(key.lower()) or key.upper()
    return currencies.get(code)


def currency_of_location(country: str | None, location: str | None) -> str | None:
    """The one currency the posting's country (else its location) implies; None when none or several do."""
    if country:
        return currency_of_country(country)
    currencies = {currency_of_country(c) for c in countries_of(location)}
    return currencies.pop() if len(currencies) == 1 else None
