"""The modules whose import registers a schema component. Add one line for a new component."""
from __future__ import annotations

import importlib

MODULES: list[str] = [
    "dyadwatch.store.schema",
    "dyadwatch.schemas.trade",
    "dyadwatch.schemas.events",
    "dyadwatch.schemas.warning",
    "dyadwatch.schemas.sanctions",
    "dyadwatch.schemas.assessments",
    "dyadwatch.schemas.monitor",
]


def load_all() -> None:
    for name in MODULES:
        importlib.import_module(name)
