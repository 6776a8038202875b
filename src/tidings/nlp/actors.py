"""Actor linking: every way a text names an actor, resolved against the knowledge base.

The linker works in passes over one parsed document. Each pass only claims tokens no
earlier pass claimed, so the most specific evidence wins:

1. *atoms*: knowledge-base names and metonyms ("Vladimir Putin", "the Kremlin", "NATO") and
   nationality words ("Russian", "Palestinians"), found by one PhraseMatcher compiled once
   from the KB, longest match first. Ambiguous names (Georgia, Jordan, Chad, Niger,
   Washington) are settled here from NER, the words around them and the rest of the
   document, or left unresolved; never guessed.
2. *role phrases* (`tidings.nlp.roles`): a nationality, possessive or name modifier plus a
   role noun plus an optional name ("Russian President Vladimir Putin", "China's special
   envoy Zhai Jun", "Israeli troops", "NATO chief", "King Hassan of Morocco").
3. the atoms no role phrase used: names become mentions, seats and regions after "in"/"at"
   become places, nationality words become mentions only where they name a people ("the
   Palestinians") or a doer ("an Indian proposal"), not an attribute ("Russian oil").
4. remaining named entities, kept with their NER label even when unresolved.
5. coreference inside the article (`tidings.nlp.coref`): surnames, descriptions ("the
   Russian leader"), groups ("the two leaders") and personal pronouns.

Every mention records in ``method`` the rule that resolved it, so an analyst can see why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.attrs import LOWER, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ADJ, NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from tidings.kb import KnowledgeBase, Resolution
from tidings.kb.knowledge import demonym_plural
from tidings.models import Mention
from tidings.models import Span as TextSpan
from tidings.nlp.coref import Coreference
from tidings.nlp.linking import (
    HYPHENS,
    NOMINAL_POS,
    PLURAL_TAGS,
    Atom,
    Claim,
    DocView,
    LinkerLexicon,
    SentenceIndex,
    atom_code,
    claim_from,
    load_linker_lexicon,
    negated,
    plain,
)
from tidings.nlp.roles import RolePhrases

__all__ = ["ActorLinker", "describe_mentions"]

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_KINDS = frozenset({"seat", "region"})  # read as places after a locative preposition
_CACHE_LIMIT = 50_000

# A one-word place name the knowledge base lacks ("Ethopia", "Afganistan", "Quatar") is read
# as the country or capital one typing slip away, when exactly one is: a transposition, a
# missing, extra or wrong letter. Short names are left alone ("Iran"/"Iraq" are one apart).
_FUZZY_KINDS = frozenset({"country", "seat"})
_FUZZY_MIN_LENGTH = 6
# A person's full name (two words or more, 12+ letters) one typing slip from exactly one
# person the knowledge base knows ("Francois Mitterand", "Abdelaziz Bouteflicka"): at that
# length a slip is far likelier than another public figure one letter away.
_FUZZY_PERSON_MIN_LENGTH = 12
_COMPASS = frozenset({"the", "north", "south", "east", "west", "northern", "southern",
                      "eastern", "western", "central", "northeast", "northwest", "southeast",
                      "southwest", "northeastern", "northwestern", "southeastern",
                      "southwestern", "upper", "lower", "greater", "mainland"})
_NAME = "NAME"
_DEMONYM = "DEMONYM"


class ActorLinker:
    """Finds and resolves actor mentions; build once per KB and reuse for every document."""

    def __init__(
        self, kb: KnowledgeBase, nlp: Language, *, lexicon: LinkerLexicon | None = None
    ) -> None:
        self.kb = kb
        self.lexicon = lexicon or load_linker_lexicon()
        self.offices = frozenset(
            kb.canonical_title(role.title) for actor in kb.actors.values() for role in actor.roles
        )
        names: set[str] = set()
        for surface, _ in kb.surface_forms():
            names.update(_surface_variants(surface))
        demonyms: set[str] = set()
        for actor in kb.actors.values():
            for word in actor.demonyms:
                demonyms.update(v for v in (word, demonym_plural(word)) if v)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add(_NAME, [nlp.make_doc(text) for text in sorted(names)])
        self.matcher.add(_DEMONYM, [nlp.make_doc(text) for text in sorted(demonyms)])
        self._name_id = nlp.vocab.strings[_NAME]
        self._fuzzy_forms: dict[str, set[str]] = {}
        for surface, actor_id in kb.surface_forms():
            one_word = surface.isalpha() and len(surface) >= _FUZZY_MIN_LENGTH - 1
            if one_word and kb.actors[actor_id].kind in _FUZZY_KINDS:
                self._fuzzy_forms.setdefault(surface, set()).add(actor_id)
        self._fuzzy_choices = sorted(self._fuzzy_forms)
        self._near: dict[str, tuple[str, str] | None] = {}
        self._fuzzy_people: dict[str, set[str]] = {}
        for surface, actor_id in kb.surface_forms():
            words = surface.split()
            if (len(words) >= 2 and len(surface) >= _FUZZY_PERSON_MIN_LENGTH - 1
                    and kb.actors[actor_id].kind == "person"
                    and all(w[:1].isupper() for w in words)):
                self._fuzzy_people.setdefault(surface, set()).add(actor_id)
        self._people_choices = sorted(self._fuzzy_people)
        self.cues = _Cues(nlp, self.lexicon)
        self.roles = RolePhrases(kb, self.lexicon, offices=self.offices)
        self._lookups: dict[tuple[str, date | None], list[Resolution]] = {}
        self.coreference = Coreference(kb, self.lexicon, offices=self.offices)

    # -- public ---------------------------------------------------------------------------

    def link(self, doc: Doc, *, published: date | None = None) -> list[Mention]:
        """All actor mentions in ``doc``, with character offsets into ``doc.text``.

        ``published`` is the article's date: people resolve to the role they held that day
        and "the US president" to whoever held the office. Without it, roles still open in
        the knowledge base count as current.
        """
        view = DocView.of(doc)
        sentences = view.sentences
        view.cues = self.cues(doc)
        self._find_atoms(view, published)
        self.roles.find(view, published)
        self._free_atoms(view, published)
        self._entities(view)
        view.claims.sort(key=lambda c: c.start)
        claims = self.coreference.resolve(view, published=published)
        return [_to_mention(doc, claim, sentences) for claim in claims]

    def resolve_phrase(self, doc: Doc, *, published: date | None = None) -> Mention | None:
        """The one actor a short phrase names ("American warplanes", "four Saudi men").

        The longest resolved mention wins, so "Russian President Vladimir Putin" is Putin
        and not the "Russian" inside it; a phrase naming nothing known gives its longest
        unresolved mention, or None.
        """
        mentions = self.link(doc, published=published)
        resolved = [m for m in mentions if m.code]
        pool = resolved or mentions
        if not pool:
            return None
        return max(pool, key=lambda m: (m.end - m.start, m.sector is not None, -m.start))

    # -- pass 1: atoms --------------------------------------------------------------------

    def _find_atoms(self, view: DocView, published: date | None) -> None:
        doc = view.doc
        spans: dict[tuple[int, int], set[int]] = {}
        for match_id, start, end in self.matcher(doc):
            spans.setdefault((start, end), set()).add(match_id)
        chosen: list[tuple[int, int]] = []
        used = [False] * len(doc)
        for start, end in sorted(spans, key=lambda se: (se[0] - se[1], se[0])):
            if any(used[start:end]):
                continue
            used[start:end] = [True] * (end - start)
            chosen.append((start, end))
        for start, end in sorted(chosen):
            text = doc[start:end].text
            is_name = self._name_id in spans[(start, end)]
            if is_name and len(spans[(start, end)]) > 1 and _modifies_a_noun(doc, end):
                is_name = False  # "the Mediterranean island": the adjective, not the sea
            results = self._lookup(text, published) if is_name else []
            demonym = None if is_name and results else self.kb.demonym(text)
            if not results and demonym is None:
                continue
            atom = Atom(start=start, end=end, results=results, demonym=demonym)
            view.atoms.append(atom)
            for i in range(start, end):
                view.atom_of[i] = atom
        self._misspelled_places(view, used, published)
        self._misspelled_people(view, used, published)
        evidence = {a.results[0].code for a in view.atoms if a.results and plain(a.results)}
        evidence.update(a.demonym for a in view.atoms if a.demonym)
        person_words = {
            t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent
        }
        for atom in view.atoms:
            if atom.results:
                self._choose(view, atom, evidence, person_words)

    def _misspelled_places(self, view: DocView, used: list[bool], published: date | None) -> None:
        """Atoms for one-word proper names that are a typing slip from a known country.

        The tagger labels a misspelt country unpredictably (a place, an organisation, or no
        entity at all); a person's name is never taken.
        """
        for token in view.doc:
            if used[token.i] or token.pos_ != "PROPN" or token.ent_type_ == "PERSON":
                continue
            if token.ent_type_ and not (token.ent_iob_ == "B" and (
                    token.i + 1 == len(view.doc) or view.doc[token.i + 1].ent_iob_ != "I")):
                continue  # a word inside a longer name
            word = token.text
            if len(word) < _FUZZY_MIN_LENGTH or not word.isalpha() or not word[0].isupper():
                continue
            self._near_atom(view, used, token.i, token.i + 1, published, people=False)

    def _misspelled_people(self, view: DocView, used: list[bool], published: date | None
                           ) -> None:
        """Atoms for a person's full name one typing slip from exactly one known person."""
        for ent in view.doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2 or any(used[ent.start:ent.end]):
                continue
            text = ent.text
            if len(text) < _FUZZY_PERSON_MIN_LENGTH or not all(t.text[:1].isupper() for t in ent):
                continue
            self._near_atom(view, used, ent.start, ent.end, published, people=True)

    def _near_atom(self, view: DocView, used: list[bool], start: int, end: int,
                   published: date | None, *, people: bool) -> None:
        """An atom for words one typing slip from exactly one known name, if there is one."""
        text = view.doc[start:end].text
        choices, forms = ((self._people_choices, self._fuzzy_people) if people
                          else (self._fuzzy_choices, self._fuzzy_forms))
        near = self._nearest(text, choices, forms)
        if near is None:
            return
        form, actor_id = near
        results = [r for r in self._lookup(form, published) if r.actor_id == actor_id]
        if len(results) != 1 or (results[0].ambiguous and not people):
            return
        atom = Atom(start=start, end=end, results=results, demonym=None)
        view.atoms.append(atom)
        for i in range(start, end):
            view.atom_of[i] = atom
            used[i] = True

    def _nearest(self, text: str, choices: list[str], forms: dict[str, set[str]]
                 ) -> tuple[str, str] | None:
        """The one (form, actor) a typing slip away from ``text``, remembered per text."""
        if text in self._near:
            return self._near[text]
        if len(self._near) > _CACHE_LIMIT:
            self._near.clear()
        near = process.extract(text, choices, scorer=DamerauLevenshtein.distance,
                               score_cutoff=1, limit=None)
        actors = {a for form, _, _ in near for a in forms[form]}
        found = (near[0][0], actors.pop()) if len(actors) == 1 else None
        self._near[text] = found
        return found

    def _lookup(self, text: str, published: date | None) -> list[Resolution]:
        key = (text, published)
        found = self._lookups.get(key)
        if found is None:
            if len(self._lookups) > _CACHE_LIMIT:
                self._lookups.clear()
            found = self._lookups[key] = self.kb.lookup(text, on=published)
        return found

    def _choose(
        self, view: DocView, atom: Atom, evidence: set[str], person_words: set[str]
    ) -> None:
        """Pick the reading of a name from the words around it, or leave it unresolved."""
        self._pick(view, atom, evidence, person_words)
        if atom.res is not None and atom.res.kind in PLACE_KINDS:
            atom.place = _after_locative(view.doc, atom.start, self.lexicon)

    def _pick(self, view: DocView, atom: Atom, evidence: set[str], person_words: set[str]) -> None:
        doc = view.doc
        results = atom.results
        first = atom.start + (doc[atom.start].lower_ == "the" and atom.end - atom.start > 1)
        ent = next((e for e in view.ent_of[first : atom.end] if e is not None), None)
        label = ent.label_ if ent is not None else None
        inside = ent is not None and (
            ent.start + (doc[ent.start].lower_ == "the") < first or ent.end > atom.end
        )
        people = [r for r in results if r.kind == "person"]
        ambiguous = any(r.ambiguous for r in results)
        if inside and label == "PERSON" and len(people) > 1:
            return  # "Kate Bush": a shared surname inside someone else's name
        if label == "PERSON" and people:
            # "Bush": of several people with one name, the one in office on the day
            atom.res = min(people, key=lambda r: r.role is None)
            return
        if inside and label == "PERSON" and not people:
            return  # "Denzel Washington", "Michael Jordan": a name inside someone's name
        if inside and (ambiguous or results[0].kind in PLACE_KINDS):
            return  # "West Darfur", "the Warsaw Pact", "the Niger Delta"
        if inside and label in PLACE_LABELS and ent is not None and ent.start < first and (
                results[0].kind == "country") and any(
                t.lower_ not in _COMPASS for t in doc[ent.start:first]):
            return  # "New Jersey", "New Mexico" (but "Eastern Ukraine" is Ukraine)
        if ambiguous:
            if _named_more_fully(doc, atom, results):
                return  # "the Liberal Democrats", "Sweden Democrats": another party's name
            if _qualifies_a_place(doc, atom.start, atom.end) or _names_a_state(doc, atom):
                atom.place = True  # "Atlanta, Georgia", "Washington state"
                return
            text = doc[atom.start : atom.end].text
            if atom.end - atom.start == 1 and text in person_words:
                atom.person_like = True  # "Jordan" after "Michael Jordan"
                return
            places = [r for r in results if r.kind != "person"]
            codes = {r.code for r in places}
            if not places:
                return
            if label == "PERSON":  # "Chad closed its border with Sudan": NER took a name
                if len(codes) == 1 and self._among_states(view, atom, evidence):
                    atom.res = places[0]
                return
            if len(codes) > 1:
                known = [r for r in places if r.code in evidence]
                if len({r.code for r in known}) == 1:
                    atom.res = known[0]
                return  # "Congo" with nothing to say which one
            if label in PLACE_LABELS or label in {"ORG", "NORP"} or places[0].code in evidence:
                atom.res = places[0]
            return
        atom.res = results[0]

    @staticmethod
    def _among_states(view: DocView, atom: Atom, evidence: set[str]) -> bool:
        """Whether a name read as a person sits among states: the document names the
        country elsewhere, or the same sentence names another country or nationality."""
        codes = {r.code for r in atom.results if r.kind != "person"}
        if codes & evidence:
            return True
        here = view.sentences.of(atom.start)
        return any(
            other is not atom
            and view.sentences.of(other.start) == here
            and (other.demonym or (other.results and other.results[0].kind == "country"))
            and plain(other.results)
            for other in view.atoms
        )

    # -- pass 3: free atoms ---------------------------------------------------------------

    def _free_atoms(self, view: DocView, published: date | None) -> None:
        doc = view.doc
        skip_next = False
        for n, atom in enumerate(view.atoms):
            if skip_next:
                skip_next = False
                continue
            if atom.used or any(view.taken[atom.start : atom.end]):
                continue
            start = atom.start
            nxt = doc[atom.end] if atom.end < len(doc) else None
            heads_its_phrase = nxt is None or (
                nxt.pos_ not in {"NOUN", "PROPN", "ADJ"} and nxt.text not in HYPHENS
            )
            the = start > 0 and doc[start - 1].lower_ == "the" and not view.taken[start - 1]
            if the and heads_its_phrase:  # "the Kremlin", but not "the Israel-Hamas war"
                start -= 1
            claim: Claim | None
            if atom.res is not None:
                if atom.place:
                    claim = Claim(start=atom.start, end=atom.end, label="GPE", method="place")
                    claim.name = atom.res.name
                else:
                    label = _ner_label(view, atom) or _label_for_kind(atom.res.kind)
                    claim = claim_from(atom.res, start, atom.end, label, method="kb-alias")
                    self.roles.role_in_text(doc, claim, published)
                view.claim(claim, [atom])
            elif atom.place:
                view.claim(Claim(atom.start, atom.end, "GPE", method="place"), [atom])
            elif atom.person_like:
                view.claim(Claim(atom.start, atom.end, "PERSON"), [atom])
            elif atom.demonym is not None:
                following = view.atoms[n + 1] if n + 1 < len(view.atoms) else None
                claim, pair = self._demonym_claim(view, atom, following)
                if claim is not None:
                    view.claim(claim, [atom, following] if pair and following else [atom])
                    skip_next = pair

    def _demonym_claim(
        self, view: DocView, atom: Atom, following: Atom | None
    ) -> tuple[Claim | None, bool]:
        """A nationality word as an actor: a people, a group in a country, or a doer.

        Returns the claim (or None: an attribute, "Russian oil") and whether it also took
        the next atom ("Bosnian Serbs").
        """
        doc = view.doc
        last = doc[atom.end - 1]
        nxt = doc[atom.end] if atom.end < len(doc) else None
        before = doc[atom.start - 1].lower_ if atom.start > 0 else ""
        if nxt is not None and nxt.text in HYPHENS:
            return None, False  # "Israeli-occupied", "Saudi-owned": an attribute
        if negated(doc, atom, self.lexicon):
            return None, False  # "anti-American"
        ent = view.ent_of[atom.start]
        if (
            ent is not None
            and ent.label_ not in {"NORP", "GPE", "LOC", "PERSON"}
            and (ent.start < atom.start or ent.end > atom.end + 1)
        ):
            return None, False  # "the Association of African Jurists": part of a name
        if before in self.lexicon.ethnic_markers:  # "ethnic Albanians in southern Serbia"
            place = self.roles.place_after(view, atom.end, local=True)
            end = place.end if place is not None else atom.end
            claim = Claim(atom.start - 1, end, "NORP", method="ethnic")
            if place is not None:
                claim.code = atom_code(place)
                place.used = True
            return claim, False
        if (
            following is not None
            and following.start == atom.end
            and following.demonym is not None
            and doc[following.end - 1].tag_ in PLURAL_TAGS
        ):  # "Bosnian Serbs": a people inside a country goes by the country
            claim = Claim(atom.start, following.end, "NORP", code=atom.demonym, method="demonym")
            return claim, True
        if (
            nxt is not None
            and nxt.tag_ == "NNPS"
            and view.atom_of[nxt.i] is None
            and nxt.ent_type_ in {"", "NORP"}
        ):  # "Iraqi Kurds"
            claim = Claim(atom.start, atom.end + 1, "NORP", code=atom.demonym, method="demonym")
            return claim, False
        if last.tag_ in PLURAL_TAGS or (
            last.pos_ in NOMINAL_POS
            and last.dep_ not in {"amod", "compound", "nmod"}
            and (nxt is None or nxt.pos_ not in {"NOUN", "PROPN", "ADJ"})
        ):
            start = atom.start - 1 if before == "the" else atom.start
            place = self.roles.place_after(view, atom.end, local=False) if nxt is not None else None
            if place is not None and place.res is not None and place.res.kind == "country":
                place.used = True  # "the Albanians of southern Serbia": a people of a country
                return Claim(start, place.end, "NORP", code=place.res.code, method="ethnic"), False
            return Claim(start, atom.end, "NORP", code=atom.demonym, method="demonym"), False
        head = _np_head(view, atom.end)
        if head is not None and self._names_its_nation(doc, head):
            return Claim(atom.start, atom.end, "NORP", code=atom.demonym, method="demonym"), False
        return None, False

    def _names_its_nation(self, doc: Doc, head: Token) -> bool:
        """Whether a nationality on this noun stands for the nation (a doer or an owner)."""
        lemma = head.lemma_.lower()
        pair = f"{doc[head.i - 1].lower_} {lemma}" if head.i > 0 else lemma
        for nouns in (self.lexicon.agent_nouns, self.lexicon.possession_nouns):
            if lemma in nouns or head.lower_ in nouns or pair in nouns:
                return True
        return False

    # -- pass 4: named entities -----------------------------------------------------------

    def _entities(self, view: DocView) -> None:
        for ent in view.doc.ents:
            if ent.label_ not in ENTITY_LABELS or any(view.taken[ent.start : ent.end]):
                continue
            if ent.label_ == "NORP" and any(view.atom_of[i] for i in range(ent.start, ent.end)):
                continue  # a known nationality used as an attribute ("Russian oil")
            end = ent.end
            while end - ent.start > 1 and (
                view.doc[end - 1].tag_ == "POS" or view.doc[end - 1].is_space
            ):
                end -= 1
            view.take(Claim(start=ent.start, end=end, label=ent.label_))


