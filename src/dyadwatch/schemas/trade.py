"""Schema component 'trade': its tables and migrations (append; never edit a released migration)."""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = []

register_component("trade", MIGRATIONS)
