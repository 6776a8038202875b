"""The knowledge base object: indexes over loaded actors, and the questions a linker asks.

`KnowledgeBase` is built from ready data (see `load_knowledge_base` for the reading); its
constructor only indexes. It answers exact lookups: fuzzy matching, NER labels and context
are the linker's job, and the `ambiguous` flag tells the linker when it must use them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from tidings.kb.schema import KBActor, Resolution, Role

FORMER_SECTOR = "ELI"  # CAMEO's "elite": a former office-holder

# -- surface forms to keys --------------------------------------------------------------
#
# News spells one actor many ways: "the Kremlin's", "Kremlin", "al-Qaeda", "Al Qaeda",
# "Türkiye", "Turkiye", "U.S.", "US". Names and lookups go through the same `lookup_key`,
# so an alias written once in a data file matches all of these.
#
# Case is ignored except for acronyms, because lower-case "us", "who" and "un" are common
# words: an all-capitals alias of up to three letters ("US", "WHO", "UN") only matches
# all-capitals text, while a longer one also matches title case, the house style of some
# papers ("Nato", "Opec", "Unicef").

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
# Letters that NFKD does not take apart but that news writes both ways ("Støre", "Wałęsa").
_FOLD_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "ı": "i",
    }
)
_DASHES = re.compile(r"[\-‐‑‒–—―/]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_EDGE_PUNCT = " \t\n\"'“”«»,;:!?()[]{}"

ACRONYM_MAX_STRICT = 3  # acronyms this short must be written in capitals to match


def _fold(text: str) -> str:
    """Letters without diacritics: "Türkiye" -> "Turkiye", "Støre" -> "Store"."""
    text = text.translate(_FOLD_LETTERS)
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _clean_once(text: str) -> str:
    if not text.isascii():  # most names are plain ASCII: skip the Unicode work for them
        text = _fold(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    text = text.strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "")
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCT)
    return _LEADING_THE.sub("", text)


def clean(text: str) -> str:
    """The form with typography, diacritics, a leading 'the' and a possessive taken off.

    Applied until nothing changes, so that "the the Kremlin's'" and "Kremlin" agree and a
    cleaned form cleans to itself.
    """
    previous = None
    while text != previous:
        previous, text = text, _clean_once(text)
    return text


def lookup_key(text: str) -> str:
    """The case-folded cleaned form: the key of every index in the knowledge base."""
    return _fold(clean(text).casefold())


def acronym_letters(cleaned: str) -> int:
    """How many letters a cleaned form has if it is an acronym ("NATO", "G7"); else 0."""
    if " " in cleaned or len(cleaned) > 8:
        return 0
    letters = [ch for ch in cleaned if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return 0
    if sum(ch.isalnum() for ch in cleaned) < 2:
        return 0
    return len(letters)


def case_allows(alias_acronym: int, text_cleaned: str) -> bool:
    """Whether text written this way may match an alias that is an acronym of n letters."""
    if not alias_acronym:
        return True
    if acronym_letters(text_cleaned):
        return True
    if alias_acronym <= ACRONYM_MAX_STRICT:
        return False
    return text_cleaned[:1].isupper()


def slugify(text: str) -> str:
    """An actor id from a name: lower-case ASCII words joined by hyphens."""
    ascii_text = clean(text).casefold().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def plural(noun: str) -> str:
    """The regular English plural of a noun phrase's last word ("foreign ministers")."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower.endswith("man") and lower not in {"german", "human", "roman"}:
        last = last[:-3] + "men"
    elif lower.endswith("y") and lower[-2:-1] not in set("aeiou"):
        last = last[:-1] + "ies"
    elif lower.endswith(("s", "sh", "ch", "x", "z")):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}" if head else last


def demonym_plural(word: str) -> str | None:
    """'Russian' -> 'Russians', 'Frenchman' -> 'Frenchmen'; None for 'Chinese', 'Swiss'."""
    lower = word.lower()
    if lower.endswith(("ese", "ss", "sh", "ch", "x", "z", "s")):
        return None
    if lower.endswith("man") and lower not in {"german", "roman", "oman"}:
        return word[:-3] + "men"
    return word + "s"


@dataclass(frozen=True)
class _Entry:
    """One surface form of one actor in the alias index."""

    actor_id: str
    form: str
    acronym: int  # letters if the form is an acronym, else 0
    is_name: bool
    ambiguous: bool


