"""Spark test fixtures: one local[2] SparkSession for the whole test session (startup takes ~20 s)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    pytest.importorskip("pyspark", reason="the Spark tests need PySpark: pip install 'jobshift[spark]'")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("the Spark tests need a Java 17+ runtime (java on PATH or JAVA_HOME)")
    from jobshift.spark.session import spark_session

    session = spark_session("local[2]", **{"spark.ui.showConsoleProgress": "false"})
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic sample generator's data (600 postings - with exact and near copies -, 120 layoffs, 20 news
    items) ingested by the DuckDB pipeline into a fresh database file; read-only after."""
    from tests.web.conftest import build_sample  # the same smaller cut of the sample the web tests use

    return build_sample(tmp_path_factory.mktemp("sample_store") / "sample.duckdb")
