"""``ExtractOptions(n_process=2)``: forked workers must give what one process gives, in order."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from tidings.extract import ExtractOptions, build_extractor
from tidings.ingest import read_paths
from tidings.models import Article, Extraction, ExtractionError

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _articles() -> list[Article]:
    found = [a for a in read_paths([CORPUS]) if isinstance(a, Article)]
    found.sort(key=lambda a: a.id)
    # Five articles in batches of two: several batches per worker, one of them short.
    sample = found[:4]
    sample.append(found[4].model_copy(update={"language": "fr"}))  # not coded, keeps its place
    return sample


def test_forked_workers_match_one_process(nlp: Language) -> None:
    articles = _articles()
    one = build_extractor(nlp=nlp, options=ExtractOptions(batch_size=2))
    two = build_extractor(nlp=nlp, options=ExtractOptions(batch_size=2, n_process=2))
    want = list(one.extract_many(articles))
    got = list(two.extract_many(articles))
    assert [a for a, _ in got] == articles
    assert all(g is a for (g, _), a in zip(got, articles, strict=True))  # the objects given
    assert [r for _, r in got] == [r for _, r in want]
    assert sum(len(r.events) for _, r in got if isinstance(r, Extraction)) > 0
    last = got[-1][1]
    assert isinstance(last, ExtractionError) and "not coded" in last.error


def test_stopping_early_ends_the_workers(nlp: Language) -> None:
    articles = _articles()
    extractor = build_extractor(nlp=nlp, options=ExtractOptions(batch_size=1, n_process=2))
    stream = extractor.extract_many(iter(articles))
    first, _ = next(stream)
    stream.close()  # the pool is terminated, not left running
    assert first is articles[0]
