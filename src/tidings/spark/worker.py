"""What runs inside each Spark Python worker: input records in, one nested row per article out.

The job hands :class:`PartitionExtractor` to ``DataFrame.mapInArrow``. Spark reuses its Python
workers between tasks (``spark.python.worker.reuse``, on by default), so the extractor (the
spaCy pipeline, the knowledge base and the lexicons: seconds to load, a few hundred MB) is
built once per worker process and kept in a module-level cache for every later partition;
an accumulator counts the builds so a run can show that this held.

Each output row is one input record: the article's row and its facts as arrays of structs,
one array per store table, or a problem when the record could not be read or extracted. The
driver explodes the arrays into the tables; keeping them together here means the NLP runs
once per article, however many tables it fills.

Records arrive hash-partitioned by their id, so two records with one id meet in the same
partition and the later one is dropped there, without another shuffle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from tidings.ingest.jsonl import JsonlRecordError, article_from_record
from tidings.ingest.metadata import enrich_article
from tidings.models import Article, ExtractionError
from tidings.spark.tables import (
    FACT_TABLES,
    PROBLEM_COLUMNS,
    Column,
    TableLayout,
    as_record,
    extraction_rows,
)

if TYPE_CHECKING:
    from tidings.extract import Extractor

__all__ = [
    "RECORD_FIELDS",
    "PartitionExtractor",
    "WorkerSettings",
    "result_arrow_schema",
    "result_spark_schema",
]

InputKind = Literal["jsonl", "records"]

# The fields of an article record (see ingest/jsonl.py) that a Parquet input may carry.
RECORD_FIELDS: tuple[str, ...] = (
    "id",
    "text",
    "html",
    "url",
    "source",
    "site",
    "title",
    "author",
    "authors",
    "published",
    "date",
    "language",
)

# One extractor per worker process, keyed by what it was built from.
_EXTRACTORS: dict[tuple[str, tuple[str, ...], int], Extractor] = {}


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs, as plain data: it is pickled once per task."""

    layout: TableLayout
    input_kind: InputKind
    model: str
    batch_size: int
    chunk: int
    detect_language: bool
    code_languages: frozenset[str]
    actor_files: tuple[str, ...]  # names registered with SparkContext.addFile
    max_line_bytes: int


def _nested(layout: TableLayout) -> list[tuple[str, bool, tuple[Column, ...]]]:
    """The nested parts of a result row: (name, whether an array, the struct's columns)."""
    return [
        ("article", False, layout.written("articles")),
        *((table, True, layout.written(table)) for table in FACT_TABLES),
    ]


def result_spark_schema(layout: TableLayout) -> Any:
    """The Spark schema of the rows :class:`PartitionExtractor` yields."""
    from pyspark.sql import types as t

    out = [
        t.StructField("article_id", t.StringType()),
        t.StructField("extracted", t.BooleanType()),
        t.StructField(
            "problem",
            t.StructType([t.StructField(name, t.StringType()) for name in PROBLEM_COLUMNS]),
        ),
    ]
    for name, is_array, columns in _nested(layout):
        struct = t.StructType([t.StructField(c.name, c.spark_type()) for c in columns])
        out.append(t.StructField(name, t.ArrayType(struct) if is_array else struct))
    return t.StructType(out)


def result_arrow_schema(layout: TableLayout) -> Any:
    """The same schema in Arrow, which is what the worker must hand back to Spark."""
    import pyarrow as pa

    out = [
        pa.field("article_id", pa.string()),
        pa.field("extracted", pa.bool_()),
        pa.field("problem", pa.struct([pa.field(n, pa.string()) for n in PROBLEM_COLUMNS])),
    ]
    for name, is_array, columns in _nested(layout):
        struct = pa.struct([pa.field(c.name, c.arrow_type()) for c in columns])
        out.append(pa.field(name, pa.list_(struct) if is_array else struct))
    return pa.schema(out)


