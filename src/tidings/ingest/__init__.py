"""The ingest stage: files, pages, feeds, archives and streams in, cleaned articles out.

Every reader yields :class:`~tidings.models.Article` and :class:`~tidings.models.IngestProblem`
items side by side, so a caller can report the problems and carry on; no reader raises for
bad input. Limits on what one input may cost live in :class:`IngestOptions`; fetching only
happens with a :class:`Fetcher` passed in; :class:`Deduplicator` and :func:`enrich_article`
prepare articles for storing (canonical URL, language, exact and near-duplicate matching).
"""

from tidings.ingest.cleaning import clean_text
from tidings.ingest.dedup import Deduplicator, DedupOptions, Fingerprint, Match, MemoryIndex
from tidings.ingest.documents import read_html_document, read_text_document
from tidings.ingest.fetch import Fetcher, FetchOptions
from tidings.ingest.files import read_path, read_paths, read_stream
from tidings.ingest.jsonl import read_jsonl_lines
from tidings.ingest.metadata import canonical_url, detect_language, enrich_article, url_key
from tidings.ingest.options import IngestOptions

__all__ = [
    "DedupOptions",
    "Deduplicator",
    "FetchOptions",
    "Fetcher",
    "Fingerprint",
    "IngestOptions",
    "Match",
    "MemoryIndex",
    "canonical_url",
    "clean_text",
    "detect_language",
    "enrich_article",
    "read_html_document",
    "read_jsonl_lines",
    "read_path",
    "read_paths",
    "read_stream",
    "read_text_document",
    "url_key",
]
