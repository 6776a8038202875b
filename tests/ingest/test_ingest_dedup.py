"""Canonical URLs, language detection and duplicate matching, each on its own."""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict

import pytest

from shared_data import shared_path
from tidings.ingest import Deduplicator, canonical_url, detect_language, enrich_article, url_key
from tidings.ingest.metadata import normalise_language
from tidings.models import Article

# --- URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://WWW.Example.COM:443/World/Story.html?utm_source=tw&utm_medium=x&id=7#top",
            "https://www.example.com/World/Story.html?id=7",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?fbclid=1&gclid=2&b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com./a?mc_cid=1&MC_EID=2", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("mailto:desk@example.com", "mailto:desk@example.com"),
        ("https://example.com:99999/a", "https://example.com:99999/a"),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical


def test_url_key_ignores_scheme_www_and_end_slash() -> None:
    keys = {
        url_key("http://www.example.com/a/"),
        url_key("https://example.com/a?utm_campaign=x"),
        url_key("https://EXAMPLE.com:443/a#comments"),
    }
    assert keys == {"example.com/a"}
    assert url_key("https://example.com/b") != url_key("https://example.com/a")
    assert url_key("mailto:x@example.com") is None and url_key(None) is None


# --- language ------------------------------------------------------------------------------

ENGLISH = (
    "Foreign ministers from Turkey and Greece met in Ankara on Monday to discuss maritime "
    "borders, the first such meeting in more than two years, officials said."
)
FRENCH = (
    "Les ministres des Affaires étrangères de la Turquie et de la Grèce se sont réunis lundi "
    "à Ankara pour discuter des frontières maritimes, une première depuis deux ans."
)
RUSSIAN = (
    "Министры иностранных дел Турции и Греции встретились в понедельник в Анкаре, чтобы "
    "обсудить морские границы, сообщили официальные лица."
)


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (FRENCH, "fr"), (RUSSIAN, "ru")])
def test_language_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert detect_language(text, declared="xx") == language  # confident detection wins


def test_short_text_falls_back_to_the_declared_language() -> None:
    assert detect_language("Talks resume.", declared="de-AT") == "de"
    assert detect_language("Talks resume.") is None


@pytest.mark.parametrize(
    ("tag", "code"), [("en-GB", "en"), ("EN", "en"), ("pt_BR", "pt"), ("english", None)]
)
def test_language_tags_are_normalised(tag: str, code: str | None) -> None:
    assert normalise_language(tag) == code


def test_enrich_article_fills_url_site_and_language() -> None:
    article = Article.from_text(FRENCH, url="https://www.lemonde.example/a?utm_source=x#c")
    enriched = enrich_article(article)
    assert enriched.url == "https://www.lemonde.example/a"
    assert enriched.site == "lemonde.example" and enriched.language == "fr"
    assert enriched.id == article.id


# --- duplicates ----------------------------------------------------------------------------

WORDS = [
    "minister",
    "talks",
    "border",
    "agreement",
    "troops",
    "ceasefire",
    "sanctions",
    "election",
    "parliament",
    "vote",
    "protest",
    "capital",
    "president",
    "envoy",
    "summit",
    "aid",
    "convoy",
    "port",
    "drone",
    "missile",
    "strike",
    "rebels",
    "delegation",
    "treaty",
    "oil",
    "gas",
    "pipeline",
    "trade",
    "tariff",
    "exports",
    "court",
    "ruling",
    "opposition",
    "army",
    "navy",
    "coast",
    "guard",
    "island",
    "fishing",
    "rights",
    "refugees",
    "camp",
    "shelter",
    "winter",
    "harvest",
    "grain",
]


def story(seed: int, sentences: int = 30) -> str:
    rng = random.Random(seed)
    lines = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
        lines.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3))


def test_exact_copy_is_a_duplicate_whatever_its_id() -> None:
    dedup = Deduplicator()
    original = Article.from_text(story(1), id="a", source="Wire")
    copy = Article.from_text(story(1).replace("\n\n", "\n\n\n"), id="b", source="Paper")
    ((_, first), (_, second)) = dedup.dedupe([original, copy])
    assert first is None
    assert second is not None and second.kind == "duplicate" and second.article_id == "a"


def test_a_syndicated_rewrite_is_a_near_duplicate() -> None:
    text = story(2)
    paragraphs = text.split("\n\n")
    rewrite = "\n\n".join(["Local desk: an update.", *paragraphs[:-1]])  # new lede, cut ending
    pairs = list(
        Deduplicator().dedupe([Article.from_text(text, id="a"), Article.from_text(rewrite, id="b")])
    )
    match = pairs[1][1]
    assert match is not None and match.kind == "near-duplicate" and match.basis == "text"
    assert 0.6 <= match.similarity < 1.0


def test_different_stories_behind_a_shared_opening_are_not_merged() -> None:
    banner = story(99, sentences=6)  # a newsletter banner of about 80 words
    articles = [Article.from_text(f"{banner}\n\n{story(seed)}", id=str(seed)) for seed in range(5)]
    assert [match for _, match in Deduplicator().dedupe(articles)] == [None] * 5


def test_same_url_with_an_edit_is_a_near_duplicate_but_not_a_rewritten_page() -> None:
    url = "https://news.example/live?utm_source=x"
    first = Article.from_text(story(3), id="a", url=url)
    edited = Article.from_text(
        story(3).replace(".", "!", 5), id="b", url="https://news.example/live"
    )
    rewritten = Article.from_text(story(4), id="c", url=url)
    matches = [match for _, match in Deduplicator().dedupe([first, edited, rewritten])]
    assert matches[0] is None and matches[2] is None
    assert matches[1] is not None and matches[1].basis in ("url", "text")


def test_fingerprints_are_stable_across_instances() -> None:
    article = Article.from_text(story(5))
    one, two = Deduplicator().fingerprint(article), Deduplicator().fingerprint(article)
    assert one.bands == two.bands and one.signature_bytes() == two.signature_bytes()


def test_tiny_and_empty_texts_fingerprint() -> None:
    dedup = Deduplicator()
    for text in ("Hi.", "x", "—"):
        assert len(dedup.fingerprint(Article.from_text(text)).bands) == dedup.bands


@pytest.mark.shared
def test_news_international_boilerplate_groups_are_kept_apart() -> None:
    """Its README: of 8 groups sharing a 120-character opening only the BBC pair is a copy."""
    path = shared_path("data", "news-international", "news-international.jsonl.gz")
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            groups[record["text"][:120]].append(record)
    shared = [records for records in groups.values() if len(records) > 1]
    assert len(shared) == 8
    articles = [Article.from_text(r["text"], id=r["id"], url=r["url"]) for rs in shared for r in rs]
    matches = {a.id: m for a, m in Deduplicator().dedupe(articles) if m is not None}
    assert set(matches) == {"xNkm4R0LbOImwDy3"}
    assert matches["xNkm4R0LbOImwDy3"].article_id == "IaKqYjvp2d3MdeNj"
