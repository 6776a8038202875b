"""Reads, the summary and exports over the hand-built corpus of ``store_samples``.

Every expected figure below is worked out by hand from that corpus, not read from the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from store_samples import A1, A2, A3, CORPUS, X1, X2

from tidings.models import Article, Extraction
from tidings.store import Dyad, Store, StoreError, StoreSummary, reads
from tidings.store.exports import EVENT_ROW_KEYS
from tidings.store.migrations import TABLES


def ids(items: Iterable[Any]) -> list[str]:
    return [item.id for item in items]


def test_events_come_back_chronological_by_article(corpus_store: Store) -> None:
    # a1 (1 March), a2 (5 March), then a3 (no date), each in extraction order.
    assert ids(corpus_store.events()) == [
        "a1-e1", "a1-e2", "a1-e3", "a2-e1", "a2-e2", "a2-e3", "a3-e1",
    ]  # fmt: skip
    assert corpus_store.events(article_id="a2") == X2.events
    assert ids(corpus_store.events(limit=2)) == ["a1-e1", "a1-e2"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "ASSAULT"}, ["a1-e1", "a1-e2"]),
        ({"type": "assault"}, ["a1-e1", "a1-e2"]),
        ({"type": "AID"}, []),
        ({"actor_code": "RUS"}, ["a1-e1", "a1-e2", "a1-e3", "a2-e1"]),
        ({"actor_code": "ukr"}, ["a1-e1", "a1-e2", "a1-e3", "a2-e2"]),
        ({"actor_code": "UKR", "type": "ACCUSE"}, ["a1-e3"]),
        ({"status": "planned"}, ["a2-e2"]),
        ({"status": "occurred", "article_id": "a2"}, ["a2-e1"]),
        # a1-e1 is dated 26 Feb; a1-e2, a1-e3 are undated and take a1's 1 March.
        ({"since": date(2024, 3, 1)}, ["a1-e2", "a1-e3", "a2-e1", "a2-e2", "a2-e3"]),
        ({"until": date(2024, 2, 28)}, ["a1-e1"]),
        # a2-e2 spans April; it overlaps a range that starts mid-April.
        ({"since": date(2024, 4, 15), "until": date(2024, 5, 1)}, ["a2-e2"]),
        ({"since": date(2024, 3, 4), "until": date(2024, 3, 4)}, ["a2-e1"]),
    ],
)
def test_event_filters(corpus_store: Store, query: dict[str, Any], expected: list[str]) -> None:
    assert ids(corpus_store.events(**query)) == expected


def test_actor_filter_ignores_attribution_only(store: Store) -> None:
    event = X1.events[2].model_copy(update={"source": [], "target": []})
    store.save_extraction(A1, X1.model_copy(update={"events": [event], "claims": []}))
    assert store.events(actor_code="UKR") == []
    assert store.events(type="ACCUSE") == [event]


def test_mentions_are_in_text_order(corpus_store: Store) -> None:
    got = corpus_store.mentions("a1")
    assert [m.start for m in got] == sorted(m.start for m in X1.actors)
    assert {m.text for m in got} == {m.text for m in X1.actors}
    assert corpus_store.mentions("missing") == []


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("zelensky", ["a1-q1"]),  # part of the name, any case
        ("VOLODYMYR ZELENSKY", ["a1-q1"]),
        ("usa", ["a2-q1"]),  # the code
        ("blinken-antony", ["a2-q1"]),  # the KB id
        ("spokesman", ["a2-q2"]),  # the words, for an unresolved speaker
        ("US", []),  # a code matches whole, not in part
        ("%", []),  # LIKE wildcards are not wildcards here
    ],
)
def test_quotes_by_speaker(corpus_store: Store, speaker: str, expected: list[str]) -> None:
    assert ids(corpus_store.quotes(speaker=speaker)) == expected


def test_quotes_and_claims_read_back(corpus_store: Store) -> None:
    assert corpus_store.quotes(article_id="a2") == X2.quotes
    assert ids(corpus_store.quotes()) == ["a1-q1", "a2-q1", "a2-q2"]
    assert corpus_store.claims() == X1.claims
    assert corpus_store.claims(claimant="kyiv") == X1.claims
    assert corpus_store.claims(claimant="RUS") == []
    assert corpus_store.claims(article_id="a2") == []


def test_iter_articles_pages_while_writing(store: Store) -> None:
    articles = [Article(id=f"art-{i:02d}", text=f"Text {i}.") for i in range(7)]
    for article in articles:
        store.add_article(article)
    seen = []
    for article in reads.iter_articles(store.connection, batch=2):
        seen.append(article)
        assert store.save_extraction(article, Extraction(id=article.id))
    assert seen == articles
    assert store.summary().extracted_articles == 7
    assert list(store.iter_articles()) == articles


def test_summary_of_the_corpus(corpus_store: Store) -> None:
    summary = corpus_store.summary()
    assert isinstance(summary, StoreSummary)
    assert summary.articles == summary.extracted_articles == 3
    assert summary.mentions == 4 + 3 + 2
    # Zelensky, Putin (in a1 and a3), Blinken, Macron.
    assert summary.actors == 4
    assert summary.events == 7
    assert summary.events_by_type == {
        "ASSAULT": 2, "ACCUSE": 1, "AGREE": 1, "CONSULT": 1, "PROTEST": 1, "SANCTION": 1,
    }  # fmt: skip
    assert summary.events_by_status == {
        "occurred": 4,
        "hypothetical": 1,
        "ongoing": 1,
        "planned": 1,
    }
    assert summary.quotes == 3
    assert summary.claims == 1
    assert summary.stories == 0
    assert summary.date_range == (date(2024, 3, 1), date(2024, 3, 5))
    # RUS -> UKR: a1-e1 (-9) and a1-e2 (-7; two RUS sources, counted once). The protest has
    # no coded actors and does not appear.
    assert summary.top_dyads == (
        Dyad("RUS", "UKR", 2, -8.0),
        Dyad("FRA", "DEU", 1, 1.0),
        Dyad("UKR", "RUS", 1, -2.0),
        Dyad("USA", "RUS", 1, -5.0),
        Dyad("USA", "UKR", 1, 4.0),
    )
    assert corpus_store.summary(dyads=1).top_dyads == (Dyad("RUS", "UKR", 2, -8.0),)
    data = json.loads(json.dumps(summary.as_dict()))
    assert data["date_range"] == ["2024-03-01", "2024-03-05"]
    assert data["top_dyads"][0] == {
        "source": "RUS", "target": "UKR", "events": 2, "mean_intensity": -8.0,
    }  # fmt: skip


def test_summary_of_an_empty_store(store: Store) -> None:
    assert store.summary() == StoreSummary()
    assert store.counts() == dict.fromkeys(TABLES, 0)


def test_dyad_without_intensity(store: Store) -> None:
    event = X1.events[0].model_copy(update={"intensity": None})
    store.save_extraction(A1, Extraction(id="a1", events=[event]))
    assert store.summary().top_dyads == (Dyad("RUS", "UKR", 1, None),)


def test_event_rows_are_flat(corpus_store: Store) -> None:
    rows = corpus_store.event_rows(article_id="a1")
    assert [tuple(r) for r in rows] == [EVENT_ROW_KEYS] * 3
    assert rows[0] == {
        "id": "a1-e1",
        "article_id": "a1",
        "date": "2024-02-26",
        "type": "ASSAULT",
        "mode": None,
        "source": "RUS",
        "target": "UKR",
        "status": "occurred",
        "intensity": -9.0,
        "trigger": "shelled",
        "sentence": "Russian forces shelled Kharkiv on Monday, officials said.",
    }
    assert rows[1]["source"] == "RUS;RUS"
    assert rows[1]["date"] == "2024-03-01"  # undated: the article's publication date
    protest = corpus_store.event_rows(type="PROTEST")
    assert protest[0]["source"] == "" and protest[0]["target"] == ""
    assert corpus_store.event_rows(article_id="a3")[0]["date"] is None
    json.dumps(corpus_store.event_rows())  # ready for JSON as it is


@pytest.mark.parametrize(
    ("fmt", "reader"),
    [("csv", "read_csv"), ("parquet", "read_parquet"), ("json", "read_json")],
)
@pytest.mark.parametrize("table", ["events", "articles", "event_actors"])
def test_exports_read_back(
    corpus_store: Store, tmp_path: Path, fmt: str, reader: str, table: str
) -> None:
    path = tmp_path / f"it's {table}.{fmt}"  # a quote in the path must not break COPY
    written = corpus_store.export_table(table, path, format=fmt)  # type: ignore[arg-type]
    assert written == corpus_store.counts()[table] > 0
    con = duckdb.connect()
    rows = con.execute(f"SELECT * FROM {reader}(?)", [str(path)]).fetchall()
    assert len(rows) == written
    if table == "events":
        got = {r[0] for r in con.execute(f"SELECT id FROM {reader}(?)", [str(path)]).fetchall()}
        assert got == {e.id for _, x in CORPUS for e in x.events}
    if table == "articles":
        texts = con.execute(f"SELECT text FROM {reader}(?) ORDER BY id", [str(path)]).fetchall()
        assert [t[0] for t in texts] == [A1.text, A2.text, A3.text]  # curly quotes intact
    con.close()


def test_export_refuses_what_it_cannot_do(corpus_store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="S020"):
        corpus_store.export_table("schema_migrations; DROP TABLE events", tmp_path / "x.csv")
    with pytest.raises(StoreError, match="S021"):
        corpus_store.export_table("events", tmp_path / "x.xml", format="xml")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="S022"):
        corpus_store.export_table("events", tmp_path / "missing" / "x.csv")
    assert corpus_store.counts()["events"] == 7
