"""The monitor: keep a dyad's store current (``dyadwatch update``), say what changed (alerts), tell a webhook or
an Atom feed, and repeat (``dyadwatch watch``). See docs/monitor.md.

- :mod:`dyadwatch.monitor.update` — one update run: per source fetch what is new since its cursor, ingest,
  recompute, record the run.
- :mod:`dyadwatch.monitor.state` — the state a run compares before and after, and the alerts it yields.
- :mod:`dyadwatch.monitor.notify` — webhook POST and Atom feed, with re-sending of failed deliveries.
- :mod:`dyadwatch.monitor.watch` — the loop.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "monitor"


@lru_cache(maxsize=8)
def _yaml(name: str) -> dict:
    import yaml

    from dyadwatch.errors import InputError

    path = DATA / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def config(name: str, dyad_label: str, section: str = "sources") -> dict[str, dict]:
    """A monitor YAML's per-source (or per-kind) settings with the dyad's overrides applied."""
    doc = _yaml(name)
    out = {k: dict(v or {}) for k, v in (doc.get(section) or {}).items()}
    for key, over in ((doc.get("dyads") or {}).get(dyad_label) or {}).items():
        out.setdefault(key, {}).update(over or {})
    return out
