"""The store's schema as numbered, named migrations, and the runner that applies them.

Each migration is applied in its own transaction and recorded in ``schema_migrations`` inside
the database itself, so a file carries its own history: opening an old file with a newer
tidings brings it up to date, and re-running applies nothing. A migration, once released, is
never edited; a change to the schema is a new migration at the end of ``MIGRATIONS``.

Every fact row carries its provenance: the article id and the character offsets into
``articles.text`` that it was read from. Columns beyond the bare contracts (``position``,
``sentence_text``, ``speaker_*``, ...) exist so that every model reads back exactly as it was
saved, in the order it was saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from tidings.store.errors import MigrationError


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its number fixes the order, its name documents the intent."""

    number: int
    name: str
    sql: str


_INITIAL_SCHEMA = """
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    url VARCHAR,
    source VARCHAR,
    site VARCHAR,
    author VARCHAR,
    published DATE,
    language VARCHAR,
    origin VARCHAR,
    format VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    extracted_at TIMESTAMP
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    label VARCHAR,
    code VARCHAR,
    sector VARCHAR,
    actor_id VARCHAR,
    name VARCHAR,
    method VARCHAR NOT NULL,
    antecedent INTEGER,
    sentence_start INTEGER,
    sentence_end INTEGER,
    sentence_text VARCHAR,
    PRIMARY KEY (article_id, "start", "end")
);

CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[] NOT NULL,
    status VARCHAR NOT NULL,
    claim_id VARCHAR,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL,
    date_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_start INTEGER,
    location_end INTEGER,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentence_text VARCHAR NOT NULL,
    cameo VARCHAR,
    quad_class TINYINT,
    intensity DOUBLE,
    confidence DOUBLE NOT NULL,
    provenance VARCHAR NOT NULL
);

CREATE TABLE event_actors (
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('source', 'target', 'attributed_to')),
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    code VARCHAR,
    sector VARCHAR,
    actor_id VARCHAR,
    name VARCHAR,
    PRIMARY KEY (event_id, role, position)
);

CREATE TABLE event_evidence (
    event_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE quotes (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    speaker_text VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_label VARCHAR,
    speaker_code VARCHAR,
    speaker_sector VARCHAR,
    speaker_actor_id VARCHAR,
    speaker_name VARCHAR,
    speaker_method VARCHAR,
    speaker_antecedent INTEGER,
    speaker_sentence_start INTEGER,
    speaker_sentence_end INTEGER,
    speaker_sentence_text VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR,
    provenance VARCHAR NOT NULL
);

CREATE TABLE claims (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    claimant_text VARCHAR,
    claimant_code VARCHAR,
    claimant_sector VARCHAR,
    claimant_actor_id VARCHAR,
    claimant_name VARCHAR,
    hedge VARCHAR,
    provenance VARCHAR NOT NULL
);

CREATE TABLE claim_events (
    claim_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    event_id VARCHAR NOT NULL,
    PRIMARY KEY (claim_id, position)
);

CREATE TABLE stories (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    first_seen DATE,
    last_seen DATE
);

CREATE TABLE story_articles (
    story_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (story_id, position)
);
"""

# Kept apart from the tables so that a file made before them still gets them, and so that the
# list reads as what the queries in reads.py lean on.
_QUERY_INDEXES = """
CREATE INDEX events_by_type ON events (type);
CREATE INDEX events_by_article ON events (article_id);
CREATE INDEX event_actors_by_code ON event_actors (code);
CREATE INDEX quotes_by_article ON quotes (article_id);
CREATE INDEX claims_by_article ON claims (article_id);
"""

# The analysis layer's tables (tidings.analysis): canonical events (one per real-world action,
# however many articles report it) with every mention that makes it up, the links between them
# (a planned event and its later occurrence), and a ledger of analysis builds so that a stale
# analysis can be told from a fresh one. All of it is derived from the tables above and is
# rebuilt whole; hence no primary keys, which DuckDB before 1.2 would refuse to delete and
# re-insert within one transaction.
_ANALYSIS_TABLES = """
CREATE TABLE canonical_events (
    id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    source_keys VARCHAR[] NOT NULL,
    target_keys VARCHAR[] NOT NULL,
    source_names VARCHAR[] NOT NULL,
    target_names VARCHAR[] NOT NULL,
    alleged_by VARCHAR[] NOT NULL,
    date_start DATE,
    date_end DATE,
    day DATE,
    quad_class TINYINT,
    intensity DOUBLE,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    story_ids VARCHAR[] NOT NULL,
    first_event_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL
);

CREATE TABLE canonical_mentions (
    canonical_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL
);

CREATE TABLE event_links (
    from_id VARCHAR NOT NULL,
    to_id VARCHAR NOT NULL,
    relation VARCHAR NOT NULL
);

CREATE TABLE analysis_builds (
    fingerprint VARCHAR NOT NULL,
    built_at TIMESTAMP NOT NULL,
    articles INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    canonical_events INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);

CREATE INDEX canonical_mentions_by_canonical ON canonical_mentions (canonical_id);
CREATE INDEX canonical_mentions_by_article ON canonical_mentions (article_id);
"""

