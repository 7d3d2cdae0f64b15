"""Shell completion helpers (click's completion: eval "$(_DYADWATCH_COMPLETE=bash_source dyadwatch)")."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, str]]:
    import csv
    from importlib.resources import files

    with (files("dyadwatch") / "data" / "countries.csv").open(encoding="utf-8") as fh:
        return [(r["iso3"], r["name"]) for r in csv.DictReader(fh) if r.get("iso3")]


def complete_country(ctx, param, incomplete: str):
    """ISO3 codes (with the country's name as help) starting with what was typed, or whose name does."""
    from click.shell_completion import CompletionItem

    text = incomplete.upper()
    out = [CompletionItem(code, help=name) for code, name in _countries() if code.startswith(text)]
    if not out and len(incomplete) >= 2:
        out = [CompletionItem(code, help=name) for code, name in _countries()
               if name.lower().startswith(incomplete.lower())]
    return out
