"""Loading the coder's linguistic knowledge: trigger rules, modality cues and the tables.

The knowledge lives in ``coding/data`` as YAML and CSV so that an analyst can extend it
without touching code. Every file is checked against a pydantic schema on load, and every
error names the file and the entry (a rule id, or a line number) with a code, because a
lexicon that half-loads codes silently wrong events.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from tidings.coding.crosswalk import (
    Crosswalk,
    IntensityTable,
    LexiconError,
    read_crosswalk,
    read_intensity,
)
from tidings.models import PLOVER_TYPES, PloverType, QuadClass

__all__ = [
    "DATA_DIR",
    "Cues",
    "Lexicon",
    "LexiconError",
    "RoleDefaults",
    "TriggerRule",
    "default_lexicon",
    "load_lexicon",
]

DATA_DIR = Path(__file__).parent / "data"
TRIGGERS_FILE = "triggers.yaml"
CUES_FILE = "cues.yaml"
CROSSWALK_FILE = "crosswalk.csv"
INTENSITY_FILE = "intensity.csv"

ROLE_PATTERN = (
    r"^(subj|agent|dobj|dative|poss|modifier|governor|between|comp|comp_subj|cond_subj|holder|owner"
    r"|despite|promisee|prep:[a-z]+|inner:[a-z]+)$"
)
Role = Annotated[str, StringConstraints(pattern=ROLE_PATTERN)]
Lemma = Annotated[str, StringConstraints(pattern=r"^[a-z'][a-z'-]*$")]
Pos = Literal["VERB", "NOUN", "ADJ"]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleDefaults(_Entry):
    source: tuple[Role, ...] = ()
    target: tuple[Role, ...] = ()


class TriggerRule(_Entry):
    """One trigger frame: the words, the syntax around them, and the event they signal."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*/(verb|noun|adj)$")]
    lemmas: tuple[Lemma, ...] = Field(min_length=1)
    pos: tuple[Pos, ...] = Field(min_length=1)
    type: PloverType
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    cameo: Annotated[str, StringConstraints(pattern=r"^\d{3,4}$")] | None = None
    particle: Lemma | None = None
    preps: tuple[Lemma, ...] = ()
    preps_not: tuple[Lemma, ...] = ()
    objects: tuple[Lemma, ...] = ()
    objects_not: tuple[Lemma, ...] = ()
    object_kind: Literal["any", "actor", "thing"] = "any"
    subjects: tuple[Lemma, ...] = ()
    subjects_not: tuple[Lemma, ...] = ()
    modifiers: tuple[Lemma, ...] = ()
    modifiers_not: tuple[Lemma, ...] = ()
    governors: tuple[Lemma, ...] = ()
    standalone: bool = True
    needs_complement: bool = False
    needs_event: bool = False
    needs_source: bool = False
    complement_aux: tuple[str, ...] = ()
    complements_not: tuple[Lemma, ...] = ()
    source: tuple[Role, ...] | None = None
    target: tuple[Role, ...] | None = None
    reciprocal: bool = False
    mutual_with: bool = False
    absorbs: bool = False
    absorbs_object: bool = False
    absorbs_purpose: bool = False
    conflict_type: PloverType | None = None
    stative: bool = False
    compound_role: Literal["source", "target", "destination"] = "source"
    place_target: Literal["none", "destination", "scene"] = "none"
    accuses_content: bool = False
    confidence: float = Field(default=0.7, ge=0, le=1)
    note: str | None = None

    _listify = field_validator(
        "lemmas", "pos", "contexts", "preps", "preps_not", "objects", "objects_not",
        "subjects", "subjects_not", "modifiers", "modifiers_not", "governors",
        "complement_aux", "complements_not", mode="before",
    )(_as_list)

    @property
    def specificity(self) -> int:
        """How many positive constraints the frame sets: the more, the more it is trusted."""
        constraints = (self.particle, self.preps, self.objects, self.subjects, self.modifiers,
                       self.governors, self.complement_aux)
        return sum(1 for c in constraints if c) + (self.object_kind != "any")


