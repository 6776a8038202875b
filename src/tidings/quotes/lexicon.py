"""The cue lexicon: the words that signal quotes, reported speech and hedged claims.

Linguistic knowledge lives in ``cues.yaml`` rather than in code so that an analyst can add a
reporting verb or a hedge without reading the extractor. The loader checks the file against
a small schema and names the offending entry, because a typo in a data file should fail
loudly at start-up rather than silently stop a cue from matching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from tidings.errors import DataFileError

SCHEMA = "tidings.quote-cues/1"
DEFAULT_PATH = Path(__file__).with_name("cues.yaml")

# Where a verb's reported content can sit; the extractor knows how to read each of these.
CONTENT_PATTERNS: frozenset[str] = frozenset(
    {
        "ccomp",
        "xcomp",
        "obj+xcomp",
        "obj+of",
        "obj+oprd",
        "obj+as",
        "of",
        "for",
        "dobj",
        "on+xcomp",
        "about",
    }
)
ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_TOP_KEYS = frozenset(
    {
        "schema",
        "stances",
        "hedging_stances",
        "non_claim_stances",
        "verbs",
        "phrases",
        "passive_hedges",
        "adverb_hedges",
        "adjective_hedges",
        "nouns",
        "pronouns",
        "non_speakers",
        "person_nouns",
        "source_nouns",
        "speaker_suffixes",
    }
)
_MIN_STEM = 3
_VERB_KEYS = frozenset({"stance", "content", "speech"})


class CueLexiconError(DataFileError):
    """The cue lexicon file does not follow its schema; the message names the entry to fix."""


@dataclass(frozen=True)
class VerbCue:
    """A reporting or thinking verb, with where its content sits."""

    lemma: str
    stance: str
    content: tuple[str, ...] = ("ccomp",)
    speech: bool = True
    particle: str | None = None  # the second word of "point out", "call for"

    @property
    def frame_only(self) -> bool:
        """A verb that introduces quoted words but never carries indirect content itself."""
        return not self.content


@dataclass(frozen=True)
class CueLexicon:
    """Every cue the quote stage knows, ready for lookups by lemma."""

    stances: frozenset[str]
    hedging_stances: frozenset[str]
    non_claim_stances: frozenset[str]
    verbs: Mapping[str, VerbCue]
    phrasal: Mapping[str, Mapping[str, VerbCue]]  # verb lemma -> particle -> cue
    phrases: Mapping[str, str]  # "according to" -> stance
    passive_hedges: frozenset[str]
    adverb_hedges: frozenset[str]
    adjective_hedges: frozenset[str]
    nouns: Mapping[str, str]
    pronouns: Mapping[str, frozenset[str]]
    non_speakers: frozenset[str]
    person_nouns: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    speaker_suffixes: tuple[str, ...] = ()
    source: str = field(default="<memory>")

    def verb(self, lemma: str, *, particle: str | None = None) -> VerbCue | None:
        """The cue for a verb lemma; a phrasal entry wins when its particle is present."""
        key = lemma.lower()
        if particle is not None:
            phrasal = self.phrasal.get(key, {}).get(particle.lower())
            if phrasal is not None:
                return phrasal
        return self.verbs.get(key)

    def particles(self, lemma: str) -> frozenset[str]:
        """The particles that make a phrasal cue of this verb ("out" for "point")."""
        return frozenset(self.phrasal.get(lemma.lower(), {}))

    def can_speak(self, lemma: str) -> bool:
        """Whether a common noun can name the source of reported speech (see ``cues.yaml``)."""
        word = lemma.lower()
        if word in self.person_nouns or word in self.source_nouns:
            return True
        if word in self.non_speakers or not word.isalpha():
            return False
        return any(
            word.endswith(end) and len(word) - len(end) >= _MIN_STEM
            for end in self.speaker_suffixes
        )

    def is_hedging(self, stance: str | None) -> bool:
        return stance in self.hedging_stances

    def asserts(self, stance: str | None) -> bool:
        """Whether speech of this stance states something that can be true or false."""
        return stance not in self.non_claim_stances


def load_cue_lexicon(path: Path | None = None) -> CueLexicon:
    """Read and check a cue lexicon; the built-in ``cues.yaml`` when no path is given."""
    source = path or DEFAULT_PATH
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CueLexiconError(f"cannot read cue lexicon {source}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CueLexiconError(f"{source} is not valid YAML: {exc}") from exc
    return parse_cue_lexicon(raw, source=str(source))


def parse_cue_lexicon(raw: object, *, source: str = "<memory>") -> CueLexicon:
    """Build a lexicon from already-parsed YAML, checking every entry against the schema."""
    data = _mapping(raw, "the file", source)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        _fail(source, f"unknown top-level keys {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    if data.get("schema") != SCHEMA:
        _fail(source, f"schema must be {SCHEMA!r}, found {data.get('schema')!r}")
    stances = frozenset(_mapping(data.get("stances"), "stances", source))
    if not stances:
        _fail(source, "stances is empty: name at least one stance")
    hedging = frozenset(_words(data.get("hedging_stances", []), "hedging_stances", source))
    _known(hedging, stances, "hedging_stances", source)
    non_claim = frozenset(_words(data.get("non_claim_stances", []), "non_claim_stances", source))
    _known(non_claim, stances, "non_claim_stances", source)

    verbs: dict[str, VerbCue] = {}
    phrasal: dict[str, dict[str, VerbCue]] = {}
    for name, spec in _mapping(data.get("verbs"), "verbs", source).items():
        cue = _verb(str(name), spec, stances, source)
        if cue.particle is None:
            verbs[cue.lemma] = cue
        else:
            phrasal.setdefault(cue.lemma, {})[cue.particle] = cue

    phrases: dict[str, str] = {}
    for name, spec in _mapping(data.get("phrases", {}), "phrases", source).items():
        entry = _mapping(spec, f"phrases.{name}", source)
        stance = entry.get("stance")
        if stance not in stances:
            _fail(source, f"phrases.{name}: stance {stance!r} is not one of {sorted(stances)}")
        phrases[str(name).lower()] = str(stance)

    nouns: dict[str, str] = {}
    for name, stance in _mapping(data.get("nouns", {}), "nouns", source).items():
        if stance not in stances:
            _fail(source, f"nouns.{name}: stance {stance!r} is not one of {sorted(stances)}")
        nouns[str(name).lower()] = str(stance)

    pronouns: dict[str, frozenset[str]] = {}
    for name, labels in _mapping(data.get("pronouns", {}), "pronouns", source).items():
        found = frozenset(_words(labels, f"pronouns.{name}", source, lower=False))
        _known(found, ENTITY_LABELS, f"pronouns.{name}", source)
        pronouns[str(name).lower()] = found

    return CueLexicon(
        stances=stances,
        hedging_stances=hedging,
        non_claim_stances=non_claim,
        verbs=verbs,
        phrasal=phrasal,
        phrases=phrases,
        passive_hedges=frozenset(_words(data.get("passive_hedges", []), "passive_hedges", source)),
        adverb_hedges=frozenset(_words(data.get("adverb_hedges", []), "adverb_hedges", source)),
        adjective_hedges=frozenset(
            _words(data.get("adjective_hedges", []), "adjective_hedges", source)
        ),
        nouns=nouns,
        pronouns=pronouns,
        non_speakers=frozenset(_words(data.get("non_speakers", []), "non_speakers", source)),
        person_nouns=frozenset(_words(data.get("person_nouns", []), "person_nouns", source)),
        source_nouns=frozenset(_words(data.get("source_nouns", []), "source_nouns", source)),
        speaker_suffixes=tuple(
            _words(data.get("speaker_suffixes", []), "speaker_suffixes", source)
        ),
        source=source,
    )


def _verb(name: str, spec: object, stances: frozenset[str], source: str) -> VerbCue:
    entry = _mapping(spec, f"verbs.{name}", source)
    unknown = set(entry) - _VERB_KEYS
    if unknown:
        _fail(source, f"verbs.{name}: unknown keys {sorted(unknown)}; allowed {sorted(_VERB_KEYS)}")
    stance = entry.get("stance")
    if stance not in stances:
        _fail(source, f"verbs.{name}: stance {stance!r} is not one of {sorted(stances)}")
    content = tuple(_words(entry.get("content", ["ccomp"]), f"verbs.{name}.content", source))
    _known(frozenset(content), CONTENT_PATTERNS, f"verbs.{name}.content", source)
    speech = entry.get("speech", True)
    if not isinstance(speech, bool):
        _fail(source, f"verbs.{name}.speech must be true or false, found {speech!r}")
    words = name.lower().split()
    if len(words) not in (1, 2):
        _fail(source, f"verbs.{name}: a cue is one verb, optionally with one particle")
    particle = words[1] if len(words) == 2 else None
    return VerbCue(
        lemma=words[0], stance=str(stance), content=content, speech=speech, particle=particle
    )


def _mapping(value: object, where: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(source, f"{where} must be a mapping, found {type(value).__name__}")
    return {str(k): v for k, v in value.items()}


def _words(value: object, where: str, source: str, *, lower: bool = True) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(source, f"{where} must be a list of non-empty strings")
    return [v.strip().lower() if lower else v.strip() for v in value]


def _known(found: frozenset[str], allowed: frozenset[str], where: str, source: str) -> None:
    wrong = sorted(found - allowed)
    if wrong:
        _fail(source, f"{where}: {wrong} not allowed; use one of {sorted(allowed)}")


def _fail(source: str, problem: str) -> NoReturn:
    raise CueLexiconError(f"cue lexicon {source}: {problem}")
