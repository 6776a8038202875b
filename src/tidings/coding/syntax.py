"""Small questions asked of a spaCy dependency parse, shared by the coder's stages.

They are kept in one place because the coder asks them many times (who is the subject of
this verb, what governs this noun, which words are this noun's own) and the answers must
agree between trigger matching, argument finding and modality. They encode the English
Universal-Dependencies-style labels of spaCy's English models (``nsubj``, ``xcomp``,
``pobj`` ...); another model family would need this module, and only this one, adapted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

__all__ = [
    "CLAUSE_DEPS",
    "NOMINAL_POS",
    "VERBAL_POS",
    "children",
    "clause_children",
    "conjuncts",
    "core_tokens",
    "governor_of",
    "is_passive",
    "lemma",
    "lemma_bag",
    "object_tokens",
    "prep_children",
    "prep_objects",
    "subject_tokens",
]

NOMINAL_POS = frozenset({"NOUN", "PROPN"})
VERBAL_POS = frozenset({"VERB", "AUX"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
def lemma(token: Token) -> str:
    """The lower-cased lemma, falling back to the word when the lemmatiser left it cased."""
    return (token.lemma_ or token.text).lower()


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("X, Y and Z")."""
    return [token, *token.conjuncts]


_ACCUSING = frozenset({"accuse", "charge", "blame", "suspect", "indict", "convict", "condemn",
                       "criticize", "criticise", "fault", "praise", "thank", "punish"})
_CULPABLE = frozenset({"guilty", "responsible", "culpable"})
_BARRING = frozenset({"block", "bar", "ban", "prevent", "stop", "exclude", "keep", "prohibit",
                      "deter", "dissuade", "discourage", "restrain", "refrain"})
# Past participles that are not passive when they modify a noun ("Xi, freshly returned").
_INTRANSITIVE = frozenset({"return", "arrive", "come", "go", "flee", "remain", "rise", "fall",
                           "die", "emerge", "retire", "resign", "escape", "stay", "live"})


def is_passive(token: Token) -> bool:
    """A passive verb, or a past participle modifying a noun ("West Africans ordered out").

    A participle with a direct object of its own, or coordinated with a verb that has one
    ("groups donated and delivered goods"), is active: the parser took a finite verb for a
    modifier, and its noun is the doer.
    """
    if token.dep_ == "acl" and token.tag_ == "VBN":
        if any(children(v, "dobj", "obj") for v in conjuncts(token)):
            return False
        return lemma(token) not in _INTRANSITIVE
    return any(c.dep_ in {"nsubjpass", "auxpass", "csubjpass"} for c in token.children)


def prep_children(token: Token, word: str) -> list[Token]:
    """Prepositions hanging on a token with the given word ("to" in "visit to China")."""
    found = []
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == word:
            found.append(child)
    return found


def entity_of(token: Token) -> Span | None:
    """The named entity holding ``token``, read off the IOB tags around it.

    ``doc.ents`` builds a Span for every entity of the document on each call; asked for one
    token at a time, that scan was the largest cost of coding after the parse.
    """
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def entities_in(span: Span) -> Iterator[Span]:
    """The named entities wholly inside ``span`` (``span.ents`` without the scan)."""
    for token in span:
        if token.ent_iob_ == "B":
            entity = entity_of(token)
            if entity is not None and entity.end <= span.end:
                yield entity


def prep_objects(token: Token, word: str) -> list[Token]:
    """The objects of a token's preposition ``word``, coordination included."""
    objects: list[Token] = []
    for prep in prep_children(token, word):
        for obj in prep.children:
            if obj.dep_ in {"pobj", "pcomp"}:
                objects.extend(conjuncts(obj))
    return objects


def clause_children(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in CLAUSE_DEPS]


def core_tokens(token: Token) -> list[Token]:
    """The words of a noun phrase up to its head: "Russian President Vladimir Putin's".

    Only the head's left side is taken: what follows a head (a relative clause, an "in"
    phrase) is about something else often enough that reading actors from it needs its
    own rule.
    """
    return [t for t in token.subtree if t.i <= token.i]


def object_tokens(token: Token) -> list[Token]:
    """What a verb acts on: the direct object, or the passive subject."""
    if token.pos_ in NOMINAL_POS:
        return prep_objects(token, "of")
    if is_passive(token):
        if token.dep_ == "acl":
            return [token.head]
        return children(token, "nsubjpass")
    found = children(token, "dobj", "obj")
    if not found:
        # "denounced as an ugly crime Serbia's suppression of ...": the parser hangs a
        # shifted heavy object on the "as" phrase, as its appositive.
        found = [a for o in prep_objects(token, "as") for a in children(o, "appos")]
    ups = [c for c in token.children if c.lower_ == "up" and c.dep_ in {"prt", "advmod"}]
    if not found and ups:
        # "kidnapped up to 16 advisers": the count's "up to" is parsed as the verb's particle
        # and a "to" phrase, which leaves the object inside the phrase
        found = prep_objects(token, "to") or prep_objects(ups[0], "to")
    return found


