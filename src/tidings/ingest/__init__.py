"""The ingest stage: files, pages and streams in, cleaned :class:`~tidings.models.Article` out.

Every reader yields articles and :class:`~tidings.models.IngestProblem` items side by side,
so a caller can report the problems and carry on; no reader raises for bad input.
"""

from tidings.ingest.cleaning import clean_text
from tidings.ingest.documents import read_html_document, read_text_document
from tidings.ingest.files import read_path, read_paths, read_stream
from tidings.ingest.jsonl import read_jsonl_lines

__all__ = [
    "clean_text",
    "read_html_document",
    "read_jsonl_lines",
    "read_path",
    "read_paths",
    "read_stream",
    "read_text_document",
]
