"""What every route reaches: the app's shared objects, the request's filters and the CSV/JSON responses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from jobshift.errors import ConfigError
from jobshift.metrics import Filters
from jobshift.web.auth import Auth
from jobshift.web.data import AnalyticsDB
from jobshift.web.discussion import Discussion
from jobshift.web.figures import Figures


@dataclass(slots=True)
class AppState:
    """The shared objects of one app instance."""

    db: AnalyticsDB
    figures: Figures
    auth: Auth
    discussion: Discussion
    templates: Jinja2Templates


async def app_state(request: Request) -> AppState:
    """The AppState of the app serving this request."""
    found: AppState = request.app.state.jobshift
    return found


async def make_filters(
    start: Annotated[str | None, Query(description="First month, YYYY-MM (inclusive).", max_length=10)] = None,
    end: Annotated[str | None, Query(description="Last month, YYYY-MM (inclusive).", max_length=10)] = None,
    country: Annotated[str | None, Query(description="Country code, e.g. US.", max_length=40)] = None,
    state: Annotated[str | None, Query(description="US state, two letters.", max_length=2)] = None,
    company_class: Annotated[str | None, Query(description="ai_native, startup, incumbent or unknown.",
                                               max_length=20)] = None,
    role_family: Annotated[str | None, Query(description="Role family (postings only).", max_length=40)] = None,
) -> Filters:
    """The metrics layer's Filters from query parameters; 422 with the reason when a value is invalid."""
    try:
        return Filters(start=start or None, end=end or None, country=country or None, state=state or None,
                       company_class=company_class or None, role_family=role_family or None)
    except ConfigError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def csv_response(rows: Iterable[dict[str, Any]], filename: str) -> Response:
    """Rows as a CSV download (header from the first row's keys)."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in filename) or "rows"
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'})


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return str(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _numeric(value):
        return "'" + value  # keep spreadsheets from running a formula
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def list_response(rows: list[dict[str, Any]], fmt: str, filename: str, extra: dict[str, Any] | None = None) -> Response:
    """A list as JSON ({…extra, "items": rows}) or as CSV."""
    if fmt == "csv":
        return csv_response(rows, filename)
    return JSONResponse({**(extra or {}), "items": rows})
