"""What the actor linker's passes share: the claim each pass makes, and the linker's word lists.

A *claim* is a mention under construction, on token indices of one parsed document; the
linker turns claims into `tidings.models.Mention` objects at the end. An *atom* is a
knowledge-base name or a nationality word found in the text; a `DocView` holds one
document's atoms, entities and claims while the passes run. The word lists say how text
points at actors (pronouns, locative prepositions, group descriptions); who the actors are
is the knowledge base's business. All of it lives here so that the passes (`tidings.nlp.
actors`, `tidings.nlp.roles`) and coreference (`tidings.nlp.coref`) can be read and tested
apart without importing each other.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from spacy.tokens import Doc, Span

from tidings.kb import Resolution

__all__ = [
    "HYPHENS",
    "LEXICON_FILE",
    "NOMINAL_POS",
    "PLURAL_TAGS",
    "Atom",
    "Claim",
    "DocView",
    "LinkerDataError",
    "LinkerLexicon",
    "SentenceIndex",
    "atom_code",
    "claim_from",
    "load_linker_lexicon",
    "negated",
    "plain",
]

NOMINAL_POS = frozenset({"NOUN", "PROPN"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
HYPHENS = frozenset({"-", "‐", "‑", "–"})
MODIFIER_KINDS = frozenset({"country", "seat", "igo", "region", "organisation", "group", "person"})

LEXICON_FILE = Path(__file__).resolve().parent / "data" / "linking.yaml"


class LinkerDataError(ValueError):
    """The linker's word list is malformed; the message names the file and the field."""


class LinkerLexicon(BaseModel):
    """The linker's word lists (see ``data/linking.yaml`` for what each one is for)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_pronouns: frozenset[str]
    locative_prepositions: frozenset[str]
    agent_nouns: frozenset[str]
    possession_nouns: frozenset[str]
    negating_prefixes: frozenset[str]
    ethnic_markers: frozenset[str]
    compass_words: frozenset[str]
    local_sectors: frozenset[str]
    hyphen_keeps: frozenset[str]
    description_roles: frozenset[str]
    generic_roles: frozenset[str]
    group_numbers: dict[str, int]
    group_person_nouns: frozenset[str]
    group_state_nouns: frozenset[str]
    bare_group_nouns: frozenset[str]
    plural_pronouns: frozenset[str]

    @field_validator(
        "person_pronouns",
        "locative_prepositions",
        "agent_nouns",
        "possession_nouns",
        "negating_prefixes",
        "ethnic_markers",
        "compass_words",
        "hyphen_keeps",
        "description_roles",
        "generic_roles",
        "group_person_nouns",
        "group_state_nouns",
        "bare_group_nouns",
        "plural_pronouns",
        mode="before",
    )
    @classmethod
    def _lower_words(cls, value: Any) -> Any:
        if isinstance(value, list):
            words = [str(word).strip().lower() for word in value]
            if any(not word for word in words):
                raise ValueError("blank word in list")
            return words
        return value

    @field_validator("local_sectors", mode="before")
    @classmethod
    def _upper_codes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(code).strip().upper() for code in value]
        return value

    @field_validator("group_numbers", mode="before")
    @classmethod
    def _lower_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key).strip().lower(): number for key, number in value.items()}
        return value


def load_linker_lexicon(path: Path | None = None) -> LinkerLexicon:
    """Read and check the linker's word lists; an analyst's copy may be passed instead."""
    where = path or LEXICON_FILE
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LinkerDataError(f"{where}: cannot read: {exc}") from exc
    try:
        return LinkerLexicon.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}"
            for err in exc.errors()
        )
        raise LinkerDataError(f"{where}: {problems}") from exc


@dataclass
class Claim:
    """A mention under construction: token span, resolution, and the rule that made it."""

    start: int
    end: int
    label: str | None
    code: str | None = None
    sector: str | None = None
    actor_id: str | None = None
    name: str | None = None
    kind: str | None = None
    igo: str | None = None
    method: str = "unresolved"
    antecedent: int | None = None  # token index of the claim this one points back to
    title: str | None = None  # the office or role noun the mention carries, for descriptions
    name_start: int | None = None  # where a person's own name begins, after any title

    @property
    def is_person(self) -> bool:
        return self.label == "PERSON" or self.kind == "person"

    def adopt(self, other: Claim, *, method: str) -> None:
        """Take another claim's resolution, as coreference does, and point back to it."""
        self.code, self.sector = other.code, other.sector
        self.actor_id, self.name, self.kind, self.igo = (
            other.actor_id,
            other.name,
            other.kind,
            other.igo,
        )
        if self.title is None:
            self.title = other.title
        self.method = method
        self.antecedent = other.start


