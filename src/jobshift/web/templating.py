"""The Jinja2 environment of the pages: formatting filters (the report's own), CSRF token, user, banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from jobshift.fields import ROLE_FAMILIES
from jobshift.metrics import MetricResult
from jobshift.report import format as fmt

if TYPE_CHECKING:
    from jobshift.web.state import AppState

NAV: list[tuple[str, str]] = [
    ("/", "Overview"),
    ("/skills", "Skills"),
    ("/roles", "Roles & pay"),
    ("/exposure", "Exposure"),
    ("/layoffs", "Layoffs"),
    ("/companies", "Companies"),
    ("/postings", "Postings"),
    ("/news", "News"),
]


def _figure(result: MetricResult) -> str:
    return fmt.result_figure(result)


def _query(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", False)}
    return urlencode(merged)


def _table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    header, body, numeric = fmt.display_rows(rows)
    return {"header": header, "rows": body, "numeric": numeric}


def configure(templates: Jinja2Templates, state: AppState) -> None:
    """Register filters and globals on the page templates."""
    env = templates.env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["figure"] = _figure
    env.filters["interval"] = fmt.interval
    env.filters["provenance"] = fmt.provenance
    env.filters["notes"] = fmt.notes
    env.filters["not_mapped"] = fmt.not_mapped
    env.filters["pct"] = fmt.pct
    env.filters["money"] = fmt.money
    env.filters["count"] = fmt.count
    env.filters["cell"] = fmt.cell
    env.filters["column_title"] = fmt.column_title
    env.filters["period_text"] = fmt.period_text
    env.globals["nav"] = NAV
    env.globals["query"] = _query
    env.globals["table"] = _table
    env.globals["banner_text"] = fmt.SYNTHETIC_BANNER
    env.globals["role_families"] = list(ROLE_FAMILIES)

    def csrf_token(request: Request) -> str:
        return state.auth.csrf_token(request)

    env.globals["csrf_token"] = csrf_token
