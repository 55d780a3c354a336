"""Named record transforms a mapping can ask for (`transform: hn_comment`).

A transform receives the row built from the mapping's fields, the raw record and the reader's context
(file name, resolved columns) and returns the row to store. Keep them small: most work belongs in the
mapping's declarative fields; a transform is for what a column mapping cannot say (parsing a free-text
header line, a lookup in a sibling file).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jobshift.errors import MappingError
from jobshift.sources.hn_text import parse_hn_comment

Transform = Callable[[dict[str, Any], Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]


def hn_comment(row: dict[str, Any], record: Mapping[str, Any], context: Mapping[str, Any]) -> dict[str, Any]:
    """Fill company, title, location, remote, salary_text and url from an HN comment in `description`."""
    parsed = parse_hn_comment(str(row.get("description") or ""))
    row["description"] = parsed.description
    for name in ("company", "title", "location", "remote", "salary_text", "url"):
        if row.get(name) in (None, "") and getattr(parsed, name) is not None:
            row[name] = getattr(parsed, name)
    return row


@cache
def _company_names(path: str) -> dict[str, str]:
    try:
        companies = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {str(c.get("id")): str(c.get("name")) for c in companies if isinstance(c, dict)}


def ai_tracker_company(row: dict[str, Any], record: Mapping[str, Any],
                       context: Mapping[str, Any]) -> dict[str, Any]:
    """Replace the tracker's company id with the company's name from companies.json beside events.json."""
    sibling = Path(str(context.get("file", ""))).parent / "companies.json"
    names = _company_names(str(sibling))
    company_key = str(row.get("company") or "")
    row["company"] = names.get(company_key, company_key) or None
    return row


TRANSFORMS: dict[str, Transform] = {
    "hn_comment": hn_comment,
    "ai_tracker_company": ai_tracker_company,
}


def get_transform(name: str) -> Transform:
    """The transform registered under `name`."""
    try:
        return TRANSFORMS[name]
    except KeyError:
        raise MappingError(f"unknown transform {name!r}; known: {', '.join(sorted(TRANSFORMS))}") from None
