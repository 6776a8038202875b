"""The Spark job: the same extraction as the single-machine path, spread over a cluster.

``run_spark_extract(inputs, output)`` reads JSONL or Parquet articles, runs
:class:`~tidings.extract.Extractor` on every partition (the model loaded once per Python
worker) and writes the store's tables as Parquet; ``tidings attach`` loads them into DuckDB.
Importing this package does not import pyspark, so the CLI can name the missing extra
(``tidings[spark]``) instead of failing on an import.
"""

from tidings.spark.job import (
    SparkExtractOptions,
    SparkExtractReport,
    SparkJobError,
    SparkUnavailableError,
    build_session,
    require_java,
    require_pyspark,
    run_spark_extract,
)
from tidings.spark.tables import FACT_TABLES, OUTPUT_TABLES, extraction_rows, store_layout

__all__ = [
    "FACT_TABLES",
    "OUTPUT_TABLES",
    "SparkExtractOptions",
    "SparkExtractReport",
    "SparkJobError",
    "SparkUnavailableError",
    "build_session",
    "extraction_rows",
    "require_java",
    "require_pyspark",
    "run_spark_extract",
    "store_layout",
]
