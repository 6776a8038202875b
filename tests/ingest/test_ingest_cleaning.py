"""clean_text: normalisation, whole-line furniture removal, and the furniture data file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.ingest import clean_text
from tidings.ingest.cleaning import (
    FurnitureError,
    default_furniture,
    furniture_key,
    load_furniture,
)

BODY = "The ministers met in Geneva on Tuesday and agreed to meet again in June."


@pytest.mark.parametrize(
    "line",
    [
        "Share this post",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Share on X",
        "Share on LinkedIn",
        "Tweet",
        "Email",
        "Facebook Twitter LinkedIn Email",
        "Request a Quote - CMS, CRM, ERP & Custom Development",
        "Request a Quote - Web Design & Development",
        "Chat to Us on\xa0Whatsapp",
        "× Chat Now",
        "Live chat",
        "Source: Here",
        "Source: Here...",
        "Sign up for our newsletter",
        "Subscribe",
        "We use cookies to give you the best experience. By continuing you accept them.",
        "Accept all cookies",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more: Xi and Putin sign a new energy deal",
        "Related: What the summit means for Europe",
        "Related",
        "  Follow us on Telegram  ",
    ],
)
def test_furniture_line_is_removed(line: str) -> None:
    text = f"{BODY}\n\n{line}\n\nOfficials said a draft was ready."
    cleaned = clean_text(text)
    assert cleaned == f"{BODY}\n\nOfficials said a draft was ready."


@pytest.mark.parametrize(
    "sentence",
    [
        "He urged readers to share this post on Facebook before the vote.",
        "Share this article, the minister told reporters, and you will see the truth.",
        "The company said it would request a quote from three suppliers.",
        "Protesters held signs reading “Subscribe to peace” outside the embassy.",
        "Diplomats said they could chat now that the ceasefire was holding.",
        "The source: here, at least, officials agreed the talks had stalled.",
        "Read more carefully, the ruling leaves room for appeal.",
        "Advertisement revenue fell by a third after the sanctions.",
        "We use cookies as an example of tracking in our report, the regulator said.",
        "“Subscribe.”",
    ],
)
def test_furniture_phrase_inside_a_sentence_is_kept(sentence: str) -> None:
    assert clean_text(f"{BODY}\n{sentence}") == f"{BODY}\n{sentence}"


def test_long_lines_are_never_furniture() -> None:
    teaser = "Read more: " + "the talks " * 20
    notice = "We use cookies " + "and the ministers talked for hours " * 12
    assert len(teaser) > 120 and len(notice) > 400
    cleaned = clean_text(f"{teaser.strip()}\n{notice.strip()}")
    assert cleaned == f"{teaser.strip()}\n{notice.strip()}"


def test_normalisation_steps() -> None:
    raw = (
        "\ufeffCafe\u0301 talks\r\nresume  \r\n\r\n\r\n\r\nin Gene\u200bva\x00.\t \n"
        "\u201cNo,\u201d he said \u2014 firmly.\n\n\n"
    )
    assert clean_text(raw) == "Café talks\nresume\n\nin Geneva.\n“No,” he said — firmly."


def test_two_blank_lines_become_one() -> None:
    assert clean_text("One.\n\n\nTwo.") == "One.\n\nTwo."
    assert clean_text("One.\n\nTwo.") == "One.\n\nTwo."


def test_right_to_left_text_and_marks_are_kept() -> None:
    arabic = "قال الوزير إن المحادثات ستستأنف\u200f الأسبوع المقبل."
    hebrew = "השר אמר שהשיחות יתחדשו בשבוע הבא."
    assert clean_text(f"{arabic}\n{hebrew}") == f"{arabic}\n{hebrew}"


def test_only_furniture_gives_empty_text() -> None:
    assert clean_text("Share this post\n\nAdvertisement\n  \n") == ""


def test_furniture_key_strips_decoration_but_not_quotes() -> None:
    assert furniture_key("× Chat\xa0 Now") == "Chat Now"
    assert furniture_key("Source: Here...") == "Source: Here"
    assert furniture_key("“Subscribe”") == "“Subscribe”"
    assert furniture_key("***") == ""


def test_default_furniture_loads_with_unique_names() -> None:
    rules = default_furniture()
    names = [rule.name for rule in rules.rules]
    assert len(names) == len(set(names)) >= 5
    assert all(rule.why for rule in rules.rules)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "furniture.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- just a list", "expected a mapping"),
        ("version: 2\nrules: []", "'version' must be 1"),
        ("version: 1\nrules: []", "non-empty list"),
        ("version: 1\nsurprise: 1\nrules: []", "unknown top-level keys"),
        ("version: 1\nrules:\n  - name: x\n    patterns: ['a']", "rule 'x': 'why'"),
        ("version: 1\nrules:\n  - name: x\n    why: y\n    patterns: []", "rule 'x': 'patterns'"),
        ("version: 1\nrules:\n  - name: bad\n    why: y\n    patterns: ['(']", "not a valid regex"),
        (
            "version: 1\nrules:\n  - name: x\n    why: y\n    patterns: ['a']\n    colour: red",
            "unknown keys",
        ),
        (
            "version: 1\nrules:\n  - {name: x, why: y, patterns: ['a']}\n"
            "  - {name: x, why: z, patterns: ['b']}",
            "used twice",
        ),
        ("version: 1\nrules:\n  - {name: x, why: y, patterns: ['a'], max_length: 0}", "max_"),
        ("version: 1\nrules: [\n", "not valid YAML"),
    ],
)
def test_bad_furniture_file_is_rejected_with_a_clear_message(
    tmp_path: Path, body: str, message: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(FurnitureError, match=re.escape(message)) as info:
        load_furniture(path)
    assert str(path) in str(info.value)


def test_custom_furniture_is_used(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "version: 1\nrules:\n  - name: bylines\n    why: test\n    patterns: ['by staff']",
    )
    rules = load_furniture(path)
    assert clean_text(f"{BODY}\nBy staff\nShare this post", furniture=rules) == (
        f"{BODY}\nShare this post"
    )


# --- properties -----------------------------------------------------------------------

# Any word a furniture pattern is anchored on. A sentence containing one of these may be
# furniture; a sentence without any must always survive cleaning.
FURNITURE_WORDS = frozenset(
    """share tweet email e-mail print copy facebook twitter x linkedin whatsapp telegram
    reddit pinterest flipboard messenger quote chat source sign subscribe register
    newsletter newsletters cookie cookies advertisement advertisements advert ad sponsored
    continues read related recommended trending more see click follow leave reply comment
    comments skip top""".split()  # noqa: SIM905 - a word list reads best as words
)
# Ordinary words, with near misses of the furniture words to make the property bite.
WORDS = """the minister said talks would resume in Moscow and Beijing after a long pause
    officials shared shares sharing emailed printed quoted quotes chatted sources sourced
    subscribers subscription advertising advertised relating reader reading following
    followers clicked commented policy settings now live here free up us our this post
    article story page on to with via all below continue Putin Xi “ ” — – , : ; ( )
    مرحبا שלום 中国 Россия""".split()  # noqa: SIM905 - as above

_word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=8),
)
_sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_word, min_size=1, max_size=10),
    st.sampled_from(["", ".", "!", "?", "…"]),
)
FURNITURE_LINES = [
    "Share this post",
    "Request a Quote - Web Design & Development",
    "Chat to Us on\xa0Whatsapp",
    "× Chat Now",
    "Source: Here",
    "Sign up for our newsletter",
    "Advertisement",
    "Read more: Putin lands in Beijing",
    "Tweet",
    "Email",
]
_block = st.one_of(
    st.lists(_sentence, min_size=1, max_size=3).map(lambda s: ("para", s)),
    st.sampled_from(FURNITURE_LINES).map(lambda line: ("furniture", [line])),
)
_separator = st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "  \n", "\n \t\n"])


def _tokens(text: str) -> set[str]:
    return {token.lower() for token in re.findall(r"[\w’'-]+", text)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_block, _separator), min_size=1, max_size=8))
def test_clean_sentences_survive_and_furniture_goes(blocks: list) -> None:
    document = "".join(" ".join(sentences) + sep for (_kind, sentences), sep in blocks)
    cleaned = clean_text(document)
    lines = set(cleaned.split("\n"))
    for (kind, sentences), _sep in blocks:
        if kind == "furniture":
            assert sentences[0].strip() not in lines
            continue
        paragraph = " ".join(sentences)
        if _tokens(paragraph) & FURNITURE_WORDS:
            continue
        for sentence in sentences:
            assert unicodedata.normalize("NFC", sentence).strip() in cleaned


_noisy = st.lists(
    st.one_of(
        st.text(),
        st.sampled_from(
            [
                "\n",
                "\r\n",
                "\r",
                "\n\n\n",
                "\x00",
                "\u200b",
                "\ufeff",
                "\u0301",
                "\u2028",
                " ",
                "\xa0",
                "\t",
                "×",
                *FURNITURE_LINES,
            ]
        ),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_noisy)
def test_clean_text_is_idempotent_and_never_raises(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\u200b" not in once
    assert "\n\n\n" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))
    assert unicodedata.is_normalized("NFC", once)
