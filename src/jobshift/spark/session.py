"""One place that builds a SparkSession for jobshift: master URL, UTC time zone, Arrow on, quiet logs."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from jobshift.errors import ConfigError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def spark_session(master: str = "local[2]", app_name: str = "jobshift", **conf: str) -> SparkSession:
    """A SparkSession on `master` (local[N], spark://host:7077, k8s://…), session time zone UTC; in local mode
    the driver JVM (which runs every task) gets `JOBSHIFT_SPARK_DRIVER_MEMORY` (default 4g) unless `conf` sets
    spark.driver.memory.

    Raises ConfigError with the install hint when PySpark (or Java) is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError("the Spark engine needs PySpark: pip install 'jobshift[spark]' (and a Java 17+ runtime)") \
            from exc
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        # Lake partition values (source=…, month=…) stay strings, as the tables' own columns are.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    )
    if master.startswith("local") and "spark.driver.memory" not in conf:
        # local mode runs every task in the driver JVM; Spark's default 1g loses task results from the block
        # manager on a 100k-posting dedup ("TaskResultLost"). Read when the JVM starts, i.e. by the first session.
        builder = builder.config("spark.driver.memory", os.environ.get("JOBSHIFT_SPARK_DRIVER_MEMORY", "4g"))
    if master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local Python workers (mapInArrow enrichment) run this interpreter, the one jobshift is installed in,
        # not `python3` on PATH; PySpark reads the variable when the SparkContext starts.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for key, value in conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
