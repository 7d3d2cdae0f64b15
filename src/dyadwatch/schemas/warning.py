"""Schema component 'warning': its tables and migrations (append; never edit a released migration).

`forecasts` is the forecast registry (DESIGN.md §2 "Forecast"): probabilities for a defined target issued
by a person or a model, resolved later and scored with proper rules.
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = [
    # 1: the forecast registry
    """
    CREATE TABLE forecasts (
        id VARCHAR NOT NULL PRIMARY KEY,
        dyad VARCHAR NOT NULL,
        target VARCHAR NOT NULL,
        horizon_days INTEGER NOT NULL,
        probability DOUBLE NOT NULL,
        low DOUBLE,
        high DOUBLE,
        issued_at DATE NOT NULL,
        author VARCHAR NOT NULL,
        kind VARCHAR NOT NULL DEFAULT 'person',
        source_id VARCHAR,
        note VARCHAR,
        outcome BOOLEAN,
        resolved_at DATE,
        resolution_note VARCHAR,
        origin VARCHAR,
        created_at TIMESTAMP DEFAULT current_timestamp
    );
    """,
]

register_component("warning", MIGRATIONS)
