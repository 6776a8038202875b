"""The Spark job: articles from JSONL or Parquet in, the store's tables as Parquet out.

The plan is one shuffle and one pass of NLP:

1. read the input as raw records (a JSONL line, or a Parquet row cast to strings) with the
   file each came from;
2. hash-partition them by article id into ``partitions`` pieces, which spreads a single
   unsplittable ``.jsonl.gz`` over every core and puts duplicate ids side by side;
3. ``mapInArrow`` the :class:`~tidings.spark.worker.PartitionExtractor` over the partitions:
   parse, enrich, ``Extractor.extract_many``, one nested result row per record;
4. persist that result and write each store table from it (``OUTPUT/<table>/*.parquet``),
   the problems (``OUTPUT/problems``) and a one-line manifest (``OUTPUT/manifest``).

Persisting matters: every table is a separate Spark write, and without the cache each would
run the NLP again.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tidings import __version__
from tidings.errors import InputNotFoundError, TidingsError
from tidings.ingest.options import DEFAULT_OPTIONS
from tidings.nlp import MODEL_PACKAGE
from tidings.spark.tables import FACT_TABLES, OUTPUT_TABLES, TableLayout, store_layout
from tidings.spark.worker import (
    RECORD_FIELDS,
    InputKind,
    PartitionExtractor,
    WorkerSettings,
    result_spark_schema,
)

__all__ = [
    "SparkExtractOptions",
    "SparkExtractReport",
    "SparkJobError",
    "SparkUnavailableError",
    "build_session",
    "require_java",
    "require_pyspark",
    "run_spark_extract",
]

InputFormat = Literal["auto", "jsonl", "parquet"]
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz", ".jsonl.bz2", ".gz")


class SparkUnavailableError(TidingsError):
    """PySpark (the ``spark`` extra) or Java is missing; the message says what to install."""

    code = "T401"


class SparkJobError(TidingsError):
    """The job was asked for something it cannot do (an unknown format, an output in use)."""

    code = "T402"


def require_pyspark() -> None:
    """Fail early, naming the extra to install, rather than deep inside an import."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError(
            f"the Spark job needs pyspark and pyarrow ({exc.name} is not installed): "
            "install the spark extra with `pip install 'tidings[spark]'`"
        ) from exc


@dataclass(frozen=True, kw_only=True)
class SparkExtractOptions:
    """Knobs of one Spark extraction run.

    ``partitions`` defaults to twice the cluster's default parallelism, so that a slow
    partition (a few very long articles) does not leave the other cores idle at the end.
    ``chunk`` articles go through one ``nlp.pipe`` call and make one Arrow batch back.
    """

    partitions: int | None = None
    master: str | None = None
    input_format: InputFormat = "auto"
    batch_size: int = 32
    chunk: int = 128
    model: str = MODEL_PACKAGE
    extra_actors: tuple[Path, ...] = ()
    detect_language: bool = True
    code_languages: frozenset[str] = frozenset({"en"})
    overwrite: bool = False
    compression: str = "zstd"


@dataclass(frozen=True)
class SparkExtractReport:
    """What a run wrote: rows per table (and problems), and what it cost."""

    output: str
    partitions: int
    rows: dict[str, int]
    coded_articles: int
    models_loaded: int
    seconds: float
    schema_version: int
    inputs: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# In local mode the JVM shares the machine's few cores with the Python workers that do the