def for_clauses(token: Token) -> list[Token]:
    """"pushing for the US to back the plan": clauses the parser opens with a "for" mark."""
    return [c for c in children(token, "advcl")
            if any(m.lower_ == "for" for m in children(c, "mark"))]


def condition_clauses(token: Token) -> list[Token]:
    """The "if" and "unless" clauses that hang on a word: what it is made to depend on."""
    return [c for c in children(token, "advcl")
            if any(m.lower_ in {"if", "unless"} for m in children(c, "mark"))]


def lemma_bag(token: Token, *, depth: int = 1) -> set[str]:
    """Lemmas that describe a noun: its own, its modifiers', and its "of" complement's.

    "part of a military aid program" and "peacekeeping troops" both answer "aid" and
    "peacekeeping" here, which is how object and subject constraints read them.
    """
    bag = {lemma(token), token.lower_}
    for child in token.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            bag.add(lemma(child))
            bag.add(child.lower_)
    if depth > 0:
        for obj in prep_objects(token, "of"):
            bag |= lemma_bag(obj, depth=depth - 1)
    return bag


def _controller(verb: Token) -> list[Token]:
    """The understood subject of a to-clause: "urged X to support" -> X, else the subject."""
    head = verb.head
    objects = children(head, "dobj")
    if objects and verb.dep_ == "xcomp":
        return objects
    return subject_tokens(head)


def subject_tokens(verb: Token, *, seen: frozenset[int] = frozenset()) -> list[Token]:
    """Who does what a verb says, looking through control, coordination and clauses.

    "Putin is scheduled to arrive" -> Putin; "China refrained ... and increased" -> China;
    "a country that supports" -> country; "killing one person" (after "police opened
    fire") -> police.
    """
    if verb.i in seen:
        return []
    seen = seen | {verb.i}
    own = children(verb, "nsubj", "csubj", "expl")
    own = [t for t in own if t.dep_ != "expl"]
    if own:
        return own
    passive_subjects = children(verb, "nsubjpass")
    if passive_subjects and verb.dep_ != "xcomp":
        return []
    if verb.head.i == verb.i:
        return []
    relation = verb.dep_
    if relation == "xcomp":
        if passive_subjects:
            return []
        if is_passive(verb.head) and children(verb.head, "nsubjpass"):
            return children(verb.head, "nsubjpass")
        return [t for t in _controller(verb) if t.i not in seen]
    if relation == "conj":
        if is_passive(verb.head) and children(verb.head, "nsubjpass"):
            return children(verb.head, "nsubjpass")
        return subject_tokens(verb.head, seen=seen)
    if relation in {"relcl", "acl"}:
        return [] if is_passive(verb) else [verb.head]
    if relation == "advcl" and verb.tag_ in {"VBG", "VBN", "VB"} and not any(
        c.dep_ == "mark" and c.lower_ != "to" for c in verb.children
    ):
        # Only a non-finite clause borrows the main subject ("..., killing one person"); a
        # tensed one without a subject is a parse slip, and guessing would invent an actor.
        return subject_tokens(verb.head, seen=seen)
    if relation == "pcomp" and verb.head.dep_ == "prep":
        governor = verb.head.head
        # "accused X of violating": X did it; "lost its neutrality by joining": the subject.
        if verb.head.lower_ in {"of", "for", "with"} and lemma(governor) in _ACCUSING:
            objects = children(governor, "dobj")
            if objects:
                return objects
        if verb.head.lower_ == "from" and lemma(governor) in _BARRING:
            return []  # "blocked Taiwan from participating": no one took part
        if governor.dep_ == "acomp" and lemma(governor) in _CULPABLE:
            # "X and Y are guilty of violating the ceasefire": they did it. Not "capable of
            # launching", which says nothing happened.
            return subject_tokens(governor.head, seen=seen)
        return subject_tokens(governor, seen=seen)
    return []


def governor_of(noun: Token, measure_nouns: Iterable[str] = ()) -> tuple[Token, str] | None:
    """The verb a noun hangs on, and how: ("held", "dobj"), ("arrived", "prep:on").

    Coordinated nouns share their first conjunct's governor ("condemnation and sanctions
    from the West"), and a measure noun passes its governor through ("ten days of war
    games").
    """
    measures = set(measure_nouns)
    current = noun
    for _ in range(4):
        if current.dep_ == "conj" and current.head.pos_ in NOMINAL_POS:
            current = current.head
            continue
        head = current.head
        if (current.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOMINAL_POS
                and lemma(head.head) in measures):
            current = head.head
            continue
        break
    head = current.head
    if head.i == current.i:
        return None
    if current.dep_ in {"dobj", "obj", "nsubjpass", "attr", "oprd", "nsubj"} and (
        head.pos_ in VERBAL_POS
    ):
        return head, current.dep_
    if current.dep_ in {"pobj", "pcomp"} and head.dep_ in {"prep", "agent"}:
        verb = head.head
        if verb.pos_ in VERBAL_POS and verb.i != head.i:
            return verb, f"prep:{head.lower_}"
    return None


def ancestors_within_sentence(token: Token) -> Iterator[Token]:
    current = token
    while current.head.i != current.i:
        current = current.head
        yield current