# -- explaining ---------------------------------------------------------------------------


def describe_mentions(mentions: Iterable[Mention]) -> list[str]:
    """Readable lines for mentions, for `tidings actors show` and error lists."""
    lines = []
    for m in mentions:
        resolved = f"{m.code or '-'} {m.sector or '-'}"
        who = f" {m.actor_id}" if m.actor_id else ""
        back = f" (points back to offset {m.antecedent})" if m.antecedent is not None else ""
        lines.append(
            f"  [{m.start}:{m.end}] {m.text!r} {m.label or '-'} -> {resolved}{who} "
            f"by {m.method}{back}"
        )
    return lines


# -- helpers ------------------------------------------------------------------------------


def _surface_variants(surface: str) -> list[str]:
    """The forms to match for one KB name: as written, without "the", capitalised."""
    variants = [surface]
    if surface.lower().startswith("the ") and len(surface) > 4:
        variants.append(surface[4:])
    if surface[:1].islower():
        variants.append(surface[:1].upper() + surface[1:])
    return variants


class _Cues:
    """Finds the tokens later passes look at, on arrays, so that none walks every token."""

    def __init__(self, nlp: Language, lexicon: LinkerLexicon) -> None:
        strings = nlp.vocab.strings
        self._hyphens = np.array([strings.add(h) for h in sorted(HYPHENS)], dtype=np.uint64)
        self._pronouns = np.array(
            [strings.add(w) for w in sorted(lexicon.person_pronouns)], dtype=np.uint64
        )
        self._numbers = np.array(
            [strings.add(w) for w in sorted(lexicon.group_numbers)], dtype=np.uint64
        )
        self._plurals = np.array(
            [strings.add(w) for w in sorted(lexicon.plural_pronouns)], dtype=np.uint64
        )

    def __call__(self, doc: Doc) -> dict[str, list[int]]:
        if not len(doc):
            return {}
        array = doc.to_array([POS, LOWER]).astype(np.uint64)
        pos, lower = array[:, 0], array[:, 1]
        adjective_after_hyphen = np.zeros(len(doc), dtype=bool)  # "general" in "secretary-general"
        adjective_after_hyphen[1:] = (pos[1:] == ADJ) & np.isin(lower[:-1], self._hyphens)
        nominal = np.isin(pos, [NOUN, PROPN]) | adjective_after_hyphen
        return {
            "NOMINAL": np.flatnonzero(nominal).tolist(),
            "PROPER": np.flatnonzero(pos == PROPN).tolist(),
            "PRONOUN": np.flatnonzero((pos == PRON) & np.isin(lower, self._pronouns)).tolist(),
            "NUMBER": np.flatnonzero(np.isin(lower, self._numbers)).tolist(),
            "PLURAL": np.flatnonzero((pos == PRON) & np.isin(lower, self._plurals)).tolist(),
        }