# real work, and it only moves bytes (reading, shuffling, Arrow, Parquet). Its optimising
# JIT compiler and parallel garbage collector spent about 19 CPU seconds per 200 articles
# (a tenth of the job) competing with the workers; the quick compiler and the serial
# collector cut that to about 9 (benchmarks/spark.py). A cluster's executors are left alone.
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def build_session(
    master: str | None = None,
    *,
    app_name: str = "tidings-extract",
    config: Mapping[str, str] | None = None,
) -> Any:
    """A SparkSession for the job; under spark-submit, the one spark-submit configured.

    Outside spark-submit, with a local master (or none, which Spark takes as local), the
    Python workers are pointed at this interpreter unless PYSPARK_PYTHON says otherwise, so
    they see the same installed tidings and model. Under spark-submit (which sets
    PYSPARK_GATEWAY_PORT) nothing is touched: the executors' Python is the cluster's to say.
    ``config`` adds Spark settings (``spark.driver.memory``, ...) for a session built here;
    it overrides :data:`LOCAL_JAVA_OPTIONS`, the JVM flags a local session gets by default.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    local = not submitted and (master is None or master.startswith("local"))
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        require_java()
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        # The bar redraws over the command's own output; the Spark UI shows progress instead.
        "spark.ui.showConsoleProgress": "false",
        **({"spark.driver.extraJavaOptions": LOCAL_JAVA_OPTIONS} if local else {}),
        **(config or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    from pyspark.errors import PySparkRuntimeError

    try:
        return builder.getOrCreate()
    except PySparkRuntimeError as exc:
        condition = getattr(exc, "getCondition", exc.getErrorClass)()  # 4.0 renamed it
        if condition != "JAVA_GATEWAY_EXITED":
            raise
        raise SparkUnavailableError(
            "Spark's Java process did not start: check that `java -version` (or "
            "$JAVA_HOME/bin/java) is Java 17 or newer; Spark's own message is above"
        ) from None


def require_java() -> None:
    """Fail before starting a JVM when there is no ``java`` to start, saying what to install."""
    import shutil

    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return
    if shutil.which("java"):
        return
    raise SparkUnavailableError(
        "Spark needs a Java runtime (17 or newer) and none was found: install one "
        "and put `java` on PATH or set JAVA_HOME"
    )


def run_spark_extract(
    inputs: str | Sequence[str],
    output: str,
    *,
    options: SparkExtractOptions | None = None,
    spark: Any = None,
) -> SparkExtractReport:
    """Extract every article of ``inputs`` on Spark and write the store's tables to ``output``.

    A session passed in is used and left running (a notebook, a test); otherwise one is
    built from ``options.master`` and stopped at the end, so no JVM outlives the call.
    """
    require_pyspark()
    options = options or SparkExtractOptions()
    paths = (inputs,) if isinstance(inputs, str) else tuple(inputs)
    if not paths:
        raise InputNotFoundError("no input given: name a JSONL or Parquet file or folder")
    for path in paths:
        _check_local_input(path)
    _check_output(output, overwrite=options.overwrite)
    kind = _input_kind(paths, options.input_format)
    own = spark is None
    session = build_session(options.master) if own else spark
    try:
        return _run(session, paths, output, kind, options)
    except TidingsError:
        raise
    except Exception as exc:
        raise _job_failure(exc) from exc
    finally:
        if own:
            session.stop()


def _job_failure(exc: Exception) -> Exception:
    """A Spark failure (unreadable input, a failing worker) as one line, not a JVM trace.

    Only Spark's own errors are translated; anything else is a bug and keeps its traceback.
    A Python worker's error arrives wrapped in Spark's text, so its last ``...Error: ...``
    line is the one worth showing.
    """
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException, PythonException

    if not isinstance(exc, PySparkException | Py4JJavaError):
        return exc
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    causes = [line for line in lines if _ERROR_LINE.match(line)]
    cause = (causes[-1] if causes else lines[0] if lines else exc.__class__.__name__)[:300]
    cause = cause.removeprefix("Caused by: ")
    if isinstance(exc, PythonException):
        return SparkJobError(f"a Spark Python worker failed: {cause}")
    return SparkJobError(f"the Spark job failed: {cause} (is the input readable JSONL or Parquet?)")


# "tidings.quotes.lexicon.CueLexiconError: ...", "java.io.IOException: not a gzip file"
_ERROR_LINE = re.compile(r"^(Caused by: )?[\w.$]*(Error|Exception): ")


def _run(
    spark: Any, paths: tuple[str, ...], output: str, kind: InputKind, opts: SparkExtractOptions
) -> SparkExtractReport:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.perf_counter()
    context = spark.sparkContext
    layout = store_layout()
    partitions = opts.partitions or max(2 * context.defaultParallelism, 1)
    for actor_file in opts.extra_actors:
        context.addFile(str(actor_file))
    settings = WorkerSettings(
        layout=layout,
        input_kind=kind,
        model=opts.model,
        batch_size=opts.batch_size,
        chunk=opts.chunk,
        detect_language=opts.detect_language,
        code_languages=opts.code_languages,
        actor_files=tuple(Path(p).name for p in opts.extra_actors),
        max_line_bytes=DEFAULT_OPTIONS.max_line_bytes,
    )
    loads = context.accumulator(0)
    records, key = _read(spark, paths, kind)
    results = records.repartition(partitions, key).mapInArrow(
        PartitionExtractor(settings, loads), result_spark_schema(layout)
    )
    results = results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = _count(results, F)  # runs the NLP, once, into the cache
        mode = "overwrite" if opts.overwrite else "errorifexists"
        # Many small partitions balance the NLP; written as they are they would make one
        # small file per partition and table, and a task each to write it.
        files = max(1, min(partitions, context.defaultParallelism))
        for table in OUTPUT_TABLES:
            frame = _table_frame(results, table, layout, F).coalesce(files)
            _write(frame.write.mode(mode).option("compression", opts.compression), output, table)
        problems = results.where(F.col("problem").isNotNull()).select("problem.*").coalesce(files)
        _write(
            problems.write.mode(mode).option("compression", opts.compression), output, "problems"
        )
        report = SparkExtractReport(
            output=output,
            partitions=partitions,
            rows={t: counts[t] for t in (*OUTPUT_TABLES, "problems")},
            coded_articles=counts["coded"],
            models_loaded=int(loads.value),
            seconds=round(time.perf_counter() - started, 3),
            schema_version=layout.schema_version,
            inputs=paths,
        )
        _write_manifest(spark, output, mode, report, opts)
    finally:
        results.unpersist()
    return report


def _read(spark: Any, paths: tuple[str, ...], kind: InputKind) -> tuple[Any, Any]:
    """The raw records and the partitioning key: the record's id, or a hash when it has none.

    The key is computed in the JVM (``get_json_object``) so that no Python runs before the
    shuffle; a record without an id is keyed by its content, which keeps identical
    records together.
    """
    from pyspark.sql import functions as F

    origin = F.col("_metadata.file_path").alias("origin")
    if kind == "jsonl":
        frame = spark.read.text(list(paths)).select(F.col("value"), origin)
        key = F.coalesce(F.get_json_object("value", "$.id"), F.sha2("value", 256))
        return frame, key
    raw = spark.read.parquet(*paths)
    present = [name for name in RECORD_FIELDS if name in raw.columns]
    if "text" not in present and "html" not in present:
        raise SparkJobError(
            f"the Parquet input has no 'text' or 'html' column (it has {', '.join(raw.columns)})"
            ": rename the article body column to 'text'"
        )
    frame = raw.select(*[F.col(name).cast("string").alias(name) for name in present], origin)
    body = F.coalesce(*[F.col(name) for name in ("text", "html") if name in present])
    content = F.sha2(body, 256)
    key = F.coalesce(F.col("id"), content) if "id" in present else content
    return frame, key


def _count(results: Any, F: Any) -> dict[str, int]:
    row = results.agg(
        F.count("article").alias("articles"),
        F.count("problem").alias("problems"),
        F.coalesce(F.sum(F.col("extracted").cast("int")), F.lit(0)).alias("coded"),
        *[F.coalesce(F.sum(F.size(t)), F.lit(0)).alias(t) for t in FACT_TABLES],
    ).first()
    return {name: int(row[name]) for name in ("articles", "problems", "coded", *FACT_TABLES)}


def _table_frame(results: Any, table: str, layout: TableLayout, F: Any) -> Any:
    """One store table, its columns in DuckDB's order and types, from the nested results."""
    written = {c.name for c in layout.written(table)}
    if table == "articles":
        source = results.where(F.col("article").isNotNull()).select(
            "extracted", F.col("article").alias("r")
        )
    else:
        source = results.select(F.explode(table).alias("r"))
    now = F.localtimestamp()
    columns = []
    for column in layout.columns(table):
        if column.name in written:
            value = F.col("r").getField(column.name)
        elif column.name == "ingested_at":
            value = now
        elif column.name == "extracted_at":
            value = F.when(F.col("extracted"), now)
        else:  # a store column the extraction does not fill
            value = F.lit(None)
        columns.append(value.cast(column.spark_type()).alias(column.name))
    return source.select(*columns)


