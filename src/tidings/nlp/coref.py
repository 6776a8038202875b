"""Coreference inside one article, by rules an analyst can follow.

News names an actor in full once and then points back: by surname ("Zhai"), by description
("the Russian leader", "the president"), by a group ("the two leaders", "both countries")
and by pronoun ("he", "his"). Each rule here takes the mentions the name and role passes
made and either resolves a pointing phrase to an earlier mention (copying its code, sector
and actor, recording the ``antecedent``) or leaves it alone. Nothing is resolved by guessing:
a description with no compatible antecedent falls back to who held the office on the
article's date, and failing that keeps only what its own words say.

The rules, in the order they run:

0. *apposition*: "Kofi Annan, UN secretary-general": an unresolved person followed by a
   comma and a role with a country takes that role's code and sector.
1. *surname*: a person named again by part of their name ("Gabuev", "Zhai") is the person
   named in full earlier.
2. *description*: "the Russian leader" is the nearest earlier person of that country whose
   role fits ("leader" fits any office; "the president" needs a president); with no such
   person, "the US president" is whoever held that office on the publication date.
3. *group*: "the two leaders" is the two nearest distinct people named before; "both
   countries" the two nearest distinct countries. One mention is made per actor, all on
   the same words.
   A bare "the leaders" or "the countries" (no number) is the two to four distinct actors
   of that kind named in its own sentence before it, or failing that in the one or two
   sentences before; more or fewer, and it stays unlinked.
4. *pronoun*: "he"/"she" and their forms point to the nearest person in the same sentence
   before them, or else to the subject of the nearest earlier sentence that names a person
   (within two sentences), or else to the nearest person in that sentence.
5. *plural pronoun*: "they"/"their" point to the nearest subject made of several actors
   ("he and Putin", "China and Russia", "the two leaders"), in their own sentence before
   them or within two sentences back. A plural subject that is not such a coordination
   ("the talks", "Palestinians") ends the search: it is the likelier antecedent, and one
   the rules cannot code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pycountry
from spacy.tokens import Doc, Token

from tidings.kb import KnowledgeBase
from tidings.nlp.linking import Claim, DocView, LinkerLexicon, SentenceIndex

__all__ = ["Coreference"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUN_WINDOW = 2  # sentences before the pronoun's own that may hold its antecedent
DESCRIPTION_WINDOW = 12  # sentences back that a description may reach
STATE_KINDS = frozenset({"country", "seat"})
BARE_GROUP_SIZES = range(2, 5)  # how many actors a bare "the leaders" may stand for
COUNTRY_CODES = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}
PLURAL_TAGS = frozenset({"NNS", "NNPS"})


class Coreference:
    """The coreference rules, built once with the knowledge base for role-holder fallbacks."""

    def __init__(
        self, kb: KnowledgeBase, lexicon: LinkerLexicon, *, offices: frozenset[str]
    ) -> None:
        self.kb = kb
        self.lexicon = lexicon
        self.offices = offices

    def resolve(self, view: DocView, *, published: date | None) -> list[Claim]:
        """The view's claims with coreference applied, sorted by position.

        Reads ``view.cues`` (the token positions of pronouns, number words and proper
        nouns, found by the linker's Matcher) so that no rule walks every token.
        """
        doc, claims, taken, sentences = view.doc, view.claims, view.taken, view.sentences
        claims.sort(key=lambda c: c.start)
        self._appositions(doc, claims)
        self._surnames(doc, claims, taken, view.cues.get("PROPER", []))
        claims.sort(key=lambda c: c.start)
        self._descriptions(claims, view.pending, taken, sentences, published)
        claims.sort(key=lambda c: c.start)
        claims.extend(self._groups(doc, claims, taken, view.cues.get("NUMBER", [])))
        claims.extend(
            self._bare_groups(doc, claims, taken, sentences, view.cues.get("NOMINAL", []))
        )
        claims.sort(key=lambda c: c.start)
        self._pronouns(doc, claims, taken, sentences, view.cues.get("PRONOUN", []))
        claims.sort(key=lambda c: c.start)
        claims.extend(self._plurals(doc, claims, taken, sentences, view.cues.get("PLURAL", [])))
        claims.sort(key=lambda c: (c.start, c.antecedent or 0))
        return claims

    # -- appositions ----------------------------------------------------------------------

    @staticmethod
    def _appositions(doc: Doc, claims: list[Claim]) -> None:
        """ "Kofi Annan, UN secretary-general": a role right after a name describes the person."""
        ending = {claim.end: claim for claim in claims if claim.is_person}
        for claim in claims:
            if claim.code is None or claim.is_person or claim.label != "ROLE":
                continue
            i = claim.start - 1
            if i >= 0 and doc[i].lower_ in {"a", "an", "the"}:
                i -= 1
            person = ending.get(i)
            if i < 1 or doc[i].text != "," or person is None or person.code is not None:
                continue
            person.code, person.sector, person.igo = claim.code, claim.sector, claim.igo
            person.title = person.title or claim.title
            person.method = "apposition"

    # -- surnames -------------------------------------------------------------------------

    def _surnames(
        self, doc: Doc, claims: list[Claim], taken: list[bool], proper: Sequence[int]
    ) -> None:
        named: dict[str, Claim] = {}
        for claim in sorted(claims, key=lambda c: c.start):
            if claim.method.startswith("coref"):
                continue
            if not claim.is_person:
                # NER often tags a lone surname ORG or GPE ("Chemezov said"): an unresolved
                # one-word name that matches a person named before is that person
                if claim.code is None and claim.end - claim.start == 1:
                    earlier = named.get(doc[claim.start].text)
                    if earlier is not None:
                        claim.label = "PERSON"
                        claim.adopt(earlier, method="coref:surname")
                continue
            words = _name_words(doc, claim)
            earlier = _earlier_named(named, words, claim)
            if earlier is not None and claim.code is None and claim.actor_id is None:
                claim.adopt(earlier, method="coref:surname")
                continue
            if claim.code is not None or len(words) > 1:
                for word in words:
                    named.setdefault(word, claim)
        if not named:
            return
        for i in proper:
            token = doc[i]
            if taken[i] or token.ent_type_ not in {"", "PERSON"}:
                continue
            earlier = named.get(token.text)
            if earlier is None or earlier.start >= token.i:
                continue
            claim = Claim(start=token.i, end=token.i + 1, label="PERSON")
            claim.adopt(earlier, method="coref:surname")
            taken[token.i] = True
            claims.append(claim)

    # -- descriptions ---------------------------------------------------------------------

    def _descriptions(
        self,
        claims: list[Claim],
        pending: Sequence[Claim],
        taken: list[bool],
        sentences: SentenceIndex,
        published: date | None,
    ) -> None:
        described = [c for c in claims if c.method == "description"]
        for claim in sorted([*described, *pending], key=lambda c: c.start):
            bare = claim.code is None
            if bare and any(taken[claim.start : claim.end]):
                continue
            antecedent = self._described(claim, claims, sentences)
            if antecedent is not None:
                claim.adopt(antecedent, method="coref:description")
            elif not self._holder(claim, published):
                claim.method = "role"
                if bare:
                    continue
            if bare:
                taken[claim.start : claim.end] = [True] * (claim.end - claim.start)
                claims.append(claim)

    def _described(
        self, claim: Claim, claims: Sequence[Claim], sentences: SentenceIndex
    ) -> Claim | None:
        floor = sentences.start_of(sentences.of(claim.start) - DESCRIPTION_WINDOW)
        for earlier in reversed(claims):
            if earlier.start >= claim.start or earlier.start < floor:
                continue
            if not earlier.is_person or earlier.code is None or earlier is claim:
                continue
            if earlier.method == "coref:group":
                continue
            if claim.code is not None and earlier.code != claim.code:
                continue
            if self._fits(claim.title, earlier):
                return earlier
        return None

    def _fits(self, title: str | None, person: Claim) -> bool:
        """Whether a person can be described by a title ("leader" fits any office-holder)."""
        if title is None or title in self.lexicon.generic_roles:
            return person.sector in {"GOV", "MIL"} or person.title is not None
        return person.title is not None and self.kb.canonical_title(person.title) == title

    def _holder(self, claim: Claim, published: date | None) -> bool:
        if published is None or claim.code is None or claim.title not in self.offices:
            return False
        holder = self.kb.role_holder(claim.igo or claim.code, claim.title or "", on=published)
        if holder is None:
            return False
        claim.code, claim.sector = holder.code, holder.sector
        claim.actor_id, claim.name, claim.kind = holder.actor_id, holder.name, holder.kind
        claim.method = "role-holder"
        return True

    # -- groups ---------------------------------------------------------------------------

    def _groups(
        self, doc: Doc, claims: Sequence[Claim], taken: list[bool], numbers: Sequence[int]
    ) -> list[Claim]:
        made: list[Claim] = []
        for i in numbers:
            token = doc[i]
            number = self.lexicon.group_numbers.get(token.lower_)
            if number is None or taken[token.i]:
                continue
            found = self._group_noun(doc, token.i + 1)
            if found is None:
                continue
            end, people = found
            start = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ == "the" else token.i
            if any(taken[start:end]):
                continue
            members = self._members(claims, start, people=people, count=number)
            if len(members) < number:
                continue
            made.extend(_group_claims(members, start, end, people=people))
            taken[start:end] = [True] * (end - start)
        return made

    def _group_noun(self, doc: Doc, at: int) -> tuple[int, bool] | None:
        """The end of "leaders"/"heads of state"/"countries" at ``at``, and whether people."""
        for width in (3, 2, 1):
            if at + width > len(doc):
                continue
            words = doc[at : at + width].text.lower()
            if words in self.lexicon.group_person_nouns:
                return at + width, True
            if words in self.lexicon.group_state_nouns:
                return at + width, False
        return None

    def _bare_groups(
        self,
        doc: Doc,
        claims: Sequence[Claim],
        taken: list[bool],
        sentences: SentenceIndex,
        nominals: Sequence[int],
    ) -> list[Claim]:
        """ "The leaders aimed to ...": the few actors of that kind just named."""
        made: list[Claim] = []
        for i in nominals:
            start = i - 1
            if start < 0 or doc[start].lower_ != "the" or taken[start] or taken[i]:
                continue
            found = self._bare_group_noun(doc, i)
            if found is None:
                continue
            end, people = found
            if any(taken[start:end]) or (end < len(doc) and doc[end].lower_ == "of"):
                continue
            members = _recent_members(claims, start, sentences, people=people)
            if len(members) not in BARE_GROUP_SIZES:
                continue
            made.extend(_group_claims(members, start, end, people=people))
            taken[start:end] = [True] * (end - start)
        return made

    def _bare_group_noun(self, doc: Doc, at: int) -> tuple[int, bool] | None:
        for width in (3, 2, 1):
            if at + width > len(doc):
                continue
            words = doc[at : at + width].text.lower()
            if words in self.lexicon.bare_group_nouns:
                return at + width, words in self.lexicon.group_person_nouns
        return None

    @staticmethod
    def _members(claims: Sequence[Claim], before: int, *, people: bool, count: int) -> list[Claim]:
        members: list[Claim] = []
        seen: set[str] = set()
        for claim in reversed(claims):
            if claim.start >= before or claim.code is None or claim.method == "coref:group":
                continue
            if people and not claim.is_person:
                continue
            key = (claim.actor_id or claim.name or claim.code) if people else claim.code
            if key in seen:
                continue
            seen.add(key)
            members.append(claim)
            if len(members) == count:
                break
        return list(reversed(members))

    # -- pronouns -------------------------------------------------------------------------

    def _pronouns(
        self,
        doc: Doc,
        claims: list[Claim],
        taken: list[bool],
        sentences: SentenceIndex,
        pronouns: Sequence[int],
    ) -> None:
        people = [c for c in claims if c.is_person and c.method != "coref:group"]
        for i in pronouns:
            token = doc[i]
            if taken[i]:
                continue
            antecedent = _pronoun_antecedent(doc, token, people, sentences)
            if antecedent is None:
                continue
            claim = Claim(start=token.i, end=token.i + 1, label="PRON")
            claim.adopt(antecedent, method="coref:pronoun")
            claim.kind = claim.kind or "person"
            taken[token.i] = True
            claims.append(claim)
            people.append(claim)
            people.sort(key=lambda c: c.start)


    # -- plural pronouns ------------------------------------------------------------------

    def _plurals(
        self,
        doc: Doc,
        claims: Sequence[Claim],
        taken: list[bool],
        sentences: SentenceIndex,
        pronouns: Sequence[int],
    ) -> list[Claim]:
        covering: dict[int, list[Claim]] = {}
        for claim in claims:
            if claim.code is None and claim.actor_id is None:
                continue
            for i in range(claim.start, claim.end):
                covering.setdefault(i, []).append(claim)
        made: list[Claim] = []
        for i in pronouns:
            if taken[i]:
                continue
            members = _plural_antecedent(doc, doc[i], covering, sentences)
            for member in members:
                claim = Claim(start=i, end=i + 1, label="PRON")
                claim.adopt(member, method="coref:plural")
                made.append(claim)
                covering.setdefault(i, []).append(claim)
            if members:
                taken[i] = True
        return made


def _key(claim: Claim, *, people: bool) -> str | None:
    return (claim.actor_id or claim.name or claim.code) if people else claim.code


def _recent_members(
    claims: Sequence[Claim], before: int, sentences: SentenceIndex, *, people: bool
) -> list[Claim]:
    """Distinct actors named before ``before``: its own sentence first, then up to two back."""
    here = sentences.of(before)
    members: dict[str, Claim] = {}
    for back in range(PRONOUN_WINDOW + 1):
        sentence = here - back
        if sentence < 0:
            break
        for claim in claims:
            if claim.start >= before or sentences.of(claim.start) != sentence:
                continue
            if claim.code is None or claim.method == "coref:group":
                continue
            if people and not claim.is_person:
                continue
            if not people and claim.code not in COUNTRY_CODES:
                continue
            key = _key(claim, people=people)
            if key is not None:
                members.setdefault(key, claim)
        if len(members) >= 2:
            break
    return sorted(members.values(), key=lambda c: c.start)


def _plural_antecedent(
    doc: Doc, pronoun: Token, covering: dict[int, list[Claim]], sentences: SentenceIndex
) -> list[Claim]:
    here = sentences.of(pronoun.i)
    for back in range(PRONOUN_WINDOW + 1):
        number = here - back
        if number < 0:
            break
        sentence = sentences.sents[number]
        subjects = [t for t in sentence if t.dep_ in SUBJECT_DEPS and t.i < pronoun.i]
        for subject in reversed(subjects):
            members = _several(subject, covering)
            if len(members) >= 2:
                return members
            if subject.tag_ in PLURAL_TAGS or subject.lower_ in {"they", "we"}:
                return []  # a plural antecedent the rules cannot code
    return []


def _several(subject: Token, covering: dict[int, list[Claim]]) -> list[Claim]:
    """The distinct actors a subject names: "he and Putin", or a group description."""
    found: dict[str, Claim] = {}
    for member in [subject, *subject.conjuncts]:
        for claim in covering.get(member.i, []):
            if len(subject.conjuncts) == 0 and claim.method not in {"coref:group",
                                                                      "coref:plural"}:
                continue
            key = _key(claim, people=claim.is_person)
            if key is not None:
                found.setdefault(key, claim)
            if subject.conjuncts:
                break  # one actor per conjunct
    return list(found.values())


def _name_words(doc: Doc, claim: Claim) -> list[str]:
    start = claim.name_start if claim.name_start is not None else claim.start
    return [t.text for t in doc[start : claim.end] if t.pos_ == "PROPN" and t.text[:1].isupper()]


def _earlier_named(named: dict[str, Claim], words: list[str], claim: Claim) -> Claim | None:
    if not words:
        return None
    found = {id(named[w]): named[w] for w in words if w in named}
    if len(found) != 1 or len(words) > 2:
        return None
    earlier = next(iter(found.values()))
    return earlier if earlier.start < claim.start else None


def _pronoun_antecedent(
    doc: Doc, pronoun: Token, people: Sequence[Claim], sentences: SentenceIndex
) -> Claim | None:
    here = sentences.of(pronoun.i)
    before = [c for c in people if c.start < pronoun.i]
    same = [c for c in before if sentences.of(c.start) == here]
    if same:
        return same[-1]
    for back in range(1, PRONOUN_WINDOW + 1):
        sentence = here - back
        if sentence < 0:
            break
        inside = [c for c in before if sentences.of(c.start) == sentence]
        if not inside:
            continue
        subjects = [c for c in inside if _is_subject(doc, c)]
        return subjects[0] if subjects else inside[-1]
    return None


def _is_subject(doc: Doc, claim: Claim) -> bool:
    span = doc[claim.start : claim.end]
    root = span.root
    return root.dep_ in SUBJECT_DEPS or (root.dep_ == "poss" and root.head.dep_ in SUBJECT_DEPS)


def _group_claims(members: Sequence[Claim], start: int, end: int, *, people: bool) -> list[Claim]:
    """One claim per member over the group phrase; "the countries" names only the states."""
    made: list[Claim] = []
    for member in members:
        claim = Claim(start=start, end=end, label="ROLE" if people else "GPE")
        claim.adopt(member, method="coref:group")
        if not people and member.kind not in STATE_KINDS:
            claim.actor_id, claim.name, claim.kind, claim.sector = None, None, None, None
        made.append(claim)
    return made