def _modifies_a_noun(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN", "ADJ"}


def _named_more_fully(doc: Doc, atom: Atom, results: list[Resolution]) -> bool:
    """An ambiguous organisation name with a capitalised word of its own name in front."""
    if atom.start == 0 or any(r.kind != "organisation" for r in results):
        return False
    before = doc[atom.start - 1]
    capitalised = before.pos_ == "PROPN" or (
        before.text[:1].isupper() and not before.is_sent_start)  # not "Senior Democrats said"
    return (capitalised and before.dep_ in {"compound", "amod"}
            and atom.start <= before.head.i < atom.end)


def _qualifies_a_place(doc: Doc, start: int, end: int) -> bool:
    """ "Atlanta, Georgia": a name after a place and a comma says where that place is."""
    if start < 2 or doc[start - 1].text != ",":
        return False
    before = doc[start - 2]
    return before.ent_type_ in PLACE_LABELS and before.pos_ == "PROPN"


def _names_a_state(doc: Doc, atom: Atom) -> bool:
    """ "Washington state", "the state of Georgia": a US state, not the country or capital."""
    after = doc[atom.end].lower_ if atom.end < len(doc) else ""
    before = doc[atom.start - 2 : atom.start].text.lower() if atom.start >= 2 else ""
    return after == "state" or before == "state of"


def _after_locative(doc: Doc, start: int, lexicon: LinkerLexicon) -> bool:
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].pos_ == "ADP" and doc[i].lower_ in lexicon.locative_prepositions


