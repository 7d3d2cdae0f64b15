"""Runs, per-source results and cursors in the store (schema component 'monitor').

Each write is its own short transaction, so a run killed at any point leaves: the rows and cursor of every
source that finished (committed together), a ``running`` row for the source in progress (marked
``interrupted`` by the next run) and nothing half-written.
"""
from __future__ import annotations

import json
import os
import uuid
from typing import Any


def now(store):
    """The store's clock (UTC, naive): the same clock as the tables' loaded_at defaults."""
    return store.scalar("SELECT (current_timestamp AT TIME ZONE 'UTC')::TIMESTAMP")


def db_now(store):
    """The clock of the tables' ``loaded_at`` defaults (``current_timestamp`` in the session's time zone), for
    comparisons with them."""
    return store.scalar("SELECT current_timestamp::TIMESTAMP")


def start_run(store, dyad, options: dict) -> tuple[str, Any]:
    run_id = uuid.uuid4().hex[:16]
    started = now(store)
    with store.transaction() as tx:
        # runs that never finished (killed, power cut): say so, so status does not show them as running
        tx.execute("UPDATE monitor_source_runs SET status = 'interrupted', error = 'the update was interrupted' "
                   "WHERE dyad = ? AND finished_at IS NULL", [dyad.key])
        tx.execute("UPDATE monitor_runs SET status = 'interrupted' WHERE dyad = ? AND finished_at IS NULL",
                   [dyad.key])
        tx.execute("INSERT INTO monitor_runs (id, dyad, started_at, status, options, pid) VALUES (?, ?, ?, ?, ?, ?)",
                   [run_id, dyad.key, started, "running", json.dumps(options, default=str), os.getpid()])
    return run_id, started


def finish_run(store, run_id: str, status: str, state: dict | None = None) -> None:
    with store.transaction() as tx:
        tx.execute("UPDATE monitor_runs SET finished_at = ?, status = ?, state = ? WHERE id = ?",
                   [now(store), status, json.dumps(state, default=str) if state else None, run_id])


def start_source(store, run_id: str, dyad, source: str, cursor: str | None):
    started = now(store)
    with store.transaction() as tx:
        tx.execute("INSERT INTO monitor_source_runs (run_id, dyad, source, started_at, status, cursor_before) "
                   "VALUES (?, ?, ?, ?, 'running', ?)", [run_id, dyad.key, source, started, cursor])
    return started


def finish_source(tx, run_id: str, source: str, *, status: str, rows: int = 0, files: int = 0,
                  cursor: str | None = None, error: str | None = None, detail: Any = None) -> None:
    """Record a source's result (inside the caller's transaction, with its rows and its cursor)."""
    tx.execute("UPDATE monitor_source_runs SET finished_at = ?, status = ?, rows_added = ?, files = ?, "
               "cursor_after = ?, error = ?, detail = ? WHERE run_id = ? AND source = ?",
               [now(tx), status, int(rows), int(files), cursor, error, json.dumps(detail, default=str),
                run_id, source])


def get_cursor(store, dyad, source: str) -> str | None:
    return store.scalar("SELECT cursor FROM monitor_cursors WHERE dyad = ? AND source = ?", [dyad.key, source])


def set_cursor(tx, dyad, source: str, cursor: str, run_id: str) -> None:
    tx.execute("DELETE FROM monitor_cursors WHERE dyad = ? AND source = ?", [dyad.key, source])
    tx.execute("INSERT INTO monitor_cursors (dyad, source, cursor, updated_at, run_id) VALUES (?, ?, ?, ?, ?)",
               [dyad.key, source, cursor, now(tx), run_id])


def list_runs(store, dyad, limit: int = 20) -> list[dict]:
    runs = store.query("SELECT id, started_at, finished_at, status FROM monitor_runs WHERE dyad = ? "
                       "ORDER BY started_at DESC LIMIT ?", [dyad.key, limit])
    for r in runs:
        r["sources"] = store.query(
            "SELECT source, status, rows_added, files, cursor_before, cursor_after, error, started_at, finished_at "
            "FROM monitor_source_runs WHERE run_id = ? ORDER BY started_at", [r["id"]])
    return runs
