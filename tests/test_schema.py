"""The committed JSON Schema matches the models, and real output validates against it."""

from __future__ import annotations

import json
from pathlib import Path

from tidings.models import Event, EventDate, Extraction, Span
from tidings.schema import render_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "extraction.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "schema/extraction.schema.json is stale: run `python -m tidings.schema > "
        "schema/extraction.schema.json`"
    )


def test_schema_names_every_event_field() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    event_props = set(schema["$defs"]["Event"]["properties"])
    assert event_props == set(Event.model_fields)


def test_extraction_json_round_trips() -> None:
    event = Event(
        id="e1",
        article_id="a1",
        type="CONSULT",
        mode="visit",
        status="planned",
        date=EventDate(precision="unknown"),
        trigger=Span(start=10, end=15, text="visit"),
        sentence=Span(start=0, end=30, text="Wang Yi will visit Moscow soon."),
    )
    extraction = Extraction(id="a1", events=[event])
    again = Extraction.model_validate_json(extraction.model_dump_json())
    assert again == extraction
    assert again.events[0].status == "planned"
