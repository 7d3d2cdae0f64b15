"""The bundled Belarus-regime subsets of the official lists (data/sanctions/lists/, licences in its README.md).

    ensure_bundled(store)          # loads the subsets once (idempotent); called by `dyadwatch assess`
    export_subset(store, out_dir)  # re-derives the subset files from a store holding the full lists

A subset holds, for every list entry designated under a programme targeting Belarus (programmes.yaml), one row
per programme of that entry: list, list id, name, type, programme and designation date (when the list has one).
Nothing else of the lists is bundled. A user's own, newer file of the same list replaces the subset (same list
ids), and the subset is then not loaded over it.
"""
from __future__ import annotations

import csv
import io
from importlib.resources import files
from pathlib import Path
from typing import Any

from dyadwatch.sanctions.official import DATASETS, ID_PREFIX, SUBSET_HEADER


def manifest() -> list[dict[str, Any]]:
    import yaml

    return yaml.safe_load((files("dyadwatch") / "data" / "sanctions" / "lists" / "lists.yaml").read_text("utf-8"))


def ensure_bundled(store) -> list:
    """Load each bundled subset unless the store already holds that list from another file. Returns the
    IngestResults of the subsets loaded now (empty when nothing changed)."""
    from dyadwatch.sanctions.official import ingest_list

    out = []
    for item in manifest():
        src = item["source"]
        others = store.scalar("SELECT count(*) FROM sanctions_designations WHERE dataset = ? AND source_id <> ?",
                              [DATASETS[item["list"]], src["id"]])
        if others:
            continue            # the user's own file of this list is in the store: keep it
        path = Path(str(files("dyadwatch") / "data" / "sanctions" / "lists" / item["file"]))
        res = ingest_list(store, path, "subset", lst=item["list"], source={**src, "origin": "bundled:sanctions"})
        if res.status == "loaded":
            out.append(res)
    return out


def export_subset(store, lst: str, target: str = "BLR") -> str:
    """The subset file text of list `lst` (ofac, eu, uk) from a store holding that list in full."""
    rows = store.query("""
        WITH hit AS (SELECT DISTINCT entity_id FROM sanctions_designations WHERE dataset = ? AND program_target = ?)
        SELECT e.id, e.caption, e.schema, d.program, d.date
        FROM sanctions_designations d JOIN sanctioned_entities e ON e.id = d.entity_id
        WHERE d.dataset = ? AND d.entity_id IN (SELECT entity_id FROM hit)
        ORDER BY e.id, d.program""", [DATASETS[lst], target, DATASETS[lst]])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SUBSET_HEADER)
    prefix = ID_PREFIX[lst] + "-"
    for r in rows:
        w.writerow([lst, r["id"][len(prefix):], r["caption"], r["schema"], r["program"], r["date"] or ""])
    return buf.getvalue()
