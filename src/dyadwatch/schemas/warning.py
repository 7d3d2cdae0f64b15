"""Schema component 'warning': its tables and migrations (append; never edit a released migration)."""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = []

register_component("warning", MIGRATIONS)
