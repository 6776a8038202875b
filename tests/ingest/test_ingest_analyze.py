"""The main job over hostile and duplicated input, with a stub extractor in place of the NLP."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from ingest_samples import StubExtractor, page, rss
from test_ingest_dedup import FRENCH, story

from tidings.analyze import AnalyzeOptions, RunReport, _chunks, analyze
from tidings.ingest import read_path
from tidings.models import Article, Extraction, ExtractionError, IngestProblem, Mention
from tidings.store import Store
from tidings.store.sources import article_sources


def run(
    items: Iterable[Article | IngestProblem], store: Store, **options: object
) -> tuple[RunReport, StubExtractor]:
    extractor = StubExtractor()
    report = analyze(
        items,
        store=store,
        extractor=extractor,  # type: ignore[arg-type]
        options=AnalyzeOptions(**options),  # type: ignore[arg-type]
    )
    return report, extractor


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def _wire() -> list[Article]:
    text = story(11)
    return [
        Article.from_text(text, id="wire", source="Wire", url="https://wire.example/a?utm_x=1"),
        Article.from_text(text, id="paper", source="Paper", url="https://paper.example/a"),
        Article.from_text(
            "Paper desk.\n\n" + text.rsplit("\n\n", 1)[0], id="rewrite", source="Other"
        ),
        Article.from_text(story(12), id="other-story", source="Wire"),
        Article.from_text(FRENCH * 3, id="french", source="Le Quotidien"),
        Article.from_text(story(13) + " \u2620", id="fails"),
        IngestProblem(origin="bad.jsonl", item="3", error="invalid JSON: Expecting value"),
    ]


def test_copies_are_sources_of_one_article_and_every_item_is_counted(store: Store) -> None:
    report, extractor = run(_wire(), store)
    assert (report.read, report.stored, report.duplicates, report.near_duplicates) == (6, 3, 1, 1)
    assert report.stored_uncoded == 1 and report.already_stored == 0
    assert report.languages == {"en": 5, "fr": 1}
    assert report.skipped == 2 and report.skipped_by_reason == {"invalid JSON": 1, "other": 1}
    assert (
        report.stored + report.already_stored + report.duplicates + report.near_duplicates + 1
        == report.read
    )
    assert "french" not in extractor.seen  # stored, flagged, not coded as English
    french = store.get_article("french")
    assert french is not None and french.language == "fr"
    assert not store.has_extraction("french") and store.has_extraction("wire")
    sources = article_sources(store, "wire")
    assert [(s.relation, s.source, s.copy_id) for s in sources] == [
        ("original", "Wire", "wire"),
        ("duplicate", "Paper", "paper"),
        ("near-duplicate", "Other", "rewrite"),
    ]
    assert sources[0].url == "https://wire.example/a"  # tracking parameter gone
    assert store.get_article("paper") is None and store.get_article("rewrite") is None
    assert store.get_article("fails") is None


def test_a_second_run_adds_nothing(store: Store) -> None:
    run(_wire(), store)
    before = store.counts()
    sources = store.connection.execute("SELECT count(*) FROM article_sources").fetchone()
    report, extractor = run(_wire(), store)
    assert report.already_stored == 5 and report.stored == 0
    assert report.duplicates == report.near_duplicates == 0
    assert extractor.seen == ["fails"]  # only the article that failed is tried again
    assert store.counts() == before
    assert store.connection.execute("SELECT count(*) FROM article_sources").fetchone() == sources


def test_copies_arriving_later_match_stored_articles(store: Store) -> None:
    wire = _wire()
    run([wire[0]], store)
    report, _ = run(wire[1:3], store)
    assert (report.duplicates, report.near_duplicates, report.stored) == (1, 1, 0)
    assert len(article_sources(store, "wire")) == 3


def test_articles_stored_before_fingerprints_existed_are_matched(store: Store) -> None:
    wire = _wire()
    store.add_article(wire[0])  # as a store made before migration 4 holds it
    report, _ = run([wire[1]], store)
    assert report.duplicates == 1
    assert [s.relation for s in article_sources(store, "wire")] == ["original", "duplicate"]


def test_dedup_can_be_turned_off(store: Store) -> None:
    report, _ = run(_wire()[:3], store, dedup=False)
    assert report.stored == 3 and report.duplicates == report.near_duplicates == 0


def test_a_fact_the_store_refuses_costs_only_its_article(store: Store) -> None:
    class Mislabelled(StubExtractor):
        def extract_many(
            self, articles: Iterable[Article]
        ) -> Iterator[tuple[Article, Extraction | ExtractionError]]:
            for article, result in super().extract_many(articles):
                if article.id == "other-story" and isinstance(result, Extraction):
                    result = Extraction(
                        id="someone-else", actors=[Mention(text="x", start=0, end=1)]
                    )
                yield article, result

    report = analyze(_wire()[:4], store=store, extractor=Mislabelled())  # type: ignore[arg-type]
    assert report.stored == 1 and report.duplicates == 1 and report.near_duplicates == 1
    (problem,) = [p for p in report.problems if "other-story" in p.error or "S010" in p.error]
    assert "could not be stored" in problem.error
    assert store.get_article("other-story") is None


def test_a_folder_of_hostile_files_stores_the_good_article(tmp_path: Path, store: Store) -> None:
    (tmp_path / "good.html").write_text(page(), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "laughs.rss").write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><rss></rss>')
    (tmp_path / "feed.rss").write_bytes(rss([("x", "https://w.example/x", "")]))
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": 5}\nnot json\n', encoding="utf-8")
    (tmp_path / "links.urls").write_text("https://example.com/a\n", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7")
    report, _ = run(read_path(tmp_path), store)
    assert report.read == report.stored == 1
    assert report.skipped_by_reason == {
        "empty": 2,
        "binary content": 1,
        "not valid UTF-8": 1,
        "unsafe XML": 1,
        "bad record": 1,
        "invalid JSON": 1,
        "not fetched": 1,
        "unsupported file type": 1,
    }


def test_chunks_are_bounded_by_count_and_by_characters() -> None:
    articles: list[Article | IngestProblem] = [
        Article.from_text("x" * size, id=str(i)) for i, size in enumerate([10, 10, 50, 10, 10])
    ]
    sizes = [len(chunk) for chunk in _chunks(articles, 3, 40)]
    assert sizes == [2, 1, 2]
    assert [len(chunk) for chunk in _chunks(articles, 2, 10_000)] == [2, 2, 1]


def test_report_can_be_written_as_json_lines(store: Store) -> None:
    report, _ = run(_wire(), store)
    lines = [json.loads(p.model_dump_json()) for p in report.problems]
    assert {"origin", "item", "error"} == set(lines[0])
