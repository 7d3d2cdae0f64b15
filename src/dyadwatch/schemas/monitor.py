"""Schema component 'monitor': what `dyadwatch update` keeps between runs (append; never edit a released one).

- ``monitor_cursors``: per dyad and source, how far the data have been fetched (GDELT: the last 15-minute
  stamp ingested; Comtrade: the last annual/monthly period asked; sanctions: the last dataset digest). A
  cursor moves only in the same transaction as the rows it covers, so an interrupted update loses nothing.
- ``monitor_runs`` / ``monitor_source_runs``: one row per update, and one per source within it (started,
  finished, result, rows added, error). A run that never finished keeps ``finished_at`` NULL.
- ``monitor_alerts``: what changed, computed by comparing the state after an update with the state before.
- ``monitor_deliveries``: each alert's delivery to each ``--notify`` target (pending ones are re-sent).
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = [
    # 1: cursors, runs, alerts, deliveries
    """
    CREATE TABLE monitor_cursors (
        dyad VARCHAR NOT NULL, source VARCHAR NOT NULL, cursor VARCHAR NOT NULL,
        updated_at TIMESTAMP DEFAULT current_timestamp, run_id VARCHAR,
        PRIMARY KEY (dyad, source)
    );
    CREATE TABLE monitor_runs (
        id VARCHAR NOT NULL PRIMARY KEY, dyad VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP, status VARCHAR NOT NULL, options JSON, pid INTEGER, state JSON
    );
    CREATE TABLE monitor_source_runs (
        run_id VARCHAR NOT NULL, dyad VARCHAR NOT NULL, source VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP, status VARCHAR NOT NULL, rows_added BIGINT DEFAULT 0, files INTEGER DEFAULT 0,
        cursor_before VARCHAR, cursor_after VARCHAR, error VARCHAR, detail JSON
    );
    CREATE TABLE monitor_alerts (
        id VARCHAR NOT NULL PRIMARY KEY, dyad VARCHAR NOT NULL, run_id VARCHAR, "at" TIMESTAMP NOT NULL,
        kind VARCHAR NOT NULL, severity VARCHAR NOT NULL, title VARCHAR NOT NULL, message VARCHAR NOT NULL,
        data JSON, evidence JSON
    );
    CREATE TABLE monitor_deliveries (
        alert_id VARCHAR NOT NULL, target VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER DEFAULT 0,
        last_error VARCHAR, sent_at TIMESTAMP, PRIMARY KEY (alert_id, target)
    );
    """,
]

register_component("monitor", MIGRATIONS)
