"""Actor linking: every way a text names an actor, resolved against the knowledge base.

The linker works in passes over one parsed document, each pass only adding mentions where
no earlier pass claimed the tokens, so the most specific evidence wins:

1. knowledge-base names and metonyms ("Vladimir Putin", "the Kremlin", "NATO"), matched with
   a PhraseMatcher compiled once from the KB;
2. role phrases: a nationality or possessive country plus a role noun plus an optional name
   ("Russian President Vladimir Putin", "China's special envoy Zhai Jun", "Israeli troops");
3. remaining named entities, kept with their NER label even when unresolved, never guessed;
4. coreference inside the article: surnames of people named earlier, definite descriptions
   ("the Russian leader") and personal pronouns ("he", "his") to the nearest compatible actor.

Every mention records the rule that resolved it in ``method`` so an analyst can see why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from tidings.kb import KnowledgeBase, Resolution
from tidings.models import Mention
from tidings.models import Span as TextSpan

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
GROUP_PRONOUNS = {"they", "them", "their"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Countries that name an ambiguous alias (Georgia, Jordan) only count when NER agrees it is a place.
PLACE_LABELS = {"GPE", "LOC"}


@dataclass
class _Claim:
    """A mention under construction, on token indices of the doc."""

    start: int
    end: int
    label: str | None
    code: str | None = None
    sector: str | None = None
    actor_id: str | None = None
    name: str | None = None
    kind: str | None = None
    method: str = "unresolved"
    antecedent: int | None = None  # token index of the mention it points back to
    extra: dict[str, str] = field(default_factory=dict)


class ActorLinker:
    """Finds and resolves actor mentions; build once per KB and reuse for every document."""

    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms: dict[str, set[str]] = {}
        for surface, actor_id in kb.surface_forms():
            for variant in _surface_variants(surface):
                forms.setdefault(variant, set()).add(actor_id)
        self._forms = forms
        patterns = [nlp.make_doc(text) for text in forms]
        self.matcher.add("KB", patterns)

    # -- public ---------------------------------------------------------------------------

    def link(self, doc: Doc, *, published: date | None = None) -> list[Mention]:
        """All actor mentions in ``doc`` with character offsets into ``doc.text``."""
        taken = [False] * len(doc)
        claims: list[_Claim] = []
        for claim in self._kb_matches(doc, published):
            _take(claims, taken, claim)
        for claim in self._role_phrases(doc, published, taken):
            _take(claims, taken, claim)
        for claim in self._named_entities(doc, taken):
            _take(claims, taken, claim)
        claims.sort(key=lambda c: c.start)
        self._resolve_surnames(doc, claims)
        claims.extend(self._coreference(doc, claims, published, taken))
        claims.sort(key=lambda c: c.start)
        return [_to_mention(doc, c) for c in claims]

    def resolve_phrase(self, doc: Doc, *, published: date | None = None) -> Mention | None:
        """The single best actor for a short phrase ("American warplanes", "four Saudi men")."""
        mentions = self.link(doc, published=published)
        resolved = [m for m in mentions if m.code]
        pool = resolved or mentions
        if not pool:
            return None
        return max(pool, key=lambda m: (m.end - m.start, m.sector is not None))

    # -- passes ---------------------------------------------------------------------------

    def _kb_matches(self, doc: Doc, published: date | None) -> Iterable[_Claim]:
        spans = [Span(doc, s, e) for _, s, e in self.matcher(doc)]
        for span in _longest_first(spans):
            claim = self._resolve_span(span, published)
            if claim is not None:
                yield claim

    def _resolve_span(self, span: Span, published: date | None) -> _Claim | None:
        results = self.kb.lookup(span.text, on=published)
        if not results:
            return None
        label = _ner_label(span)
        choice = _disambiguate(results, label)
        if choice is None:
            return None
        start = span.start
        if start > 0 and span.doc[start - 1].lower_ == "the":
            start -= 1
        return _claim_from(choice, start, span.end, label, method="kb-alias")

    def _role_phrases(
        self, doc: Doc, published: date | None, taken: Sequence[bool]
    ) -> Iterable[_Claim]:
        """Nationality or possessive + role noun (+ name): "Israeli troops", "Chinese leader Xi"."""
        for token in doc:
            if taken[token.i] or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            role = self._role_at(doc, token)
            if role is None:
                continue
            role_start, role_end, sector = role
            country = self._country_modifier(doc, role_start)
            if country is None:
                continue
            code, mod_start = country
            end = role_end
            # a name right after the role belongs to the same person ("President Vladimir Putin")
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ == "PERSON":
                end += 1
            if any(taken[i] for i in range(mod_start, end)):
                # the name is already a KB person, whose own resolution is more specific
                continue
            claim = _Claim(start=mod_start, end=end, label="ROLE", code=code, sector=sector)
            claim.method = "role"
            if end > role_end:
                claim.label = "PERSON"
                claim.method = "role+name"
            elif published is not None:
                holder = self.kb.role_holder(
                    code, _role_title(doc, role_start, role_end), on=published
                )
                if holder is not None and doc[role_end - 1].tag_ in {"NN", "NNP"}:
                    claim.actor_id, claim.name = holder.actor_id, holder.name
                    claim.method = "role-holder"
            yield claim

    def _role_at(self, doc: Doc, token: Token) -> tuple[int, int, str] | None:
        """The longest role phrase ending at ``token`` ("special envoy", "foreign minister")."""
        for width in (3, 2, 1):
            start = token.i - width + 1
            if start < 0:
                continue
            if width > 1 and (self.kb.demonym(doc[start].text) or doc[start].tag_ == "POS"):
                continue  # "Israeli troops" is a nationality plus a role, not a two-word role
            words = [
                t.lemma_.lower() if t.i == token.i else t.lower_ for t in doc[start : token.i + 1]
            ]
            sector = self.kb.role_sector(" ".join(words))
            if sector is None and width == 1:
                sector = self.kb.role_sector(token.lower_)
            if sector is not None:
                return start, token.i + 1, sector
        return None

    def _country_modifier(self, doc: Doc, role_start: int) -> tuple[str, int] | None:
        """A demonym ("Russian") or a possessive country ("China's") just before a role."""
        i = role_start - 1
        if i < 0:
            return None
        token = doc[i]
        code = self.kb.demonym(token.text)
        if code is not None:
            return code, i
        if token.tag_ == "POS" and i >= 1:
            owner_end = i
            owner_start = owner_end - 1
            while owner_start > 0 and doc[owner_start - 1].pos_ == "PROPN":
                owner_start -= 1
            owner = doc[owner_start:owner_end].text
            for res in self.kb.lookup(owner):
                if res.kind in {"country", "seat", "igo", "region"}:
                    return res.code, owner_start
        return None

    def _named_entities(self, doc: Doc, taken: Sequence[bool]) -> Iterable[_Claim]:
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS or any(taken[i] for i in range(ent.start, ent.end)):
                continue
            if ent.label_ == "NORP":
                # a bare nationality word is an attribute, not an actor ("Russian oil")
                continue
            yield _Claim(start=ent.start, end=ent.end, label=ent.label_)

    # -- coreference ----------------------------------------------------------------------

    def _resolve_surnames(self, doc: Doc, claims: list[_Claim]) -> None:
        """A later "Zhai" or "Gabuev" is the person named in full earlier in the article."""
        people: dict[str, _Claim] = {}
        for claim in claims:
            span = doc[claim.start : claim.end]
            if claim.label == "PERSON" and claim.code is not None:
                for token in span:
                    if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
                        people.setdefault(token.text, claim)
            elif claim.label == "PERSON" and claim.code is None:
                tokens = [t for t in span if t.pos_ == "PROPN"]
                earlier = people.get(tokens[-1].text) if tokens else None
                if earlier is not None and earlier.start < claim.start:
                    _copy_resolution(claim, earlier)
                    claim.method = "coref:surname"
                    claim.antecedent = earlier.start

    def _coreference(
        self,
        doc: Doc,
        claims: list[_Claim],
        published: date | None,
        taken: Sequence[bool],
    ) -> list[_Claim]:
        added: list[_Claim] = []
        for token in doc:
            if taken[token.i]:
                continue
            lower = token.lower_
            if token.pos_ == "PRON" and lower in PERSON_PRONOUNS:
                antecedent = _nearest(claims, token.i, want_person=True, doc=doc)
                if antecedent is not None:
                    claim = _Claim(start=token.i, end=token.i + 1, label="PRON")
                    _copy_resolution(claim, antecedent)
                    claim.method = "coref:pronoun"
                    claim.antecedent = antecedent.start
                    added.append(claim)
            elif lower == "the" and token.i + 2 < len(doc):
                described = self._definite_description(doc, token, claims)
                if described is not None and not any(
                    taken[i] for i in range(described.start, described.end)
                ):
                    added.append(described)
        return added

    def _definite_description(self, doc: Doc, the: Token, claims: list[_Claim]) -> _Claim | None:
        """ "the Russian leader" -> the nearest earlier person of that country."""
        adj = doc[the.i + 1]
        head = doc[the.i + 2]
        code = self.kb.demonym(adj.text)
        sector = self.kb.role_sector(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        if code is None or sector is None or head.tag_ != "NN":
            return None
        for earlier in reversed(claims):
            if earlier.start >= the.i:
                continue
            if earlier.label == "PERSON" and earlier.code == code:
                claim = _Claim(start=the.i, end=head.i + 1, label="ROLE")
                _copy_resolution(claim, earlier)
                claim.method = "coref:description"
                claim.antecedent = earlier.start
                return claim
        return None


# -- helpers ------------------------------------------------------------------------------


def _surface_variants(surface: str) -> list[str]:
    """The forms to match for one KB name: as written, and without a leading "the"."""
    variants = [surface]
    if surface.lower().startswith("the "):
        bare = surface[4:]
        variants.append(bare)
    if surface[:1].islower():
        variants.append(surface[:1].upper() + surface[1:])
    return variants


def _longest_first(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    used: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(i in used for i in range(span.start, span.end)):
            continue
        chosen.append(span)
        used.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _ner_label(span: Span) -> str | None:
    labels = [t.ent_type_ for t in span if t.ent_type_]
    return labels[0] if labels else None


def _disambiguate(results: list[Resolution], label: str | None) -> Resolution | None:
    """Pick one resolution, or none when the name is ambiguous and NER does not settle it."""
    if label == "PERSON":
        people = [r for r in results if r.kind == "person"]
        if people:
            return people[0]
        return None  # "Jordan" the person is not the country; "Washington" the person not the US
    unambiguous = [r for r in results if not r.ambiguous]
    if unambiguous:
        return unambiguous[0]
    if label in PLACE_LABELS:
        places = [r for r in results if r.kind in {"country", "seat", "region"}]
        return places[0] if places else None
    if label in {"ORG", "NORP"}:
        return results[0]
    return None


def _claim_from(res: Resolution, start: int, end: int, label: str | None, *, method: str) -> _Claim:
    claim = _Claim(start=start, end=end, label=label or _label_for_kind(res.kind))
    claim.code, claim.sector = res.code, res.sector
    claim.actor_id, claim.name, claim.kind = res.actor_id, res.name, res.kind
    claim.method = method
    return claim


def _label_for_kind(kind: str) -> str:
    return {"person": "PERSON", "country": "GPE", "seat": "GPE", "region": "LOC"}.get(kind, "ORG")


def _role_title(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lemma_.lower() for t in doc[start:end])


def _copy_resolution(target: _Claim, source: _Claim) -> None:
    target.code, target.sector = source.code, source.sector
    target.actor_id, target.name, target.kind = source.actor_id, source.name, source.kind


def _nearest(claims: list[_Claim], before: int, *, want_person: bool, doc: Doc) -> _Claim | None:
    """The closest earlier resolved person within the current and previous two sentences."""
    sent_starts = [s.start for s in doc.sents]
    current = max((s for s in sent_starts if s <= before), default=0)
    earlier_sents = [s for s in sent_starts if s < current]
    window_start = earlier_sents[-2] if len(earlier_sents) >= 2 else 0
    for claim in reversed(claims):
        if claim.start >= before or claim.start < window_start:
            continue
        is_person = claim.label == "PERSON" or claim.kind == "person"
        if want_person and is_person and claim.code is not None:
            return claim
    return None


def _take(claims: list[_Claim], taken: list[bool], claim: _Claim) -> None:
    if any(taken[i] for i in range(claim.start, claim.end)):
        return
    for i in range(claim.start, claim.end):
        taken[i] = True
    claims.append(claim)


def _to_mention(doc: Doc, claim: _Claim) -> Mention:
    span = doc[claim.start : claim.end]
    sent = span.sent
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
