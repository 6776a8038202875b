"""``spark-submit .../tidings/spark/__main__.py INPUT OUTPUT``: the job without the CLI.

spark-submit wants a Python file to run as the driver, and in cluster deploy mode that file
runs on the cluster, inside the packed environment, where the ``tidings`` script may not be
on PATH. This is that file; ``python -m tidings.spark`` runs it too. The master, executors
and environment come from spark-submit; the report is printed as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tidings.errors import TidingsError
from tidings.spark.job import SparkExtractOptions, run_spark_extract


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tidings.spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL (.gz) or Parquet articles: file, folder, glob, URL")
    parser.add_argument("output", help="folder for the Parquet tables")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--format", choices=("auto", "jsonl", "parquet"), default="auto")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("--actors", type=Path, action="append", default=[])
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    options = SparkExtractOptions(
        partitions=args.partitions,
        input_format=args.format,
        overwrite=args.overwrite,
        extra_actors=tuple(args.actors),
        batch_size=args.batch_size,
    )
    try:
        report = run_spark_extract(args.input, args.output, options=options)
    except TidingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
