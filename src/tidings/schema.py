"""The JSON Schema of the streaming contract, generated from the data contracts.

`schema/extraction.schema.json` in the repository is this module's output; a test fails when
the models change and the file was not regenerated with ``python -m tidings.schema``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from tidings.models import Extraction, ExtractionError

SCHEMA_ID = "https://tidings.dev/schema/extraction.schema.json"


def extraction_schema() -> dict[str, Any]:
    """One output line of `tidings extract`: an extraction, or an error for that line."""
    ok = Extraction.model_json_schema(mode="serialization")
    bad = ExtractionError.model_json_schema(mode="serialization")
    defs = ok.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Tidings extract output line",
        "oneOf": [ok, bad],
        "$defs": defs,
    }


def render_schema() -> str:
    return json.dumps(extraction_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_schema())
