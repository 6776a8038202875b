"""Hand-built articles and events for the analysis tests, with offsets computed from the text.

The happenings are invented. Three outlets report one fictional sanctions package (two on the
day, one the next), one outlet announces a visit that a second reports as done a week later,
and an unrelated article about a flood shares none of their words.
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
    Mention,
    Quote,
    Span,
)

RUS = {"code": "RUS", "name": "Russia"}
CHN = {"code": "CHN", "name": "China"}
EUR = {"code": "EUR", "name": "European Union"}
UKR = {"code": "UKR", "name": "Ukraine"}
USA = {"code": "USA", "name": "United States"}
NATO = {"code": "IGO", "name": "NATO", "actor_id": "igo-nato"}
UN = {"code": "IGO", "name": "United Nations", "actor_id": "igo-un"}


def span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span(start=start, end=start + len(piece), text=piece)


def sentence(text: str, piece: str) -> Span:
    """The sentence (up to and including the next '. ') that holds ``piece``."""
    at = text.index(piece)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Span(start=start, end=end, text=text[start:end])


def ref(actor: dict[str, str], text: str | None = None) -> ActorRef:
    return ActorRef(text=text or actor["name"], **actor)


def event(
    article: Article,
    number: int,
    type: str,
    trigger: str,
    *,
    source: list[dict[str, str]] = (),  # type: ignore[assignment]
    target: list[dict[str, str]] = (),  # type: ignore[assignment]
    day: date | None = None,
    precision: str = "day",
    **kw: Any,
) -> Event:
    return Event(
        id=f"{article.id}-e{number}",
        article_id=article.id,
        type=type,  # type: ignore[arg-type]
        source=[ref(a) for a in source],
        target=[ref(a) for a in target],
        date=EventDate(start=day, end=day, precision=precision if day else "unknown"),  # type: ignore[arg-type]
        trigger=span(article.text, trigger),
        sentence=sentence(article.text, trigger),
        provenance="analysis-samples",
        **kw,
    )


def mention(article: Article, piece: str, actor: dict[str, str]) -> Mention:
    s = span(article.text, piece)
    return Mention(
        text=piece,
        start=s.start,
        end=s.end,
        sentence=sentence(article.text, piece),
        method="test",
        **actor,
    )


def quote(article: Article, number: int, said: str, speaker: str, actor: dict[str, str]) -> Quote:
    s = span(article.text, said)
    return Quote(
        id=f"{article.id}-q{number}",
        article_id=article.id,
        text=said,
        start=s.start,
        end=s.end,
        kind="direct",
        speaker=mention(article, speaker, actor),
        provenance="analysis-samples",
    )


def claim(
    article: Article, number: int, said: str, who: dict[str, str], events: list[str]
) -> Claim:
    s = span(article.text, said)
    return Claim(
        id=f"{article.id}-c{number}",
        article_id=article.id,
        text=said,
        start=s.start,
        end=s.end,
        claimant=ref(who),
        event_ids=events,
        provenance="analysis-samples",
    )


# ---------------------------------------------------------------------------- the sanctions story

_A1 = (
    "Brussels imposes tanker sanctions on Moscow. The European Union on Monday imposed sanctions "
    "on forty tankers of the Kerch shipping fleet that carry Russian crude above the price cap. "
    '"This fleet funds the war," said the bloc\'s envoy Ilse Varga. The Kremlin called the '
    "measures illegal and vowed a response. Kyiv praised the dear friends in Brussels."
)
_A2 = (
    "EU blacklists Kerch tanker fleet. European ministers on Monday imposed sanctions on forty "
    "Kerch fleet tankers shipping Russian crude above the price cap, the envoy Ilse Varga said. "
    '"This fleet funds the war," Varga said. Moscow\'s despotic rulers vowed a response to the '
    "illegal measures."
)
_A3 = (
    "Moscow vows answer to Kerch tanker sanctions. A day after the European Union imposed "
    "sanctions on forty Kerch fleet tankers over Russian crude sold above the price cap, the "
    'Kremlin threatened the bloc with countermeasures. "We will answer," said spokesman '
    "Oleg Kalin."
)

SANCTIONS_1 = Article(
    id="s1", text=_A1, title=_A1.split(". ")[0], source="Harbour Daily", published=date(2024, 3, 18)
)
SANCTIONS_2 = Article(
    id="s2", text=_A2, title=_A2.split(". ")[0], source="Capital Wire", published=date(2024, 3, 18)
)
SANCTIONS_3 = Article(
    id="s3",
    text=_A3,
    title=_A3.split(". ")[0],
    source="Eastern Courier",
    published=date(2024, 3, 19),
)

# ---------------------------------------------------------------------------- planned, then done

_P1 = (
    "Minister Lan Wei to visit Moscow on April 8. China's foreign minister Lan Wei will travel "
    "to Moscow on April 8 for talks on grain corridors and river ports, the ministry said."
)
_P2 = (
    "Lan Wei holds grain corridor talks in Moscow. China's foreign minister Lan Wei held talks "
    "in Moscow on Monday on grain corridors and river ports with his Russian counterpart. "
    "Russia welcomed the warm and fruitful visit."
)
PLAN = Article(
    id="p1", text=_P1, title=_P1.split(". ")[0], source="Harbour Daily", published=date(2024, 4, 2)
)
DONE = Article(
    id="p2",
    text=_P2,
    title=_P2.split(". ")[0],
    source="Eastern Courier",
    published=date(2024, 4, 9),
)

# ---------------------------------------------------------------------------- unrelated

_F1 = (
    "Floods cut rail links across the lowlands. Heavy rain overnight swamped rail lines and "
    "closed three bridges, the transport agency said, and repairs could take weeks."
)
FLOOD = Article(
    id="f1",
    text=_F1,
    title=_F1.split(". ")[0],
    source="Northern Ledger",
    published=date(2024, 3, 18),
)


def corpus() -> list[tuple[Article, Extraction]]:
    """The articles with their hand-coded extractions, in publication order."""
    s1, s2, s3, p1, p2, f1 = SANCTIONS_1, SANCTIONS_2, SANCTIONS_3, PLAN, DONE, FLOOD
    march18 = date(2024, 3, 18)
    e_s1 = [
        event(
            s1,
            1,
            "SANCTION",
            "imposed sanctions",
            source=[EUR],
            target=[RUS],
            day=march18,
            quad_class=4,
            intensity=-5.0,
        ),
        event(
            s1,
            2,
            "THREATEN",
            "vowed a response",
            source=[RUS],
            target=[EUR],
            quad_class=3,
            intensity=-4.0,
        ),
        event(s1, 3, "SUPPORT", "praised", source=[UKR], target=[EUR], quad_class=1, intensity=3.0),
    ]
    e_s2 = [
        event(
            s2,
            1,
            "SANCTION",
            "imposed sanctions",
            source=[EUR],
            target=[RUS],
            day=march18,
            quad_class=4,
            intensity=-5.0,
        ),
        event(
            s2,
            2,
            "THREATEN",
            "vowed a response",
            source=[RUS],
            target=[EUR],
            quad_class=3,
            intensity=-4.0,
        ),
    ]
    e_s3 = [
        event(
            s3,
            1,
            "SANCTION",
            "imposed",
            source=[EUR],
            target=[RUS],
            day=march18,
            quad_class=4,
            intensity=-5.0,
        ),
        event(
            s3,
            2,
            "THREATEN",
            "threatened",
            source=[RUS],
            target=[EUR],
            quad_class=3,
            intensity=-6.0,
        ),
    ]
    e_p1 = [
        event(
            p1,
            1,
            "CONSULT",
            "travel",
            source=[CHN],
            target=[RUS],
            day=date(2024, 4, 8),
            status="planned",
            quad_class=1,
            intensity=1.0,
        ),
    ]
    e_p2 = [
        event(
            p2,
            1,
            "CONSULT",
            "held talks",
            source=[CHN],
            target=[RUS],
            day=date(2024, 4, 8),
            quad_class=1,
            intensity=1.0,
        ),
        event(
            p2, 2, "SUPPORT", "welcomed", source=[RUS], target=[CHN], quad_class=1, intensity=3.0
        ),
    ]
    return [
        (
            s1,
            Extraction(
                id=s1.id,
                actors=[
                    mention(s1, "The European Union", EUR),
                    mention(s1, "The Kremlin", RUS),
                    mention(s1, "Kyiv", UKR),
                ],
                events=e_s1,
                quotes=[quote(s1, 1, "This fleet funds the war", "Ilse Varga", EUR)],
                claims=[claim(s1, 1, "called the measures illegal", RUS, [])],
            ),
        ),
        (
            s2,
            Extraction(
                id=s2.id,
                actors=[mention(s2, "European ministers", EUR), mention(s2, "Moscow's", RUS)],
                events=e_s2,
                quotes=[quote(s2, 1, "This fleet funds the war", "Varga said", EUR)],
            ),
        ),
        (
            s3,
            Extraction(
                id=s3.id,
                actors=[mention(s3, "European Union", EUR), mention(s3, "Kremlin", RUS)],
                events=e_s3,
                quotes=[quote(s3, 1, "We will answer", "Oleg Kalin", RUS)],
            ),
        ),
        (f1, Extraction(id=f1.id)),
        (
            p1,
            Extraction(
                id=p1.id,
                actors=[mention(p1, "China's", CHN), mention(p1, "Moscow", RUS)],
                events=e_p1,
            ),
        ),
        (
            p2,
            Extraction(
                id=p2.id,
                actors=[mention(p2, "China's", CHN), mention(p2, "Russia", RUS)],
                events=e_p2,
            ),
        ),
    ]
