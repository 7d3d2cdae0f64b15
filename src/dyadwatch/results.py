"""Query results for Python users: a list of row dicts that also converts to pandas or Polars and shows as
a table in Jupyter.

``Store.query`` returns :class:`Rows`, so every listing built on it (claims, sources, events, …) has them:

    rows = store.query("SELECT period, value, source_id FROM claims WHERE indicator = 'turnover'")
    rows.to_pandas()      # a pandas.DataFrame (needs pandas)
    rows.to_polars()      # a polars.DataFrame (needs polars)
    rows                  # in Jupyter: an HTML table (the first 50 rows)

Rows stays a plain ``list`` of ``dict`` for everything else (indexing, ``len``, JSON).
"""
from __future__ import annotations

import html
from typing import Any

REPR_ROWS = 50


class Rows(list):
    """A list of row dicts with the column order kept (also when it is empty)."""

    def __init__(self, rows=(), columns: list[str] | None = None):
        super().__init__(rows)
        self.columns = list(columns) if columns is not None else (list(self[0]) if self else [])

    def to_pandas(self):
        """The rows as a pandas DataFrame, columns in query order."""
        try:
            import pandas as pd
        except ImportError:
            from dyadwatch.errors import InputError
            raise InputError("to_pandas() needs pandas", hint="pip install pandas") from None
        return pd.DataFrame.from_records(list(self), columns=self.columns)

    def to_polars(self):
        """The rows as a Polars DataFrame, columns in query order."""
        try:
            import polars as pl
        except ImportError:
            from dyadwatch.errors import InputError
            raise InputError("to_polars() needs polars", hint="pip install polars") from None
        return pl.DataFrame({c: [r.get(c) for r in self] for c in self.columns}, strict=False)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in self.columns) + "</tr>"
                       for r in self[:REPR_ROWS])
        more = (f"<p>{len(self) - REPR_ROWS:,} more rows; use .to_pandas() for all.</p>"
                if len(self) > REPR_ROWS else "")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<p>{len(self):,} rows × {len(self.columns)} columns</p>{more}")


def _cell(v: Any) -> str:
    return "" if v is None else html.escape(str(v))