def _write(writer: Any, output: str, table: str) -> None:
    from pyspark.errors import AnalysisException

    target = f"{output.rstrip('/')}/{table}"
    try:
        writer.parquet(target)
    except AnalysisException as exc:
        if "PATH_ALREADY_EXISTS" in str(exc) or "already exists" in str(exc):
            raise SparkJobError(
                f"{target} already exists: choose a new OUTPUT or pass --overwrite"
            ) from None
        raise


def _write_manifest(
    spark: Any, output: str, mode: str, report: SparkExtractReport, opts: SparkExtractOptions
) -> None:
    """One JSON line saying what made the tables, so `tidings attach` can check the schema."""
    manifest = {
        "tidings_version": __version__,
        "schema_version": report.schema_version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": list(report.inputs),
        "model": opts.model,
        "partitions": report.partitions,
        "rows": report.rows,
        "coded_articles": report.coded_articles,
        "models_loaded": report.models_loaded,
        "seconds": report.seconds,
    }
    frame = spark.createDataFrame([(json.dumps(manifest),)], "value string").coalesce(1)
    frame.write.mode(mode).text(f"{output.rstrip('/')}/manifest")


def _has_scheme(path: str) -> bool:
    return "://" in path


def _check_local_input(path: str) -> None:
    if _has_scheme(path) or any(ch in path for ch in "*?["):
        return  # a cluster URL or a glob: Spark reports it if it matches nothing
    if not Path(path).exists():
        raise InputNotFoundError(f"input '{path}' does not exist")


