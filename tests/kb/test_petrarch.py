"""The PETRARCH/Phoenix importers: on small files we wrote, and on the shared Phoenix set."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_data import shared_path
from tidings.kb import KBActor, KnowledgeBase, import_petrarch_agents, import_petrarch_dictionary
from tidings.kb.petrarch import parse_dictionary_date, split_cameo

SMALL = """\
# a comment line
RUFUS_T_FIREFLY_  # CountryInfo.txt
+FIREFLY_
+PRESIDENT_FIREFLY_
\t[FRDELI 19000101-330101]
\t[FRDGOV 330101-331231]
\t[FRDELI]
FREEDONIA_ [FRD]
+FREEDONIAN_+FREEDONIANS_
FREEDONIAN_ARMY_ [FRDMIL] # trailing comment
SYLVANIA_RED_BRIGADE_(SRB)_ [SLVREB]
BROKEN_DATE_MAN_
\t[FRDGOV 1933017-19350101]
\t[FRDGOV >250101]
ANOTHER_BROKEN_
\t[FRDGOV 330101-320101]
\t[FRD]
UNCLOSED_ [FRDGOV
CONTROL_Z\x1aMAN_ [FRDGOV]
ORPHAN_WITHOUT_CODE_
"""


def _by_name(actors: list[KBActor]) -> dict[str, KBActor]:
    return {actor.name: actor for actor in actors}


@pytest.fixture
def small(tmp_path: Path) -> tuple[dict[str, KBActor], list]:
    path = tmp_path / "small.actors.txt"
    path.write_text(SMALL, encoding="utf-8")
    actors, warnings = import_petrarch_dictionary(path)
    return _by_name(actors), warnings


def test_entries_synonyms_and_codes(small: tuple[dict[str, KBActor], list]) -> None:
    actors, _ = small
    firefly = actors["RUFUS T FIREFLY"]
    assert firefly.aliases == ["FIREFLY", "PRESIDENT FIREFLY"]
    assert (firefly.code, firefly.sector, firefly.kind) == ("FRD", "ELI", "person")
    assert [(r.code, r.sector, r.start, r.end) for r in firefly.roles] == [
        ("FRD", "ELI", date(1900, 1, 1), date(1933, 1, 2)),  # 8 and 6 digits; 33 -> 1933
        ("FRD", "GOV", date(1933, 1, 1), date(1934, 1, 1)),  # both ends included
    ]
    assert actors["FREEDONIA"].aliases == ["FREEDONIAN", "FREEDONIANS"]
    assert actors["FREEDONIA"].kind == "country"
    assert (actors["FREEDONIAN ARMY"].code, actors["FREEDONIAN ARMY"].sector) == ("FRD", "MIL")
    brigade = actors["SYLVANIA RED BRIGADE"]
    assert brigade.aliases == ["SRB"] and brigade.kind == "group"


def test_bad_lines_warn_by_name_and_line_and_the_rest_is_read(
    small: tuple[dict[str, KBActor], list],
) -> None:
    actors, warnings = small
    kinds = Counter(warning.kind for warning in warnings)
    assert kinds == Counter({"bad-date": 2, "unparsed": 1, "control-character": 1, "no-code": 1})
    seven = next(w for w in warnings if "7 digits" in w.message)
    assert seven.line == 13 and seven.path.endswith("small.actors.txt")
    assert "small.actors.txt:13: bad-date" in str(seven)
    # the entry keeps its good code
    assert [(r.start, r.end) for r in actors["BROKEN DATE MAN"].roles] == [
        (date(2025, 1, 1), None)  # a 6-digit year below 30 is 20xx
    ]
    assert actors["ANOTHER BROKEN"].roles == []
    assert actors["ANOTHER BROKEN"].code == "FRD"
    assert "CONTROL ZMAN" in actors  # the SUB character dropped, the entry kept
    assert "ORPHAN WITHOUT CODE" not in actors


def test_imported_actors_resolve_by_date(small: tuple[dict[str, KBActor], list]) -> None:
    actors, _ = small
    kb = KnowledgeBase({a.actor_id: a for a in actors.values()}, role_nouns={}, titles={})
    assert kb.lookup("Firefly", on=date(1933, 6, 1))[0].sector == "GOV"
    assert kb.lookup("Firefly", on=date(1950, 6, 1))[0].sector == "ELI"


@pytest.mark.parametrize(
    ("code", "parts"),
    [
        ("AFGGOV", ("AFG", "GOV", None)),
        ("IGOUNO", ("IGO", None, "UNO")),
        ("IGOUNOREFHCR", ("IGO", "REF", "UNOHCR")),
        ("KORGOVBUS", ("KOR", "GOV", None)),
        ("RUS", ("RUS", None, None)),
    ],
)
def test_split_cameo(code: str, parts: tuple[str, str | None, str | None]) -> None:
    assert split_cameo(code) == parts


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)))
def test_six_and_eight_digit_dates_round_trip(day: date) -> None:
    assert parse_dictionary_date(day.strftime("%Y%m%d")) == day
    assert parse_dictionary_date(day.strftime("%y%m%d")) == day


@pytest.mark.parametrize("text", ["9008223", "201005011", "1920030320", "20121340", "12ab56", ""])
def test_malformed_dates_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dictionary_date(text)


# --- the shared Phoenix dictionaries (skipped when ../shared is absent) ------------------

README_COUNTS = {  # shared/data/dictionaries/README.md: primary entries, synonyms, dated codes
    "Phoenix.Countries.actors.txt": (18_390, 7_527, 26_110),
    "Phoenix.International.actors.txt": (7_840, 66, 452),
    "Phoenix.MilNonState.actors.txt": (1_021, 772, 1),
}


@pytest.fixture(scope="module")
def phoenix() -> dict[str, tuple[list[KBActor], list]]:
    folder = shared_path("data", "dictionaries")
    return {name: import_petrarch_dictionary(folder / name) for name in README_COUNTS}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(README_COUNTS))
def test_counts_match_the_readme(phoenix: dict[str, tuple[list[KBActor], list]], name: str) -> None:
    actors, _ = phoenix[name]
    primaries, synonyms, dated = README_COUNTS[name]
    assert abs(len(actors) - primaries) <= 0.02 * primaries
    # forms may run a little over: "(AAIA)" in a phrase becomes an alias of its own
    forms = sum(len(actor.forms()) for actor in actors)
    assert 0.98 * (primaries + synonyms) <= forms <= 1.06 * (primaries + synonyms)
    # an entry whose codes are shared with the next entry counts them twice, never fewer
    roles = sum(len(actor.roles) for actor in actors)
    assert dated - 10 <= roles <= dated * 1.05


@pytest.mark.shared
def test_ban_ki_moon_is_un_after_2007(phoenix: dict[str, tuple[list[KBActor], list]]) -> None:
    actors, warnings = phoenix["Phoenix.International.actors.txt"]
    kb = KnowledgeBase({a.actor_id: a for a in actors}, role_nouns={}, titles={})
    for text in ["SECRETARY-GENERAL BAN KI-MOON", "Ban Ki-moon"]:
        res = kb.lookup(text, on=date(2010, 6, 1))
        assert [(r.code, r.igo) for r in res] == [("IGO", "UNO")], text
    # before 2007 his only other code has a 7-digit date: skipped with a warning, so none
    assert kb.lookup("Ban Ki-moon", on=date(2005, 6, 1)) == []
    assert any(w.line == 40 and w.kind == "bad-date" for w in warnings)


@pytest.mark.shared
def test_najibullah_is_gov_only_in_office(
    phoenix: dict[str, tuple[list[KBActor], list]],
) -> None:
    actors, _ = phoenix["Phoenix.Countries.actors.txt"]
    kb = KnowledgeBase({a.actor_id: a for a in actors}, role_nouns={}, titles={})

    def code(on: date) -> str:
        res = kb.lookup("MOHAMMAD NAJIBULLAH", on=on)
        return res[0].code + (res[0].sector or "")

    assert code(date(1987, 9, 30)) == "AFGGOV"
    assert code(date(1990, 1, 1)) == "AFGGOV"
    assert code(date(1992, 4, 16)) == "AFGGOV"
    assert code(date(1987, 9, 29)) == "AFGELI"
    assert code(date(1992, 4, 17)) == "AFGELI"
    assert code(date(2000, 1, 1)) == "AFGELI"


@pytest.mark.shared
def test_known_malformed_lines_warn_and_the_file_still_imports(
    phoenix: dict[str, tuple[list[KBActor], list]],
) -> None:
    countries, warnings = phoenix["Phoenix.Countries.actors.txt"]
    found = {(w.kind, w.line) for w in warnings}
    # the README's list: 7, 9 and 10-digit dates, and two SUB characters
    assert ("bad-date", 2039) in found  # [ARMUNR 9008223-911221]
    assert ("bad-date", 18010) in found  # [GBRGOV >201005011]
    assert ("bad-date", 22508) in found and ("bad-date", 22519) in found  # IRQOCC, twice
    assert ("bad-date", 43613) in found  # [SDNSSDAUT 1920050709-20110709]
    assert ("control-character", 745) in found
    assert sum(1 for w in warnings if w.kind == "control-character") == 2
    assert len(countries) > 18_000


@pytest.mark.shared
def test_agents_file() -> None:
    warnings: list = []
    nouns = import_petrarch_agents(
        shared_path("data", "dictionaries", "Phoenix.agents.txt"), warnings=warnings
    )
    assert len(nouns) >= 2_245  # README: 2,245 entries; macros add more forms
    assert nouns["rebel"] == "REB"
    assert nouns["cattleman"] == "AGR"  # CATTLE!PERSON! expanded
    assert nouns["peasant"] == "AGR"
    assert {w.kind for w in warnings} <= {"duplicate-noun", "bad-code", "no-code"}
    assert all(w.line > 0 for w in warnings)