class KnowledgeBase:
    """Actors, demonyms, role nouns and titles, indexed for exact normalised lookup."""

    def __init__(
        self,
        actors: Mapping[str, KBActor],
        *,
        role_nouns: Mapping[str, str],
        titles: Mapping[str, str],
    ) -> None:
        self.actors: Mapping[str, KBActor] = MappingProxyType(dict(actors))
        self._role_nouns = dict(role_nouns)  # lookup key -> sector
        self._titles = dict(titles)  # lookup key -> canonical title
        self._index: dict[str, list[_Entry]] = {}
        self._demonyms: dict[str, str] = {}
        self._holders: dict[tuple[str, str], list[tuple[str, Role]]] = {}
        for actor in self.actors.values():
            self._index_actor(actor)

    def _index_actor(self, actor: KBActor) -> None:
        ambiguous_keys = {lookup_key(form) for form in actor.ambiguous_forms}
        whole = actor.ambiguous and not ambiguous_keys
        for form in actor.forms():
            cleaned = clean(form)
            key = cleaned.casefold()
            if not key:
                continue
            entries = self._index.setdefault(key, [])
            if any(entry.actor_id == actor.actor_id for entry in entries):
                continue
            entries.append(
                _Entry(
                    actor_id=actor.actor_id,
                    form=form,
                    acronym=acronym_letters(cleaned),
                    is_name=form == actor.name,
                    ambiguous=whole or key in ambiguous_keys,
                )
            )
        for word in actor.demonyms:
            for variant in (word, demonym_plural(word)):
                if variant:
                    self._demonyms.setdefault(lookup_key(variant), actor.code)
        for role in actor.roles:
            title = self.canonical_title(role.title)
            self._holders.setdefault((role.code, title), []).append((actor.actor_id, role))
            if role.igo and role.igo != role.code:  # ("NATO", "secretary general") too
                self._holders.setdefault((role.igo, title), []).append((actor.actor_id, role))

    # -- surface forms and lookup ------------------------------------------------------

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """(form as written, actor_id) for every name, alias and metonym.

        A form written with a leading "the" is also given without it, since news writes
        "Kremlin spokesman" as often as "the Kremlin". Compile a PhraseMatcher once from
        these; matching on lower case finds "us" for "US", so confirm with `lookup`.
        """
        for actor in self.actors.values():
            seen: set[str] = set()
            for form in actor.forms():
                variants = [form]
                if form.lower().startswith("the ") and len(form) > 4:
                    variants.append(form[4:])
                for variant in variants:
                    if variant not in seen:
                        seen.add(variant)
                        yield variant, actor.actor_id

    def _matches(self, text: str) -> list[_Entry]:
        cleaned = clean(text)
        entries = self._index.get(cleaned.casefold(), [])
        matched = [entry for entry in entries if case_allows(entry.acronym, cleaned)]
        return sorted(matched, key=lambda entry: not entry.is_name)

    def lookup(self, text: str, *, on: date | None = None) -> list[Resolution]:
        """Every actor that this text names exactly, resolved on a day.

        A person's code and sector come from the role they held on `on`; with no date,
        from a role still open (no end); with neither, from their own code and sector
        (for office-holders, ELI: a former leader). Several results, or a form marked
        ambiguous in the data, set `ambiguous` on every result.
        """
        matched = self._matches(text)
        results: list[Resolution] = []
        for entry in matched:
            actor = self.actors[entry.actor_id]
            code, sector, igo, role = self._resolve(actor, on)
            if code == "---":  # PETRARCH's null code: no coding on this day
                continue
            results.append(
                Resolution(
                    actor_id=actor.actor_id,
                    name=actor.name,
                    kind=actor.kind,
                    code=code,
                    sector=sector,
                    ambiguous=entry.ambiguous or len(matched) > 1,
                    igo=igo,
                    role=role,
                )
            )
        return results

    def _resolve(
        self, actor: KBActor, on: date | None
    ) -> tuple[str, str | None, str | None, str | None]:
        role = self.current_role(actor, on=on)
        if role is not None:
            return role.code, role.sector, role.igo, role.title
        if actor.roles and actor.kind == "person" and actor.sector is None:
            return actor.code, FORMER_SECTOR, actor.igo, None
        return actor.code, actor.sector, actor.igo, None

    @staticmethod
    def current_role(actor: KBActor, *, on: date | None = None) -> Role | None:
        """The role that applies on a day (or, undated, the latest still open), if any.

        Where two apply at once (party leader and president) the later-started one wins.
        """
        if on is None:
            candidates = [role for role in actor.roles if role.end is None]
        else:
            candidates = [role for role in actor.roles if role.applies(on)]
        if not candidates:
            return None
        return max(candidates, key=lambda role: role.start or date.min)

    # -- words ---------------------------------------------------------------------------

    def demonym(self, word: str) -> str | None:
        """The code a demonym or national adjective stands for: "Russians" -> "RUS"."""
        return self._demonyms.get(lookup_key(word))

    def role_sector(self, noun: str) -> str | None:
        """The sector a role noun names ("ministers", "foreign minister" -> GOV).

        A phrase not listed whole is tried without its first words, so "senior
        officials" and "Russian troops" fall back to "officials" and "troops".
        """
        words = lookup_key(noun).split()
        for start in range(len(words)):
            sector = self._role_nouns.get(" ".join(words[start:]))
            if sector is not None:
                return sector
        return None

    def canonical_title(self, title: str) -> str:
        """The title `role_holder` files a role under ("secretary of state" -> foreign minister)."""
        key = lookup_key(title)
        return self._titles.get(key, key)

    def role_holder(self, code: str, title: str, *, on: date) -> Resolution | None:
        """Who held an office on a day: ("USA", "president", 2019-06-01) -> Donald Trump.

        `code` may also be an IGO sub-code ("NATO", "UN"), since "IGO" alone names many
        bodies; several holders on one day (co-chairs, an acting stand-in) set `ambiguous`.
        """
        holders = self._holders.get((code, self.canonical_title(title)), [])
        current = [(actor_id, role) for actor_id, role in holders if role.applies(on)]
        if not current:
            return None
        actor_id, role = max(current, key=lambda pair: pair[1].start or date.min)
        actor = self.actors[actor_id]
        return Resolution(
            actor_id=actor_id,
            name=actor.name,
            kind=actor.kind,
            code=role.code,
            sector=role.sector,
            ambiguous=len(current) > 1,
            igo=role.igo,
            role=role.title,
        )

    # -- reporting -----------------------------------------------------------------------

    def explain(self, text: str, *, on: date | None = None) -> list[str]:
        """Readable lines on how a text resolves, for `tidings actors show`."""
        when = on.isoformat() if on else "no date (open roles count as current)"
        lines = [f"{text!r}: key {lookup_key(text)!r}, on {when}"]
        resolutions = {res.actor_id: res for res in self.lookup(text, on=on)}
        entries = self._index.get(lookup_key(text), [])
        for entry in entries:
            actor = self.actors[entry.actor_id]
            res = resolutions.get(entry.actor_id)
            if res is None:
                lines.append(f"  {actor.actor_id}: form {entry.form!r} not matched here")
                continue
            how = f"role '{res.role}'" if res.role else "own code"
            flag = " [ambiguous]" if res.ambiguous else ""
            igo = f" igo={res.igo}" if res.igo else ""
            lines.append(
                f"  {actor.actor_id}: {actor.name} ({actor.kind}) -> {res.code} "
                f"{res.sector or '-'}{igo} by {how}{flag}"
            )
            if actor.note:
                lines.append(f"    note: {actor.note}")
            for role in actor.roles:
                mark = "*" if res.role == role.title and self._open_on(role, on) else " "
                span = f"{role.start or '…'} to {role.end or 'open'}"
                lines.append(f"    {mark} {role.title}: {role.code} {role.sector or '-'} {span}")
        if not entries:
            lines.extend(self._explain_words(text))
        return lines

    @staticmethod
    def _open_on(role: Role, on: date | None) -> bool:
        return role.end is None if on is None else role.applies(on)

    def _explain_words(self, text: str) -> list[str]:
        words = text.split()
        for cut in range(len(words) - 1, 0, -1):
            code = self.demonym(" ".join(words[:cut]))
            sector = self.role_sector(" ".join(words[cut:]))
            if code or sector:
                head, tail = " ".join(words[:cut]), " ".join(words[cut:])
                return [
                    f"  no named actor; demonym {head!r} -> {code or '?'}, "
                    f"role noun {tail!r} -> {sector or '?'}"
                ]
        code, sector = self.demonym(text), self.role_sector(text)
        if code:
            return [f"  no named actor; demonym -> {code}"]
        if sector:
            return [f"  no named actor; role noun -> {sector}"]
        return ["  no match"]

    def stats(self) -> dict[str, int]:
        """Sizes of the knowledge base, for reports and `tidings actors stats`."""
        kinds: dict[str, int] = {}
        for actor in self.actors.values():
            kinds[actor.kind] = kinds.get(actor.kind, 0) + 1
        return {
            "actors": len(self.actors),
            "countries": kinds.get("country", 0),
            "seats": kinds.get("seat", 0),
            "regions": kinds.get("region", 0),
            "organisations": kinds.get("igo", 0) + kinds.get("organisation", 0),
            "igos": kinds.get("igo", 0),
            "groups": kinds.get("group", 0),
            "people": kinds.get("person", 0),
            "dated roles": sum(
                1
                for actor in self.actors.values()
                for role in actor.roles
                if role.start is not None or role.end is not None
            ),
            "role nouns": len(self._role_nouns),
            "demonyms": len(self._demonyms),
            "surface forms": sum(1 for _ in self.surface_forms()),
        }