class Cues(_Entry):
    """Function words and frames for status, attribution and nominal arguments."""

    version: int = 1
    future_aux: tuple[str, ...]
    hypothetical_aux: tuple[str, ...]
    planning_verbs: tuple[Lemma, ...]
    planning_adjectives: tuple[Lemma, ...]
    planning_nouns: tuple[Lemma, ...] = ()
    doubt_adjectives: tuple[Lemma, ...] = ()
    negation_words: tuple[str, ...]
    conditional_marks: tuple[Lemma, ...]
    speech_verbs: tuple[Lemma, ...]
    factive_verbs: tuple[Lemma, ...]
    hedge_verbs: tuple[Lemma, ...]
    accusation_verbs: tuple[Lemma, ...]
    hedge_modifiers: tuple[Lemma, ...]
    hedge_adverbs: tuple[Lemma, ...]
    planned_modifiers: tuple[Lemma, ...]
    past_modifiers: tuple[Lemma, ...]
    light_verbs: tuple[Lemma, ...]
    subject_carriers: tuple[Lemma, ...]
    stative_carriers: tuple[Lemma, ...] = ()
    statement_nouns: tuple[Lemma, ...] = ()
    mediator_verbs: tuple[Lemma, ...]
    reaction_verbs: tuple[Lemma, ...]
    stance_prefixes: tuple[Lemma, ...]
    anaphoric_determiners: tuple[Lemma, ...]
    anaphoric_possessives: tuple[Lemma, ...]
    measure_nouns: tuple[Lemma, ...]
    intent_types: dict[PloverType, PloverType]
    offer_types: dict[PloverType, PloverType] = Field(default_factory=dict)
    refusal_types: dict[PloverType, PloverType]
    complement_modes: dict[PloverType, dict[str, str]]


class _TriggerFile(_Entry):
    version: int = Field(ge=1)
    defaults: dict[Pos, RoleDefaults]
    rules: list[dict[str, Any]]


@dataclass(frozen=True)
class Lexicon:
    """Everything the coder knows about words: rules, cues, crosswalk and scores."""

    version: int
    rules: tuple[TriggerRule, ...]
    defaults: Mapping[Pos, RoleDefaults]
    cues: Cues
    crosswalk: Crosswalk
    scores: IntensityTable
    sources: tuple[str, ...] = ()
    _by_lemma: dict[str, tuple[TriggerRule, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[TriggerRule]] = {}
        for rule in self.rules:
            for lemma in rule.lemmas:
                index.setdefault(lemma, []).append(rule)
        object.__setattr__(self, "_by_lemma", {k: tuple(v) for k, v in index.items()})

    def rules_for(self, lemma: str) -> tuple[TriggerRule, ...]:
        return self._by_lemma.get(lemma.lower(), ())

    def roles(self, rule: TriggerRule, pos: str) -> RoleDefaults:
        """The source and target roles of a rule, filled from the part-of-speech defaults."""
        defaults = cast(Mapping[str, RoleDefaults], self.defaults)
        default = defaults.get(pos) or RoleDefaults()
        return RoleDefaults(
            source=rule.source if rule.source is not None else default.source,
            target=rule.target if rule.target is not None else default.target,
        )

    def provenance(self, rule: TriggerRule) -> str:
        return f"lexicon:{rule.id}@v{self.version}"

    def cameo_for(self, type_: str, mode: str | None) -> tuple[str | None, QuadClass | None]:
        code, quad = self.crosswalk.cameo_for(type_, mode)
        return code, quad  # type: ignore[return-value]

    def intensity_for(self, type_: str, mode: str | None) -> float:
        return self.scores.intensity_for(type_, mode)

    def known_modes(self, type_: str) -> set[str]:
        return self.crosswalk.modes(type_) | self.scores.modes(type_)


class _WordLoader(yaml.SafeLoader):
    """YAML without the 1.1 habit of reading on/off/yes/no as booleans.

    A lexicon lists prepositions and particles ("call on", "call off"); only ``true`` and
    ``false`` may mean booleans here.
    """


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader)
    except OSError as exc:
        raise LexiconError("L001", path, None, f"cannot read the file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError("L001", path, None, f"not valid YAML: {exc}") from exc


def _problem(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error["loc"]) or "entry"
        parts.append(f"field '{location}': {error['msg']}")
    return "; ".join(parts)


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"#{index + 1} (id '{raw['id']}')"
    return f"#{index + 1}"


def read_rules(
    path: Path, *, crosswalk: Crosswalk, scores: IntensityTable
) -> tuple[int, dict[Pos, RoleDefaults], tuple[TriggerRule, ...]]:
    """Load and check the trigger file: schema, unique ids, and modes the tables know."""
    raw = _read_yaml(path)
    try:
        parsed = _TriggerFile.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError("L002", path, None, _problem(exc)) from exc
    rules: list[TriggerRule] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.rules):
        name = _entry_name(entry, index)
        try:
            rule = TriggerRule.model_validate(entry)
        except ValidationError as exc:
            raise LexiconError("L002", path, name, _problem(exc)) from exc
        if rule.id in seen:
            raise LexiconError("L003", path, name, f"duplicate id '{rule.id}'")
        seen.add(rule.id)
        known = crosswalk.modes(rule.type) | scores.modes(rule.type)
        if rule.mode is not None and rule.mode not in known:
            raise LexiconError(
                "L004", path, name,
                f"mode '{rule.mode}' is not a mode of {rule.type} in the crosswalk or the "
                f"intensity table (known: {', '.join(sorted(known)) or 'none'})",
            )
        rules.append(rule)
    return parsed.version, dict(parsed.defaults), tuple(rules)


