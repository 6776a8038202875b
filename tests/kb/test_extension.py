"""User extension files: merged over the built-in data, and checked with a clear error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.kb import KBDataError, load_knowledge_base


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_actor_and_new_alias(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        "mine.yaml",
        """
- actor_id: meridian-defence-council
  name: Meridian Defence Council
  kind: organisation
  code: GBR
  sector: MIL
  aliases: [MDC Council]
- actor_id: seat-kremlin
  aliases: [Kremlin Palace]
""",
    )
    kb = load_knowledge_base(extra=[extra])
    assert kb.lookup("Meridian Defence Council")[0].code == "GBR"
    assert kb.lookup("MDC Council")[0].sector == "MIL"
    # an existing actor is extended, not replaced
    assert kb.lookup("Kremlin Palace")[0].actor_id == "seat-kremlin"
    assert kb.lookup("the Kremlin")[0].actor_id == "seat-kremlin"
    assert kb.actors["seat-kremlin"].name == "the Kremlin"


def test_override_fields_and_add_a_role(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        "roles.yaml",
        """
- actor_id: stoltenberg-jens
  note: checked by our desk
  roles:
    - {title: conference chair, code: DEU, sector: GOV, start: 2026-02-01, end: 2026-03-01}
- actor_id: group-hamas
  code: IMG
""",
    )
    kb = load_knowledge_base(extra=[extra])
    stoltenberg = kb.actors["stoltenberg-jens"]
    assert stoltenberg.note == "checked by our desk"
    assert len(stoltenberg.roles) == 4  # three built-in, one added
    assert kb.lookup("Stoltenberg", on=date(2026, 2, 15))[0].code == "DEU"
    assert kb.lookup("Stoltenberg", on=date(2020, 1, 1))[0].code == "IGO"  # built-in kept
    assert kb.lookup("Hamas")[0].code == "IMG"
    assert kb.lookup("Hamas")[0].sector == "REB"  # fields not set stay


def test_replace_and_drop(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        "edit.yaml",
        """
- {actor_id: seat-kremlin, aliases: [Kreml], replace: true}
- {actor_id: org-sputnik, drop: true}
""",
    )
    kb = load_knowledge_base(extra=[extra])
    assert kb.actors["seat-kremlin"].aliases == ["Kreml"]
    assert "org-sputnik" not in kb.actors
    assert kb.lookup("Sputnik") == []


def test_later_files_win_and_sections_extend_role_nouns(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", "- {actor_id: group-hamas, note: first}\n")
    second = _write(
        tmp_path,
        "b.yaml",
        """
actors:
  - {actor_id: group-hamas, note: second}
role_nouns:
  - {sector: MIL, nouns: [sapper]}
titles:
  - {title: foreign minister, also: [FM]}
""",
    )
    kb = load_knowledge_base(extra=[first, second])
    assert kb.actors["group-hamas"].note == "second"
    assert kb.role_sector("sappers") == "MIL"
    holder = kb.role_holder("USA", "FM", on=date(2022, 1, 1))
    assert holder is not None and holder.name == "Antony Blinken"


def test_the_built_in_data_is_untouched_by_extensions(tmp_path: Path) -> None:
    extra = _write(tmp_path, "x.yaml", "- {actor_id: org-sputnik, drop: true}\n")
    load_knowledge_base(extra=[extra])
    assert "org-sputnik" in load_knowledge_base().actors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- {actor_id: my-group, name: My Group, kind: gang, code: GBR}\n",
            ["bad.yaml", "entry 1", "my-group", "kind"],
        ),
        (
            "- {actor_id: ok-one, name: One, kind: group, code: GBR}\n"
            "- {actor_id: my-person, name: Someone, kind: person, country: Russia}\n",
            ["bad.yaml", "entry 2", "my-person", "country"],
        ),
        (
            "- {actor_id: my-person, name: Someone, kind: person, country: RUS,\n"
            "   roles: [{title: president, start: 2020-01-01, end: 2019-01-01}]}\n",
            ["bad.yaml", "entry 1", "my-person", "ends"],
        ),
        (
            "- {actor_id: new-thing, aliases: [x]}\n",
            ["bad.yaml", "entry 1", "new-thing", "needs name, kind, code"],
        ),
        (
            "- {actor_id: Not A Slug, name: X, kind: group, code: GBR}\n",
            ["bad.yaml", "entry 1", "actor_id"],
        ),
        (
            "- {actor_id: x-y, name: X, kind: group, code: GBR, colour: red}\n",
            ["bad.yaml", "entry 1", "colour"],
        ),
        ("- {actor_id: x-y, name: X\n", ["bad.yaml", "YAML error at line"]),
        ("- {actor_id: org-nowhere, drop: true}\n", ["bad.yaml", "entry 1", "drop"]),
        ("role_nouns:\n  - {sector: soldiers, nouns: [x]}\n", ["bad.yaml", "entry 1", "sector"]),
        ("just text\n", ["bad.yaml", "want a list"]),
    ],
)
def test_schema_errors_name_file_and_entry(tmp_path: Path, text: str, expected: list[str]) -> None:
    bad = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(KBDataError) as caught:
        load_knowledge_base(extra=[bad])
    message = str(caught.value)
    for part in expected:
        assert part in message, message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KBDataError, match="cannot read"):
        load_knowledge_base(extra=[tmp_path / "absent.yaml"])
