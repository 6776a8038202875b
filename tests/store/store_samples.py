"""A small hand-built corpus whose summary figures are worked out by hand in the tests.

Offsets are computed from the texts (``span``), so the rows look like real pipeline output.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tidings.models import (
    ActorRef,
    Article,
    Claim,
    Event,
    EventDate,
    Extraction,
    Location,
    Mention,
    Quote,
    Span,
)


def span(text: str, piece: str, *, after: str | None = None) -> Span:
    """The first occurrence of ``piece`` in ``text`` (after ``after``, if given) as a Span."""
    start = text.index(piece, text.index(after) if after else 0)
    return Span(start=start, end=start + len(piece), text=piece)


def sentence_of(text: str, piece: str) -> Span:
    """The sentence (up to and including the next '. ') that holds ``piece``."""
    at = text.index(piece)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Span(start=start, end=end, text=text[start:end])


def ref(text: str, code: str | None = None, sector: str | None = None, **kw: Any) -> ActorRef:
    return ActorRef(text=text, code=code, sector=sector, **kw)


def mention(article: Article, piece: str, **kw: Any) -> Mention:
    s = span(article.text, piece)
    sentence = sentence_of(article.text, piece)
    return Mention(text=piece, start=s.start, end=s.end, sentence=sentence, **kw)


def event(article: Article, number: int, type: str, trigger: str, **kw: Any) -> Event:
    return Event(
        id=f"{article.id}-e{number}",
        article_id=article.id,
        type=type,  # type: ignore[arg-type]
        trigger=span(article.text, trigger),
        sentence=sentence_of(article.text, trigger),
        provenance="test-corpus",
        **kw,
    )


def quote(article: Article, number: int, piece: str, **kw: Any) -> Quote:
    s = span(article.text, piece)
    quote_id = f"{article.id}-q{number}"
    return Quote(id=quote_id, article_id=article.id, text=piece, start=s.start, end=s.end, **kw)


def claim(article: Article, number: int, piece: str, **kw: Any) -> Claim:
    s = span(article.text, piece)
    claim_id = f"{article.id}-c{number}"
    return Claim(id=claim_id, article_id=article.id, text=piece, start=s.start, end=s.end, **kw)


ZELENSKY = {
    "code": "UKR",
    "sector": "GOV",
    "actor_id": "zelensky-volodymyr",
    "name": "Volodymyr Zelensky",
}
BLINKEN = {"code": "USA", "sector": "GOV", "actor_id": "blinken-antony", "name": "Antony Blinken"}
PUTIN = {"code": "RUS", "sector": "GOV", "actor_id": "putin-vladimir", "name": "Vladimir Putin"}

A1 = Article(
    id="a1",
    title="Strikes on Kharkiv",
    source="The Meridian Post",
    published=date(2024, 3, 1),
    language="en",
    text=(
        "Russian forces shelled Kharkiv on Monday, officials said. Moscow's troops struck "
        "again on Thursday. Kyiv accused Russia of war crimes. “We will not give up,” "
        "Volodymyr Zelensky said. Vladimir Putin did not comment."
    ),
)
A2 = Article(
    id="a2",
    title="Sanctions and a deal",
    source="Harbour Times",
    published=date(2024, 3, 5),
    text=(
        "Washington imposed sanctions on Russia on Monday. The United States will sign an aid "
        "deal with Ukraine in April. Protesters rallied in the capital. “Pressure works,” "
        "Antony Blinken said. Talks continue, a spokesman said."
    ),
)
A3 = Article(
    id="a3",
    text="France may consult Germany on the matter. Emmanuel Macron met aides. Vladimir Putin "
    "was mentioned.",
)

X1 = Extraction(
    id="a1",
    actors=[
        mention(A1, "Russian forces", code="RUS", sector="MIL", method="kb-alias"),
        mention(A1, "Volodymyr Zelensky", label="PERSON", method="kb-alias", **ZELENSKY),
        mention(A1, "Vladimir Putin", label="PERSON", method="kb-alias", **PUTIN),
        mention(A1, "officials", label="ROLE"),
    ],
    events=[
        event(
            A1,
            1,
            "ASSAULT",
            "shelled",
            source=[ref("Russian forces", "RUS", "MIL")],
            target=[ref("Kharkiv", "UKR")],
            date=EventDate(
                start=date(2024, 2, 26), end=date(2024, 2, 26), precision="day", text="on Monday"
            ),
            location=Location(name="Kharkiv", country_code="UKR", start=23, end=30),
            quad_class=4,
            intensity=-9.0,
            cameo="195",
        ),
        event(
            A1,
            2,
            "ASSAULT",
            "struck",
            source=[ref("Moscow", "RUS", "GOV"), ref("troops", "RUS", "MIL")],
            target=[ref("Kharkiv", "UKR")],
            evidence=[span(A1.text, "shelled")],
            quad_class=4,
            intensity=-7.0,
        ),
        event(
            A1,
            3,
            "ACCUSE",
            "accused",
            source=[ref("Kyiv", "UKR", "GOV")],
            target=[ref("Russia", "RUS")],
            attributed_to=[ref("Kyiv", "UKR", "GOV")],
            claim_id="a1-c1",
            quad_class=3,
            intensity=-2.0,
            contexts=["human rights"],
        ),
    ],
    quotes=[
        quote(
            A1,
            1,
            "We will not give up",
            kind="direct",
            speaker=mention(A1, "Volodymyr Zelensky", label="PERSON", **ZELENSKY),
            cue=span(A1.text, "said", after="Zelensky"),
        ),
    ],
    claims=[
        claim(
            A1, 1, "Russia of war crimes", claimant=ref("Kyiv", "UKR", "GOV"), event_ids=["a1-e3"]
        ),
    ],
)

X2 = Extraction(
    id="a2",
    actors=[
        mention(A2, "Washington", label="GPE", code="USA", sector="GOV", method="kb-alias"),
        mention(A2, "Antony Blinken", label="PERSON", method="kb-alias", **BLINKEN),
        mention(A2, "Protesters", label="ROLE", sector="CVL", method="role"),
    ],
    events=[
        event(
            A2,
            1,
            "SANCTION",
            "imposed sanctions",
            source=[ref("Washington", "USA", "GOV")],
            target=[ref("Russia", "RUS")],
            date=EventDate(start=date(2024, 3, 4), precision="day", text="on Monday"),
            quad_class=4,
            intensity=-5.0,
        ),
        event(
            A2,
            2,
            "AGREE",
            "sign",
            source=[ref("The United States", "USA")],
            target=[ref("Ukraine", "UKR")],
            status="planned",
            date=EventDate(
                start=date(2024, 4, 1), end=date(2024, 4, 30), precision="month", text="in April"
            ),
            quad_class=1,
            intensity=4.0,
        ),
        event(
            A2, 3, "PROTEST", "rallied", source=[ref("Protesters", None, "CVL")], status="ongoing"
        ),
    ],
    quotes=[
        quote(
            A2,
            1,
            "Pressure works",
            kind="direct",
            speaker=mention(A2, "Antony Blinken", label="PERSON", method="kb-alias", **BLINKEN),
        ),
        quote(
            A2,
            2,
            "Talks continue",
            kind="indirect",
            speaker=mention(A2, "a spokesman", label="ROLE", method="role"),
        ),
    ],
)

X3 = Extraction(
    id="a3",
    actors=[
        mention(
            A3,
            "Emmanuel Macron",
            label="PERSON",
            method="kb-alias",
            code="FRA",
            sector="GOV",
            actor_id="macron-emmanuel",
            name="Emmanuel Macron",
        ),
        mention(A3, "Vladimir Putin", label="PERSON", method="kb-alias", **PUTIN),
    ],
    events=[
        event(
            A3,
            1,
            "CONSULT",
            "consult",
            source=[ref("France", "FRA")],
            target=[ref("Germany", "DEU")],
            status="hypothetical",
            mode="may",
            quad_class=1,
            intensity=1.0,
        ),
    ],
)

CORPUS: tuple[tuple[Article, Extraction], ...] = ((A1, X1), (A2, X2), (A3, X3))