def read_cues(path: Path, *, crosswalk: Crosswalk, scores: IntensityTable) -> Cues:
    raw = _read_yaml(path)
    try:
        cues = Cues.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError("L002", path, None, _problem(exc)) from exc
    for outer, table in cues.complement_modes.items():
        known = crosswalk.modes(outer) | scores.modes(outer)
        for key, mode in table.items():
            inner = key.split("/", 1)[0]
            if inner not in PLOVER_TYPES:
                raise LexiconError(
                    "L002", path, f"complement_modes.{outer}.{key}",
                    f"'{inner}' is not a PLOVER type",
                )
            if mode not in known:
                raise LexiconError(
                    "L004", path, f"complement_modes.{outer}.{key}",
                    f"mode '{mode}' is not a mode of {outer}",
                )
    return cues


def _pick(folder: Path | None, name: str) -> Path:
    if folder is not None and (folder / name).exists():
        return folder / name
    return DATA_DIR / name


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load the lexicon from a folder of data files, or from one trigger file.

    ``path`` may be a folder holding any of ``triggers.yaml``, ``cues.yaml``,
    ``crosswalk.csv`` and ``intensity.csv`` (files it lacks come from the built-in data),
    or a single trigger YAML file used with the built-in cues and tables. ``None`` loads
    the built-in lexicon.
    """
    folder: Path | None = None
    triggers_path = DATA_DIR / TRIGGERS_FILE
    if path is not None:
        path = Path(path)
        if path.is_dir():
            folder = path
            triggers_path = _pick(folder, TRIGGERS_FILE)
        elif path.exists():
            triggers_path = path
        else:
            raise LexiconError("L001", path, None, "no such file or folder")
    crosswalk_path = _pick(folder, CROSSWALK_FILE)
    intensity_path = _pick(folder, INTENSITY_FILE)
    cues_path = _pick(folder, CUES_FILE)
    crosswalk = read_crosswalk(crosswalk_path)
    scores = read_intensity(intensity_path)
    version, defaults, rules = read_rules(triggers_path, crosswalk=crosswalk, scores=scores)
    cues = read_cues(cues_path, crosswalk=crosswalk, scores=scores)
    sources = tuple(str(p) for p in (triggers_path, cues_path, crosswalk_path, intensity_path))
    return Lexicon(
        version=version,
        rules=rules,
        defaults=defaults,
        cues=cues,
        crosswalk=crosswalk,
        scores=scores,
        sources=sources,
    )


@cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon, loaded once per process for the module-level lookups."""
    return load_lexicon()
