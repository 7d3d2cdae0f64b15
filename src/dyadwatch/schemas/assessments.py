"""Schema component 'assessments': a small record of each assessment's key judgements.

One row per judgement per report run, so the next report can say what changed since the last one (a
likelihood or confidence that moved, a judgement that appeared or dropped out). Append migrations; never
edit a released one.
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = [
    # 1: the judgements of each assessment run
    """
    CREATE TABLE assessment_judgements (
        run_id VARCHAR NOT NULL,
        dyad VARCHAR NOT NULL,
        as_of DATE NOT NULL,
        generated_at TIMESTAMP NOT NULL,
        judgement_id VARCHAR NOT NULL,
        statement VARCHAR NOT NULL,
        likelihood VARCHAR,
        probability DOUBLE,
        confidence VARCHAR NOT NULL,
        evidence VARCHAR
    );
    """,
]

register_component("assessments", MIGRATIONS)