def _check_output(output: str, *, overwrite: bool) -> None:
    """Refuse a used local OUTPUT before any work, not after the NLP has run."""
    if _has_scheme(output):
        return
    if Path(output).exists() and not Path(output).is_dir():
        raise SparkJobError(f"OUTPUT '{output}' is a file: name a folder for the tables")
    if overwrite:
        return
    taken = [t for t in (*OUTPUT_TABLES, "problems", "manifest") if Path(output, t).exists()]
    if taken:
        raise SparkJobError(
            f"{output} already holds tables ({', '.join(taken)}): choose a new OUTPUT or "
            "pass --overwrite"
        )


def _input_kind(paths: tuple[str, ...], requested: InputFormat) -> InputKind:
    if requested == "jsonl":
        return "jsonl"
    if requested == "parquet":
        return "records"
    kinds = {_guess_kind(path) for path in paths}
    if len(kinds) == 1 and None not in kinds:
        return kinds.pop()  # type: ignore[return-value]
    raise SparkJobError(
        "cannot tell whether the input is JSONL or Parquet: pass --format jsonl or --format parquet"
    )


def _guess_kind(path: str) -> InputKind | None:
    lower = path.lower().rstrip("/")
    if lower.endswith(".parquet"):
        return "records"
    if lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    local = Path(path)
    if not _has_scheme(path) and local.is_dir():
        names = [p.name.lower() for p in local.rglob("*") if p.is_file()]
        if any(n.endswith(".parquet") for n in names):
            return "records"
        if any(n.endswith(_JSONL_SUFFIXES) for n in names):
            return "jsonl"
    return None
