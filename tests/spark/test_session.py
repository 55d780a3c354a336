"""spark_session: the settings every jobshift Spark session gets (tests/spark/conftest.py builds the one used)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def test_a_local_session_gives_the_driver_jvm_more_than_sparks_default_memory(spark: SparkSession) -> None:
    # local mode runs every task in the driver JVM; 1g (Spark's default) lost task results on a 100k dedup
    wanted = os.environ.get("JOBSHIFT_SPARK_DRIVER_MEMORY", "4g")
    assert spark.sparkContext.getConf().get("spark.driver.memory") == wanted


def test_a_local_session_runs_in_utc_with_arrow(spark: SparkSession) -> None:
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"
    assert spark.conf.get("spark.sql.execution.arrow.pyspark.enabled") == "true"
