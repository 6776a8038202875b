"""The data contracts every stage takes in and gives out.

All contracts are pydantic models so that they validate on the way in and serialise to
the JSON of the streaming contract (`tidings extract`) with ``model_dump(mode="json")``.
Offsets are always character offsets into ``Article.text`` (end exclusive), so any fact
can be traced back to the sentence it came from.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]

EventStatus = Literal["occurred", "ongoing", "planned", "hypothetical", "negated", "alleged"]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
QuoteKind = Literal["direct", "indirect", "partial"]

# Quad classes follow the CAMEO/PLOVER convention: 1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict, 4 material conflict.
QuadClass = Literal[1, 2, 3, 4]


def content_hash(text: str) -> str:
    """A stable id for a text: the same article re-ingested gets the same id.

    Whitespace is collapsed first so that a re-wrapped copy of a file is still the same
    article; case and punctuation are kept because they can change meaning.
    """
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Contract):
    """A stretch of an article's text, by character offsets."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Article(_Contract):
    """One news article after ingestion and cleaning."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet ("The Meridian Post")
    site: str | None = None  # the outlet's host name, when known
    author: str | None = None
    published: date | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from: a path, "stdin", a URL
    format: Literal["text", "html", "jsonl", "other"] = "text"

    @classmethod
    def from_text(cls, text: str, **fields: object) -> Article:
        """Build an article whose id is the content hash of its text unless given."""
        article_id = fields.pop("id", None) or content_hash(text)
        return cls(id=str(article_id), text=text, **fields)  # type: ignore[arg-type]


class ActorRef(_Contract):
    """An actor as an event or quote names it: the words and what they resolve to."""

    text: str
    code: str | None = None  # ISO 3166 alpha-3, or IGO/NGO/IMG/MNC/WST/... for others
    sector: str | None = None  # PLOVER/CAMEO agent: GOV, MIL, REB, CVL, ...
    actor_id: str | None = None  # stable id of a named KB actor ("putin-vladimir")
    name: str | None = None  # the KB's display name


class Mention(_Contract):
    """One place in an article where an actor is named, with how it was resolved."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str | None = None  # NER label (PERSON, ORG, GPE, NORP) or "ROLE"/"PRON"
    code: str | None = None
    sector: str | None = None
    actor_id: str | None = None
    name: str | None = None
    method: str = "unresolved"  # which rule resolved it: "kb-alias", "role", "coref", ...
    antecedent: int | None = None  # for coreference: the start offset of the mention it points to
    sentence: Span | None = None

    def as_ref(self) -> ActorRef:
        return ActorRef(
            text=self.text,
            code=self.code,
            sector=self.sector,
            actor_id=self.actor_id,
            name=self.name,
        )


class EventDate(_Contract):
    """When an event happened, with how precisely the text fixes it."""

    start: date | None = None
    end: date | None = None
    precision: DatePrecision = "unknown"
    text: str | None = None


class Location(_Contract):
    name: str
    country_code: str | None = None
    start: int | None = None
    end: int | None = None


class Event(_Contract):
    """One coded event in PLOVER 2.0, with everything needed to check it by eye."""

    id: str
    article_id: str
    type: PloverType
    mode: str | None = None
    contexts: list[str] = Field(default_factory=list)
    source: list[ActorRef] = Field(default_factory=list)
    target: list[ActorRef] = Field(default_factory=list)
    status: EventStatus = "occurred"
    attributed_to: list[ActorRef] = Field(default_factory=list)
    claim_id: str | None = None
    date: EventDate = Field(default_factory=EventDate)
    location: Location | None = None
    trigger: Span
    sentence: Span
    evidence: list[Span] = Field(default_factory=list)  # further mentions of the same action
    cameo: str | None = None
    quad_class: QuadClass | None = None
    intensity: float | None = Field(default=None, ge=-10, le=10)
    confidence: float = Field(default=0.5, ge=0, le=1)
    provenance: str = "unknown"  # the rule or model that made it


class Quote(_Contract):
    """Something an actor said, directly or in reported speech."""

    id: str
    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: QuoteKind
    speaker: Mention | None = None
    cue: Span | None = None
    provenance: str = "unknown"


class Claim(_Contract):
    """A statement asserted by an actor, with its hedging and the events it asserts."""

    id: str
    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    claimant: ActorRef | None = None
    hedge: str | None = None  # the words that hedge it: "is believed", "alleged"
    event_ids: list[str] = Field(default_factory=list)
    provenance: str = "unknown"


class Story(_Contract):
    """The same real-world happening reported by one or more articles."""

    id: str
    title: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None


class Extraction(_Contract):
    """What `extract` gives for one article: the line of the streaming contract."""

    id: str
    actors: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class ExtractionError(_Contract):
    """The line of the streaming contract for an input that could not be processed."""

    id: str | None
    error: str


def stable_id(*parts: object) -> str:
    """A short deterministic id from its parts, so re-runs give the same ids."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


class IngestProblem(_Contract):
    """An input that could not be read, reported per item so the batch goes on."""

    origin: str  # the file, URL or "stdin"
    item: str | None = None  # a line number or member name inside the origin
    error: str