class SentenceIndex:
    """Which sentence a token is in, without walking ``doc.sents`` for every question."""

    def __init__(self, doc: Doc) -> None:
        self.sents: list[Span] = list(doc.sents)
        self._starts = [sent.start for sent in self.sents]

    def of(self, token_index: int) -> int:
        return max(bisect_right(self._starts, token_index) - 1, 0)

    def start_of(self, sentence: int) -> int:
        return self._starts[max(sentence, 0)] if self._starts else 0


@dataclass
class Atom:
    """A knowledge-base name or a nationality word found in the text."""

    start: int
    end: int
    results: list[Resolution]
    demonym: str | None  # the code, when the words are a nationality ("Russian")
    res: Resolution | None = None  # the reading chosen for a name
    place: bool = False  # a seat or region used as where, not who
    person_like: bool = False  # an ambiguous name that is someone's name in this document
    used: bool = False

    @property
    def modifier_code(self) -> str | None:
        """The code the atom gives a role it modifies ("Russian troops", "NATO chief")."""
        if self.res is not None and self.res.kind in MODIFIER_KINDS and not self.place:
            return self.res.code
        return self.demonym


@dataclass
class DocView:
    """One document while it is being linked: atoms, entities and what is claimed."""

    doc: Doc
    sentences: SentenceIndex
    atoms: list[Atom] = field(default_factory=list)
    atom_of: list[Atom | None] = field(default_factory=list)
    ent_of: list[Span | None] = field(default_factory=list)
    taken: list[bool] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    pending: list[Claim] = field(default_factory=list)  # bare descriptions for coreference
    cues: dict[str, list[int]] = field(default_factory=dict)  # Matcher label -> token indices

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        view = cls(
            doc=doc,
            sentences=SentenceIndex(doc),
            atom_of=[None] * len(doc),
            ent_of=[None] * len(doc),
            taken=[False] * len(doc),
        )
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                view.ent_of[i] = ent
        return view

    def take(self, claim: Claim) -> bool:
        """Add a claim if none of its tokens is claimed yet; whether it was added."""
        if any(self.taken[claim.start : claim.end]):
            return False
        for i in range(claim.start, claim.end):
            self.taken[i] = True
        self.claims.append(claim)
        return True

    def claim(self, claim: Claim, atoms: Sequence[Atom]) -> None:
        """Take a claim and mark the atoms it was read from as used."""
        if self.take(claim):
            for atom in atoms:
                atom.used = True

    def atom_at(self, start: int) -> Atom | None:
        atom = self.atom_of[start] if 0 <= start < len(self.atom_of) else None
        return atom if atom is not None and atom.start == start else None

    def atom_ending(self, last: int) -> Atom | None:
        atom = self.atom_of[last] if 0 <= last < len(self.atom_of) else None
        return atom if atom is not None and atom.end == last + 1 else None


def plain(results: Sequence[Resolution]) -> bool:
    """Whether a lookup needs no context: no result is flagged ambiguous."""
    return not any(r.ambiguous for r in results)


def atom_code(atom: Atom) -> str | None:
    return atom.res.code if atom.res is not None else atom.demonym


def negated(doc: Doc, atom: Atom, lexicon: LinkerLexicon) -> bool:
    """ "anti-Syria", "pro-Western": what the actor is against or for, not who it is."""
    return (
        atom.start >= 2
        and doc[atom.start - 1].text in HYPHENS
        and doc[atom.start - 2].lower_ in lexicon.negating_prefixes
    )


def claim_from(res: Resolution, start: int, end: int, label: str, *, method: str) -> Claim:
    """A claim carrying a knowledge-base resolution."""
    return Claim(
        start=start,
        end=end,
        label=label,
        code=res.code,
        sector=res.sector,
        actor_id=res.actor_id,
        name=res.name,
        kind=res.kind,
        igo=res.igo,
        method=method,
        title=res.role,
    )
