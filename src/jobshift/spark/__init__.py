"""Running jobshift on Apache Spark (PySpark) for archives that outgrow one machine.

The same enrichment functions and the same metric definitions as on DuckDB; the Parquet lake
(`jobshift.lake`) is the interchange between the two engines. PySpark is an optional dependency
(`pip install 'jobshift[spark]'`); nothing outside this package imports it.
"""
