"""The façade: one article in, its actors, events, quotes and claims out.

The CLI, the API and the Spark job all call :class:`Extractor`, never the stages one by one,
so every face gets the same results for the same text. Stages are built from objects passed
in (the spaCy pipeline, the knowledge base, the lexicons); nothing here reads files except
:func:`build_extractor`, which is the one convenient place that loads the built-in data.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tidings.coding import CoderOptions, EventCoder, Lexicon, load_lexicon
from tidings.ingest import enrich_article, read_jsonl_lines
from tidings.kb import KnowledgeBase, load_knowledge_base
from tidings.models import Article, Extraction, ExtractionError, IngestProblem
from tidings.nlp import build_pipeline
from tidings.nlp.actors import ActorLinker
from tidings.quotes import CueLexicon, QuoteExtractor, link_claims_to_events, load_cue_lexicon

# Articles in other languages are stored and flagged, never coded with an English model.
CODED_LANGUAGES = frozenset({None, "en"})

# The parser, tagger, lemmatizer and NER are all read by later stages; nothing can be disabled.
REQUIRED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True)
class ExtractOptions:
    """Knobs of a whole extraction run.

    ``n_process`` above 1 runs the whole extraction (parse and every later stage) in that
    many forked worker processes, ``batch_size`` articles at a time. Our stages cost about a
    fifth of spaCy's parse, so splitting only the parse (spaCy's own ``n_process``) would
    leave them queued on one core behind the workers, and would pay for every ``Doc`` to be
    serialised back to the parent.
    """

    batch_size: int = 32
    n_process: int = 1
    coder: CoderOptions = field(default_factory=CoderOptions)


class Extractor:
    """Runs nlp -> actors -> events -> quotes/claims on articles; reusable across batches."""

    def __init__(
        self,
        *,
        nlp: Language,
        kb: KnowledgeBase,
        lexicon: Lexicon,
        cues: CueLexicon,
        options: ExtractOptions | None = None,
    ) -> None:
        self.nlp = nlp
        self.kb = kb
        self.options = options or ExtractOptions()
        self.linker = ActorLinker(kb, nlp)
        self.coder = EventCoder(lexicon, options=self.options.coder)
        self.quotes = QuoteExtractor(cues)

    def extract(self, article: Article) -> Extraction:
        """Everything Tidings finds in one article."""
        return self.extract_doc(self.nlp(article.text), article)

    def extract_doc(self, doc: Doc, article: Article) -> Extraction:
        """The same as :meth:`extract` for an already parsed text (batch and Spark paths)."""
        mentions = self.linker.link(doc, published=article.published)
        events = self.coder.code(doc, article=article, mentions=mentions)
        quotes, claims = self.quotes.extract(doc, article=article, mentions=mentions)
        link_claims_to_events(claims, events)
        return Extraction(
            id=article.id, actors=mentions, events=events, quotes=quotes, claims=claims
        )

    def extract_many(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, Extraction | ExtractionError]]:
        """Batched extraction with ``nlp.pipe``; one failing article never stops the batch.

        Results come back in input order and pair each result with the very ``Article``
        object given (the Spark worker matches them by identity).
        """
        if self.options.n_process > 1 and _FORK in multiprocessing.get_all_start_methods():
            yield from self._extract_forked(articles)
        else:
            yield from self._extract_batched(articles, n_process=self.options.n_process)

    def _extract_batched(
        self, articles: Iterable[Article], *, n_process: int = 1
    ) -> Iterator[tuple[Article, Extraction | ExtractionError]]:
        # An article we do not code goes through the pipe as an empty text: it keeps its
        # place in the batch without costing a parse whose result would be thrown away.
        pending = ((a.text if a.language in CODED_LANGUAGES else "", a) for a in articles)
        docs = self.nlp.pipe(
            pending,
            as_tuples=True,
            batch_size=self.options.batch_size,
            n_process=n_process,
        )
        for doc, article in docs:
            if article.language not in CODED_LANGUAGES:
                error = f"language '{article.language}' is not coded: only English text is"
                yield article, ExtractionError(id=article.id, error=error)
                continue
            try:
                yield article, self.extract_doc(doc, article)
            except Exception as exc:  # reported per article, the batch goes on
                yield article, ExtractionError(id=article.id, error=_describe(exc))

    def _extract_forked(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, Extraction | ExtractionError]]:
        """Whole batches in forked workers, which inherit this extractor instead of a pickle.

        At most two batches per worker are in flight, so a long input is streamed, not read
        up front; leaving the loop early (or an error) terminates the workers.
        """
        workers = self.options.n_process
        size = max(self.options.batch_size, 1)
        context = multiprocessing.get_context(_FORK)
        in_flight: deque[tuple[list[Article], Any]] = deque()
        with context.Pool(workers, initializer=_adopt_extractor, initargs=(self,)) as pool:
            source = iter(articles)
            while batch := list(islice(source, size)):
                in_flight.append((batch, pool.apply_async(_extract_in_worker, (batch,))))
                if len(in_flight) >= 2 * workers:
                    done, result = in_flight.popleft()
                    yield from zip(done, result.get(), strict=True)
            while in_flight:
                done, result = in_flight.popleft()
                yield from zip(done, result.get(), strict=True)


_FORK = "fork"
# The extractor a forked worker inherited from its parent (set by the pool's initializer).
_WORKER_EXTRACTOR: Extractor | None = None


def _adopt_extractor(extractor: Extractor) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = extractor


def _extract_in_worker(articles: list[Article]) -> list[Extraction | ExtractionError]:
    if _WORKER_EXTRACTOR is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("extraction worker started without an extractor")
    return [result for _, result in _WORKER_EXTRACTOR._extract_batched(articles)]


def build_extractor(
    *,
    nlp: Language | None = None,
    extra_actors: Sequence[Path] = (),
    options: ExtractOptions | None = None,
) -> Extractor:
    """An extractor with the built-in knowledge base and lexicons (and a user's extra actors)."""
    return Extractor(
        nlp=nlp if nlp is not None else build_pipeline(),
        kb=load_knowledge_base(extra=extra_actors),
        lexicon=load_lexicon(),
        cues=load_cue_lexicon(),
        options=options,
    )


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"


def extract_jsonl(lines: Iterable[str], extractor: Extractor, *, chunk: int = 64) -> Iterator[dict]:
    """The streaming contract: one JSON-ready dict out per JSONL line in, in input order.

    A line that cannot be read or processed yields ``{"id", "error"}`` and the stream goes on.
    Lines are handled in chunks so that ``nlp.pipe`` can batch without reading the whole input.
    """
    buffer: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        buffer.append((number, line))
        if len(buffer) >= chunk:
            yield from _extract_chunk(buffer, extractor)
            buffer = []
    if buffer:
        yield from _extract_chunk(buffer, extractor)


def _extract_chunk(buffer: list[tuple[int, str]], extractor: Extractor) -> Iterator[dict]:
    slots: list[dict | Article] = []
    for number, line in buffer:
        items = list(read_jsonl_lines([line], origin=f"line {number}"))
        item = items[0] if items else IngestProblem(origin=f"line {number}", error="empty line")
        if isinstance(item, Article):
            slots.append(enrich_article(item))
        else:
            slots.append({"id": _peek_id(line), "error": f"line {number}: {item.error}"})
    articles = [s for s in slots if isinstance(s, Article)]
    results = {a.id: r for a, r in extractor.extract_many(articles)}
    for slot in slots:
        if isinstance(slot, dict):
            yield slot
        else:
            yield results[slot.id].model_dump(mode="json")


def _peek_id(line: str) -> str | None:
    """The id of a bad line when it can still be read, so the error can be matched to input."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("id"), str | int):
        return str(value["id"])
    return None


def resolve_actor_jsonl(lines: Iterable[str], extractor: Extractor) -> Iterator[dict]:
    """`tidings actors resolve`: one short phrase per JSONL line to its best actor.

    Input ``{"id", "text", "date"?}``; output ``{"id", "code", "sector", "actor_id", "name"}``
    with nulls where the phrase names no known actor, or ``{"id", "error"}`` for a bad line.
    """
    from datetime import date as _date

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("expected an object with a string 'text'")
            on = _date.fromisoformat(record["date"]) if record.get("date") else None
        except ValueError as exc:
            yield {"id": _peek_id(line), "error": f"line {number}: {exc}"}
            continue
        doc = extractor.nlp(record["text"])
        best = extractor.linker.resolve_phrase(doc, published=on)
        yield {
            "id": record.get("id"),
            "code": best.code if best else None,
            "sector": best.sector if best else None,
            "actor_id": best.actor_id if best else None,
            "name": best.name if best else None,
        }