def _np_head(view: DocView, at: int) -> Token | None:
    """The last noun of the noun phrase a modifier starts ("Indian [peace] proposal")."""
    doc = view.doc
    head = None
    i = at
    while i < len(doc) and i - at < 6:
        token = doc[i]
        if token.pos_ in NOMINAL_POS and token.ent_type_ not in {"DATE", "TIME"}:
            head = token
        elif head is not None:
            break
        elif head is None and token.lower_ in {"and", ","} and view.atom_at(i + 1) is not None:
            atom = view.atom_at(i + 1)
            i = atom.end if atom is not None else i + 1
            continue
        elif not (token.pos_ == "ADJ" or token.text in HYPHENS or token.tag_ in {"VBN", "VBG"}):
            break
        i += 1
    return head


def _ner_label(view: DocView, atom: Atom) -> str | None:
    if atom.res is not None and atom.res.kind == "person":
        return "PERSON"
    ent = view.ent_of[atom.start]
    if ent is None or ent.label_ not in ENTITY_LABELS or ent.label_ == "PERSON":
        return None  # NER's "PERSON" on a place we resolved is the error we corrected
    return ent.label_


def _label_for_kind(kind: str) -> str:
    return {"person": "PERSON", "country": "GPE", "seat": "GPE", "region": "LOC"}.get(kind, "ORG")


def _to_mention(doc: Doc, claim: Claim, sentences: SentenceIndex) -> Mention:
    span = doc[claim.start : claim.end]
    sent = sentences.sents[sentences.of(claim.start)] if sentences.sents else span
    antecedent = doc[claim.antecedent].idx if claim.antecedent is not None else None
    return Mention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        label=claim.label,
        code=claim.code,
        sector=claim.sector,
        actor_id=claim.actor_id,
        name=claim.name,
        method=claim.method,
        antecedent=antecedent,
        sentence=TextSpan(start=sent.start_char, end=sent.end_char, text=sent.text),
    )
