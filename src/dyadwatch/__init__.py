"""dyadwatch: monitor the relations between two countries with an evidence-based, checkable assessment.

The public API is imported lazily so that ``import dyadwatch`` (and ``dyadwatch --help``) stays fast and
does not pull in DuckDB, Ibis, pandas or Spark until they are needed.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "open_store", "load", "assess", "lookup_country", "Dyad"]


def __getattr__(name: str):  # PEP 562 lazy attributes
    if name == "open_store":
        from dyadwatch.store import open_store
        return open_store
    if name == "load":
        from dyadwatch.curated import load_files
        return load_files
    if name == "assess":
        from dyadwatch.assess import assess
        return assess
    if name == "lookup_country":
        from dyadwatch.countries import lookup
        return lookup
    if name == "Dyad":
        from dyadwatch.countries import Dyad
        return Dyad
    raise AttributeError(f"module 'dyadwatch' has no attribute {name!r}")
