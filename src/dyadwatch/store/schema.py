"""Schema components and their migrations.

A component is a named, ordered list of migrations (SQL strings or callables taking a DuckDB connection).
Modules add their own tables by registering a component; `schema_versions` records what has been applied
per component, so components evolve independently. Never edit a released migration: append a new one.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

Migration = str | Callable[[object], None]

_COMPONENTS: dict[str, list[Migration]] = {}


def register_component(name: str, migrations: Sequence[Migration]) -> None:
    """Register (or re-register, idempotently) a component's migrations."""
    existing = _COMPONENTS.get(name)
    if existing is not None and list(existing) != list(migrations):
        # a module re-imported with a longer list (appended migration) replaces the old one
        if list(migrations[: len(existing)]) != list(existing):
            raise RuntimeError(f"schema component {name!r} registered twice with different history")
    _COMPONENTS[name] = list(migrations)


def components() -> dict[str, list[Migration]]:
    from dyadwatch.store import components as _components  # noqa: F401  (imports register them)
    _components.load_all()
    return dict(_COMPONENTS)


CORE = [
    # 1: the core tables of DESIGN.md §2
    """
    CREATE TABLE sources (
        id VARCHAR NOT NULL, title VARCHAR NOT NULL, publisher VARCHAR, author VARCHAR, url VARCHAR,
        date VARCHAR, licence VARCHAR, note VARCHAR, retrieved_at VARCHAR, vintage VARCHAR,
        origin VARCHAR, loaded_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE observations (
        indicator VARCHAR NOT NULL, reporter VARCHAR NOT NULL, partner VARCHAR, flow VARCHAR,
        product VARCHAR NOT NULL DEFAULT 'TOTAL', period VARCHAR NOT NULL, value DOUBLE NOT NULL,
        unit VARCHAR NOT NULL, basis VARCHAR, source_id VARCHAR NOT NULL, vintage VARCHAR,
        known_at DATE, dataset VARCHAR, note VARCHAR, origin VARCHAR,
        loaded_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE claims (
        id VARCHAR NOT NULL, dyad VARCHAR NOT NULL, realm VARCHAR NOT NULL, indicator VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, reporter VARCHAR, partner VARCHAR, subject VARCHAR, period VARCHAR,
        value DOUBLE, low DOUBLE, high DOUBLE, hedge VARCHAR, unit VARCHAR, source_id VARCHAR NOT NULL,
        note VARCHAR, known_at DATE, origin VARCHAR, loaded_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE events (
        id VARCHAR NOT NULL, date VARCHAR NOT NULL, dyad VARCHAR NOT NULL, realm VARCHAR NOT NULL,
        actor1 VARCHAR, actor2 VARCHAR, location VARCHAR, cameo VARCHAR, plover VARCHAR,
        quad_class INTEGER, goldstein DOUBLE, summary VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
        note VARCHAR, origin VARCHAR, loaded_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE recommendations (
        id VARCHAR NOT NULL, dyad VARCHAR NOT NULL, actor VARCHAR NOT NULL, summary VARCHAR NOT NULL,
        status VARCHAR NOT NULL, source_id VARCHAR NOT NULL, origin VARCHAR,
        updated_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE recommendation_evidence (
        recommendation_id VARCHAR NOT NULL, date VARCHAR NOT NULL, note VARCHAR NOT NULL,
        source_id VARCHAR, claim_id VARCHAR, event_id VARCHAR, origin VARCHAR
    );
    CREATE TABLE ingest_ledger (
        sha256 VARCHAR NOT NULL, path VARCHAR, kind VARCHAR NOT NULL, rows_read BIGINT, rows_kept BIGINT,
        rows_quarantined BIGINT, rows_duplicate BIGINT, note VARCHAR,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE quarantine (
        ledger_sha256 VARCHAR NOT NULL, kind VARCHAR NOT NULL, line BIGINT, reason VARCHAR NOT NULL,
        raw VARCHAR
    );
    """,
]

register_component("core", CORE)
