"""Property-based API tests from /openapi.json (schemathesis): no input makes the API answer 5xx.

A few generated examples per operation (bounded so the set stays quick), against the app in-process over
the small hand-made database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from jobshift.web import WebConfig, create_app

from .conftest import build_real

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
from schemathesis.checks import not_a_server_error  # noqa: E402


def _app(tmp: Path) -> Any:
    db = build_real(tmp / "real.duckdb")
    return create_app(WebConfig(db_path=db, app_db_url=f"sqlite:///{tmp / 'app.sqlite3'}", warm_cache=False))


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _app(tmp_path_factory.mktemp("schemathesis"))


@pytest.fixture(scope="module")
def api_schema(api_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", api_app)


def test_schema_has_every_api_operation(api_schema: Any) -> None:
    labels = [result.ok().label for result in api_schema.get_all_operations()]
    assert len(labels) >= 14 and "GET /api/v1/postings" in labels


def test_no_server_errors(api_schema: Any) -> None:
    """Each operation: a handful of generated requests (valid and odd values), none answered 5xx."""
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case: Any) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")
            case.validate_response(response, checks=[not_a_server_error])

        check()
    assert failures == []