class PartitionExtractor:
    """The function ``mapInArrow`` runs on every partition: Arrow batches in and out."""

    def __init__(self, settings: WorkerSettings, loads: Any = None) -> None:
        self.settings = settings
        self.loads = loads  # a Spark accumulator counting extractor builds, or None

    def __call__(self, batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        schema = result_arrow_schema(self.settings.layout)
        seen: set[str] = set()
        pending: list[Article] = []
        out: list[dict[str, Any]] = []
        for batch in batches:
            for item in self._read(batch.to_pylist()):
                if isinstance(item, dict):
                    out.append(item)
                elif item.id in seen:
                    out.append(_problem(item.id, item.origin, _DUPLICATE))
                else:
                    seen.add(item.id)
                    pending.append(item)
                if len(pending) >= self.settings.chunk:
                    out.extend(self._extract(pending))
                    pending = []
                if len(out) >= self.settings.chunk:
                    yield pa.RecordBatch.from_pylist(out, schema=schema)
                    out = []
        out.extend(self._extract(pending))
        if out:
            yield pa.RecordBatch.from_pylist(out, schema=schema)

    def _read(self, rows: list[dict[str, Any]]) -> Iterator[Article | dict[str, Any]]:
        """Articles, or problem rows for records that do not make one."""
        for row in rows:
            origin = row.get("origin") or None
            try:
                if self.settings.input_kind == "jsonl":
                    article = self._parse_line(row["value"], origin)
                else:
                    record = {k: v for k, v in row.items() if k != "origin"}
                    article = article_from_record(record, origin=origin or "parquet")
            except (JsonlRecordError, ValueError) as exc:
                yield _problem(_peek_id(row), origin, str(exc))
                continue
            yield enrich_article(article, detect=self.settings.detect_language)

    def _parse_line(self, line: str, origin: str | None) -> Article:
        if len(line.encode("utf-8")) > self.settings.max_line_bytes:
            raise JsonlRecordError(
                f"line is longer than the limit of {self.settings.max_line_bytes} bytes"
            )
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlRecordError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(record, dict):
            raise JsonlRecordError("expected a JSON object")
        return article_from_record(record, origin=origin or "jsonl")

    def _extract(self, articles: list[Article]) -> list[dict[str, Any]]:
        """One result row per article, in order; only the languages we code are coded."""
        settings = self.settings
        coded = [a for a in articles if a.language is None or a.language in settings.code_languages]
        # Keyed by object identity: extract_many hands back the very objects it was given.
        extracted = self._extractor().extract_many(coded) if coded else iter(())
        results = {id(article): result for article, result in extracted}
        rows: list[dict[str, Any]] = []
        for article in articles:
            result = results.get(id(article))
            if isinstance(result, ExtractionError):
                rows.append(_problem(article.id, article.origin, result.error))
                continue
            rows.append(self._result_row(article, result))
        return rows

    def _result_row(self, article: Article, result: Any) -> dict[str, Any]:
        layout = self.settings.layout
        row: dict[str, Any] = {"article_id": article.id, "problem": None}
        if result is None:  # a language we do not code: stored, flagged by its language
            from tidings.store.writes import article_row

            tables = {"articles": [article_row(article)]}
            row["extracted"] = False
        else:
            tables = extraction_rows(article, result)
            row["extracted"] = True
        row["article"] = as_record(layout.written("articles"), tables["articles"][0])
        for table in FACT_TABLES:
            columns = layout.written(table)
            row[table] = [as_record(columns, r) for r in tables.get(table, [])]
        return row

    def _extractor(self) -> Extractor:
        settings = self.settings
        key = (settings.model, settings.actor_files, settings.batch_size)
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            extractor = _build_extractor(settings)
            _EXTRACTORS[key] = extractor
            if self.loads is not None:
                self.loads.add(1)
        return extractor


def _build_extractor(settings: WorkerSettings) -> Extractor:
    from pathlib import Path

    from tidings.extract import ExtractOptions, build_extractor
    from tidings.nlp import build_pipeline

    actors: tuple[Path, ...] = ()
    if settings.actor_files:
        from pyspark import SparkFiles

        actors = tuple(Path(SparkFiles.get(name)) for name in settings.actor_files)
    # n_process stays 1: Spark already runs one worker per core.
    return build_extractor(
        nlp=build_pipeline(model=settings.model),
        extra_actors=actors,
        options=ExtractOptions(batch_size=settings.batch_size, n_process=1),
    )


_DUPLICATE = "duplicate id: an earlier record with this id was kept"


def _problem(article_id: str | None, origin: str | None, error: str) -> dict[str, Any]:
    empty: dict[str, Any] = {table: [] for table in FACT_TABLES}
    problem = dict(zip(PROBLEM_COLUMNS, (article_id, origin, error), strict=True))
    return {
        "article_id": article_id,
        "extracted": False,
        "problem": problem,
        "article": None,
        **empty,
    }


def _peek_id(row: dict[str, Any]) -> str | None:
    """The id of a record that failed, when it can still be read, to match it to its input."""
    if row.get("id") is not None:
        return str(row["id"])
    try:
        value = json.loads(row.get("value") or "")
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("id"), str | int):
        return str(value["id"])
    return None