# Where each article was seen, and the MinHash fingerprints that find its copies (see
# store/sources.py). Independent of every other migration's tables: it only reads article ids.
_ARTICLE_SOURCES = """
CREATE TABLE article_sources (
    article_id VARCHAR NOT NULL,
    copy_key VARCHAR NOT NULL,
    relation VARCHAR NOT NULL CHECK (relation IN ('original', 'duplicate', 'near-duplicate')),
    basis VARCHAR CHECK (basis IN ('content', 'url', 'text')),
    similarity DOUBLE,
    copy_id VARCHAR NOT NULL,
    source VARCHAR,
    url VARCHAR,
    origin VARCHAR,
    published DATE,
    title VARCHAR,
    seen_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (article_id, copy_key)
);

CREATE TABLE article_fingerprints (
    article_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,
    url_key VARCHAR,
    minhash BLOB NOT NULL
);

CREATE TABLE article_bands (
    key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);

CREATE INDEX article_fingerprints_by_hash ON article_fingerprints (content_hash);
CREATE INDEX article_fingerprints_by_url ON article_fingerprints (url_key);
CREATE INDEX article_bands_by_key ON article_bands (key);
"""

# DuckDB answers the fingerprint lookups (``StoreFingerprints.candidates``: ``IN`` over a
# whole chunk's keys) with hash semi-joins that never read these indexes (EXPLAIN shows
# sequential scans), so they only cost time and memory on every insert.
_DROP_UNUSED_FINGERPRINT_INDEXES = """
DROP INDEX IF EXISTS article_bands_by_key;
DROP INDEX IF EXISTS article_fingerprints_by_hash;
DROP INDEX IF EXISTS article_fingerprints_by_url;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial-schema", _INITIAL_SCHEMA),
    Migration(2, "query-indexes", _QUERY_INDEXES),
    Migration(3, "analysis-tables", _ANALYSIS_TABLES),
    Migration(4, "article-sources", _ARTICLE_SOURCES),
    Migration(5, "drop-unused-fingerprint-indexes", _DROP_UNUSED_FINGERPRINT_INDEXES),
)

# Every table that holds data, in the order the schema creates them; counts() and
# export_table() accept exactly these names.
TABLES: tuple[str, ...] = (
    "articles",
    "mentions",
    "events",
    "event_actors",
    "event_evidence",
    "quotes",
    "claims",
    "claim_events",
    "stories",
    "story_articles",
)
# The tables one article's extraction fills, parents first: all but the stories, which are
# cross-document and built afterwards by tidings.analysis.
EXTRACTION_TABLES: tuple[str, ...] = TABLES[: TABLES.index("stories")]

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    number INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Refuse a list that is not numbered 1, 2, 3, ... with unique names.

    A gap or a repeat would make "the schema version" ambiguous between two files.
    """
    names: set[str] = set()
    for expected, migration in enumerate(migrations, start=1):
        if migration.number != expected:
            raise MigrationError(
                f"S001 migration {migration.name!r} is numbered {migration.number}, expected "
                f"{expected}: migrations must be numbered 1, 2, 3, ... in order"
            )
        if migration.name in names:
            raise MigrationError(f"S002 migration name {migration.name!r} is used twice")
        names.add(migration.name)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The migrations recorded in the database, by number; empty for a new database.

    Only reads: asking a fresh database its version must not create the ledger in it.
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
    ).fetchone()
    if not exists or not exists[0]:
        return {}
    rows = con.execute("SELECT number, name FROM schema_migrations ORDER BY number").fetchall()
    return {int(number): str(name) for number, name in rows}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The number of the last migration applied; 0 for a database never migrated."""
    applied = applied_migrations(con)
    return max(applied, default=0)


def apply_migrations(
    con: duckdb.DuckDBPyConnection,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> list[Migration]:
    """Apply the migrations the database lacks, each in its own transaction; return them.

    A database whose history disagrees with ours (a different name under a number, or a
    number we do not know) is refused rather than patched, since guessing could corrupt it.
    """
    check_migrations(migrations)
    con.execute(_LEDGER)
    applied = applied_migrations(con)
    known = {m.number: m for m in migrations}
    for number, name in applied.items():
        if number not in known:
            raise MigrationError(
                f"S003 the database is at schema version {max(applied)}, newer than this "
                f"tidings knows ({len(migrations)}): upgrade tidings to open it"
            )
        if known[number].name != name:
            raise MigrationError(
                f"S004 the database records migration {number} as {name!r}, but this tidings "
                f"calls it {known[number].name!r}: the file was made by an incompatible build"
            )
    done: list[Migration] = []
    for migration in migrations:
        if migration.number in applied:
            continue
        con.begin()
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) "
                "VALUES (?, ?, current_timestamp)",
                [migration.number, migration.name],
            )
        except BaseException:
            con.rollback()
            raise
        con.commit()
        done.append(migration)
    return done
