"""Role phrases: who a role noun names, from the words around it.

"Russian President Vladimir Putin", "China's special envoy Zhai Jun", "Israeli troops",
"NATO chief", "King Hassan of Morocco", "demonstrators in Baghdad": a role noun (from the
knowledge base's role nouns and titles) with a country, body or person before it (a
nationality, a possessive, a name used as a modifier), or after it ("of", "from", and for
locals "in"), and an optional person's name right after it. The code comes from the
modifier, the sector from the role noun, and a named person in the knowledge base keeps
their own resolution. A singular definite role with no name ("the Russian leader", "the
president") is marked as a description for coreference to name, or the date to fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from tidings.kb import KnowledgeBase, Resolution
from tidings.nlp.linking import (
    HYPHENS,
    NOMINAL_POS,
    PLURAL_TAGS,
    Atom,
    Claim,
    DocView,
    LinkerLexicon,
    atom_code,
    claim_from,
    negated,
    plain,
)

__all__ = ["RolePhrases"]

INDEFINITE = frozenset({"a", "an", "one", "another", "some", "any", "several", "many", "two"})
OWN_SECTOR_KINDS = frozenset({"seat", "igo", "organisation", "group"})
MAX_MODIFIER_WORDS = 4  # "Bangladeshi peacekeeping troops", "Israeli intelligence officials"
MAX_ROLE_WORDS = 4  # "chairman of the joint chiefs", "Secretary - General"
_CACHE_LIMIT = 50_000


@dataclass
class _Modifiers:
    atoms: list[Atom]  # nearest first; more than one when coordinated
    start: int  # first token of the modified phrase
    blocked: bool = False  # "Russian-backed": a nationality that is not the actor
    ethnic: bool = False  # "ethnic Albanian": a people, whose country the place decides


class RolePhrases:
    """The role-phrase pass, built once per knowledge base (it caches role-noun lookups)."""

    def __init__(
        self, kb: KnowledgeBase, lexicon: LinkerLexicon, *, offices: frozenset[str]
    ) -> None:
        self.kb = kb
        self.lexicon = lexicon
        self.offices = offices
        self._roles: dict[str, str | None] = {}
        self._titles: dict[str, str] = {}

    def _title(self, phrase: str) -> str:
        if phrase not in self._titles:
            if len(self._titles) > _CACHE_LIMIT:
                self._titles.clear()
            self._titles[phrase] = self.kb.canonical_title(phrase)
        return self._titles[phrase]

    def _role_sector(self, phrase: str) -> str | None:
        if phrase not in self._roles:
            if len(self._roles) > _CACHE_LIMIT:
                self._roles.clear()
            self._roles[phrase] = self.kb.role_sector(phrase)
        return self._roles[phrase]

    def find(self, view: DocView, published: date | None) -> None:
        """Claim every role phrase in the document (pass 2 of the linker)."""
        doc = view.doc
        for i in view.cues.get("NOMINAL", []):  # nouns, and "general" in "secretary-general"
            if not view.taken[i] and view.atom_of[i] is None:
                self._role_phrase(view, doc[i], published)

    def _role_phrase(self, view: DocView, head: Token, published: date | None) -> None:
        doc = view.doc
        sector = self._head_sector(doc, head)
        if sector is None:
            return
        title, title_start = self._office(view, head)
        mods = self._modifiers(view, title_start)
        if mods.blocked:
            return
        role_end = head.i + 1
        plural = head.tag_ in PLURAL_TAGS
        named = self._name_after(view, role_end, head)
        end = named[0] if named is not None else role_end
        if named is not None and not plural and len(mods.atoms) > 1:
            # "between Syria and Palestinian leader Yasser Arafat": one named person has one
            # nationality here, so the words before the "and" are a party of their own.
            mods.atoms = mods.atoms[:1]
        code_atom = mods.atoms[0] if mods.atoms and not mods.ethnic else None
        start = mods.start if mods.atoms else title_start
        if code_atom is None:  # "King Hassan of Morocco", "demonstrators in Baghdad"
            after = self.place_after(
                view, end, local=plural and sector in self.lexicon.local_sectors
            )
            if after is not None:
                code_atom, end = after, after.end
        kb_person = named[1] if named is not None else None
        if kb_person is not None and kb_person.res is not None:
            claim = claim_from(kb_person.res, start, end, "PERSON", method="kb-alias")
            claim.title, claim.name_start = title or claim.title, kb_person.start
            self.role_in_text(view.doc, claim, published)
            view.claim(claim, [*mods.atoms, kb_person])
            return
        if code_atom is None:
            if named is not None:  # "President Abdelaziz Bouteflika": a title, no country
                claim = Claim(start=title_start, end=end, label="PERSON", title=title or None)
                claim.name_start = role_end
                view.claim(claim, [])
            elif not plural and not mods.atoms and self._describes(doc, head, title):
                the = _the_before(doc, title_start)
                if the is not None:  # "the president": coreference says who, or nothing
                    view.pending.append(
                        Claim(
                            start=the,
                            end=role_end,
                            label="ROLE",
                            sector=sector,
                            title=title or self.kb.canonical_title(head.lemma_),
                            method="description",
                        )
                    )
            return
        res = code_atom.res
        claim = Claim(start=start, end=end, label="ROLE", code=atom_code(code_atom))
        claim.sector = _sector_for(res, sector)
        claim.igo = res.igo if res is not None else None
        claim.title = title or (self.kb.canonical_title(head.lemma_) if not plural else None)
        claim.method = "role"
        if named is not None:
            claim.label, claim.method, claim.name_start = "PERSON", "role+name", role_end
            claim.kind = "person"
        elif not plural and not _indefinite(doc, start) and self._describes(doc, head, title):
            claim.method = "description"  # coreference or the date may name who it is
            if start > 0 and doc[start - 1].lower_ == "the":
                claim.start = start - 1
        view.claim(claim, [*mods.atoms[:1], code_atom])
        if mods.ethnic:
            return
        for other in mods.atoms[1:]:  # "Hungarian and Romanian officials"
            conjunct = Claim(
                start=other.start,
                end=other.end,
                label="ROLE",
                code=other.modifier_code,
                sector=claim.sector,
                method="role",
            )
            view.claim(conjunct, [other])

    def place_after(self, view: DocView, at: int, *, local: bool) -> Atom | None:
        """The actor a phrase after a role names: "of France", "from Chad", "in Baghdad".

        "of" takes any actor ("leader of Hamas"); "from" a country or its capital (where
        people come from); "in" the same, but only for people who are locals where they are
        (protesters, rebels, police), since "diplomats in Beijing" are seldom Chinese.
        """
        doc = view.doc
        if at >= len(doc):
            return None
        prep = doc[at].lower_
        if prep not in {"of", "from"} and not (prep == "in" and local):
            return None
        i = at + 1
        skip = self.lexicon.compass_words
        while i < len(doc) and (doc[i].lower_ == "the" or doc[i].lower_ in skip):
            i += 1
        atom = view.atom_at(i)
        if atom is None or atom.used or atom.res is None or atom.res.kind == "person":
            return None
        if atom.end < len(doc) and doc[atom.end].pos_ in NOMINAL_POS:
            return None  # "bombers of the U.S. airliner": the name modifies another noun
        if prep == "of":
            return atom
        if atom.res.kind in {"country", "seat"} and plain(atom.results):
            return atom
        return None

    def role_in_text(self, doc: Doc, claim: Claim, published: date | None) -> None:
        """A title in the words decides between a person's roles when the date does not.

        Undated, "NATO chief Jens Stoltenberg" is NATO's secretary general, not the office
        he holds today; dated, a role the text names wins only if it applied that day.
        """
        if claim.kind != "person" or claim.actor_id is None or claim.end - claim.start < 2:
            return
        actor = self.kb.actors.get(claim.actor_id)
        if actor is None or not actor.roles:
            return
        named = set()
        stop = claim.name_start if claim.name_start is not None else claim.end
        for start in range(claim.start, stop):
            for end in range(start + 1, min(start + MAX_ROLE_WORDS, stop) + 1):
                title = self.kb.canonical_title(doc[start:end].text)
                if title in self.offices:
                    named.add(title)
        roles = [
            role
            for role in actor.roles
            if self.kb.canonical_title(role.title) in named
            and (published is None or role.applies(published))
        ]
        if roles:
            role = max(roles, key=lambda r: r.start or date.min)
            claim.code, claim.sector, claim.igo = role.code, role.sector, role.igo
            claim.title = self.kb.canonical_title(role.title)

    def _head_sector(self, doc: Doc, head: Token) -> str | None:
        """The sector of the longest role noun phrase ending at ``head`` ("rebel leader")."""
        lower, lemma = head.lower_, head.lemma_.lower()
        first = head.i
        while first > 0 and head.i - first < MAX_ROLE_WORDS - 1:
            prev = doc[first - 1]
            inner = prev.lower_ in {"of", "the"} and first - 1 > 0  # "secretary of state"
            if prev.pos_ not in {"NOUN", "ADJ", "PROPN"} and prev.text not in HYPHENS and not inner:
                break
            first -= 1
        # the knowledge base tries shorter tails itself: "senior rebel leader" -> "rebel leader"
        prefix = doc[first : head.i].text
        for last in (lower, lemma):
            sector = self._role_sector(f"{prefix} {last}" if prefix else last)
            if sector is not None:
                return sector
        return None

    def _office(self, view: DocView, head: Token) -> tuple[str | None, int]:
        """The office a phrase ending at ``head`` names ("Foreign Minister", "NATO chief")."""
        doc = view.doc
        for start in range(max(head.i - MAX_ROLE_WORDS + 1, 0), head.i + 1):
            if doc[start].pos_ in {"DET", "PRON", "VERB", "AUX", "NUM", "PUNCT"}:
                continue
            prefix = doc[start : head.i].text
            title = self._title(f"{prefix} {head.text}" if prefix else head.text)
            if title not in self.offices:
                title = self._title(f"{prefix} {head.lemma_}" if prefix else head.lemma_)
            if title in self.offices:
                atom = view.atom_of[start]
                if atom is not None and atom.start < start:
                    continue
                return title, start
        return None, head.i

    def _describes(self, doc: Doc, head: Token, title: str | None) -> bool:
        """Whether a singular role can stand for one person named earlier ("the leader")."""
        return title in self.offices or head.lemma_.lower() in self.lexicon.description_roles

    def _modifiers(self, view: DocView, role_start: int) -> _Modifiers:
        """The country or actor words before a role: "Russian", "China's", "U.S. and Russian"."""
        doc = view.doc
        office_atom = view.atom_at(role_start)
        if office_atom is not None and office_atom.modifier_code:  # "NATO chief"
            return _Modifiers(atoms=[office_atom], start=role_start)
        i = role_start - 1
        words = 0
        possessive = False
        while i >= 0:
            token = doc[i]
            atom = view.atom_ending(i)
            if atom is not None and not atom.used and atom.modifier_code is not None:
                return self._modifier_atoms(view, atom)
            if atom is not None:
                break
            if token.tag_ == "POS" and not possessive and i > 0:
                possessive = True
                i -= 1
                continue
            if possessive:
                break
            if token.text in HYPHENS:
                if doc[i + 1].lower_ not in self.lexicon.hyphen_keeps:
                    return _Modifiers(atoms=[], start=role_start, blocked=True)
                i -= 1
                continue
            if words >= MAX_MODIFIER_WORDS or view.taken[i]:
                break
            if token.pos_ in {"ADJ", "NOUN", "PROPN"} or token.tag_ in {"VBN", "VBG"}:
                if token.ent_type_ in {"PERSON", "DATE", "TIME", "CARDINAL"}:
                    break
                words += 1
                i -= 1
                continue
            break
        return _Modifiers(atoms=[], start=role_start)

    def _modifier_atoms(self, view: DocView, atom: Atom) -> _Modifiers:
        """The modifier found before a role, with any coordinated ones before it."""
        doc = view.doc
        if negated(doc, atom, self.lexicon):
            return _Modifiers(atoms=[], start=atom.start, blocked=True)  # "anti-Syria"
        ethnic = atom.start >= 1 and doc[atom.start - 1].lower_ in self.lexicon.ethnic_markers
        atoms = [atom]
        j = atom.start - 1
        while j >= 1 and doc[j].lower_ in {"and", ",", "or"}:
            other = view.atom_ending(j - 1)
            if other is None or other.used or other.modifier_code is None:
                break
            if doc[j].text == "," and (other.demonym is None or atom.demonym is None):
                break  # "its border with Bulgaria, Macedonian officials said"
            if other.demonym is None and (other.res is None or other.res.kind != "country"):
                break
            atoms.append(other)
            j = other.start - 1
        start = atom.start - 1 if ethnic else atom.start
        return _Modifiers(atoms=atoms, start=start, ethnic=ethnic)

    def _name_after(self, view: DocView, at: int, head: Token) -> tuple[int, Atom | None] | None:
        """A person's name right after a role ("President Vladimir Putin"): end and KB atom."""
        doc = view.doc
        if at >= len(doc) or view.taken[at]:
            return None
        atom = view.atom_at(at)
        if atom is not None:
            if atom.res is not None and atom.res.kind == "person":
                return atom.end, atom
            return None
        ent = view.ent_of[at]
        if ent is not None and ent.label_ == "PERSON":
            end = ent.end
            if any(view.atom_of[i] is not None for i in range(at, end)):
                return None
            if doc[end - 1].tag_ == "POS":
                end -= 1
            return (end, None) if end > at else None
        if not head.text[:1].isupper():
            return None
        end = at
        while end < len(doc) and end - at < 4 and _bare_name_word(doc[end], view):
            end += 1
        return (end, None) if end > at else None


# -- helpers ------------------------------------------------------------------------------


def _determiner(doc: Doc, start: int) -> Token | None:
    """The determiner of the phrase starting at ``start``, past any adjectives."""
    i = start - 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return doc[i] if i >= 0 and doc[i].pos_ in {"DET", "NUM"} else None


def _the_before(doc: Doc, start: int) -> int | None:
    det = _determiner(doc, start)
    return det.i if det is not None and det.lower_ == "the" else None


def _indefinite(doc: Doc, start: int) -> bool:
    det = _determiner(doc, start)
    return det is not None and det.lower_ in INDEFINITE


def _bare_name_word(token: Token, view: DocView) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.ent_type_ in {"", "PERSON"}
        and view.atom_of[token.i] is None
        and not view.taken[token.i]
    )


def _sector_for(res: Resolution | None, role_sector: str) -> str:
    """A body's own sector beats a generic office word: "Hamas officials" are REB, not GOV."""
    if res is not None and res.kind in OWN_SECTOR_KINDS and res.sector and role_sector == "GOV":
        return res.sector
    return role_sector
