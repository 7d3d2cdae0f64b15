"""One id per document in the bundled data: no two bundled sources share a URL or a title and date (an old id
kept for outside references is a declared alias), a document shared by two bundled datasets loads under one id
in either order, idempotently, and the report cites an alias as its source."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from dyadwatch.curated import bundled_files, load_bundled, parse_file

DATASETS = ("ukr_blr", "blr_rus", "rus_ukr")


# Dataset files generated for each bundle by code (dyadwatch.structure for V-Dem/Polity/UDS/NMC, sources/cow.py
# for COW trade) give each bundle its own copy of the dataset's source ("vdem-v10-polyarchy-ukr-blr", ...), and
# each report picks its own pair's copy (structure.indicators); they are datasets, not articles, and are left
# to those modules.
PER_BUNDLE = ("country_year.yaml", "cow_trade.yaml")


def _bundled_sources() -> list[tuple[str, object]]:
    out = []
    for key in DATASETS:
        for path in bundled_files(key):
            if path.name not in PER_BUNDLE:
                out += [(f"{key}/{path.name}", rec) for _, rec in parse_file(path).records["sources"]]
    return out


def _url(u: str | None) -> str | None:
    return re.sub(r"^https?://(www\.)?", "", u.strip().rstrip("/").lower()) if u else None


def _title(t: str) -> str:
    return re.sub(r"\W+", "", re.sub(r"\s*\([^)]*\)\s*$", "", t or "").lower())


def test_no_two_bundled_sources_share_a_url_or_a_title_and_date():
    from dyadwatch.report.api import source_aliases

    aliases = source_aliases()
    recs = _bundled_sources()
    assert len(recs) > 150
    by_url, by_title, by_id = defaultdict(set), defaultdict(set), defaultdict(list)
    for where, r in recs:
        sid = aliases.get(r.id, r.id)   # an alias stands for its source
        if _url(r.url):
            by_url[_url(r.url)].add(sid)
        by_title[(_title(r.title), str(r.date))].add(sid)
        by_id[r.id].append((where, r))
    same_url = {u: ids for u, ids in by_url.items() if len(ids) > 1}
    same_title = {k: ids for k, ids in by_title.items() if len(ids) > 1}
    assert not same_url, f"one URL, several ids: {same_url}"
    assert not same_title, f"one title and date, several ids: {same_title}"
    # an id defined by two datasets (a shared document) has the very same fields in both
    for sid, defs in by_id.items():
        assert len({repr(r.model_dump()) for _, r in defs}) == 1, f"{sid} differs between {[w for w, _ in defs]}"
    # every alias points at a bundled source of the same document
    for old, new in aliases.items():
        assert old in by_id and new in by_id
        assert _title(by_id[old][0][1].title) == _title(by_id[new][0][1].title)


@pytest.mark.parametrize("order", [("ukr_blr", "blr_rus"), ("blr_rus", "ukr_blr")])
def test_shared_documents_load_under_one_id_in_either_order_idempotently(tmp_path, order):
    from dyadwatch.store import open_store

    with open_store(tmp_path / "s.duckdb") as st:
        for key in order:
            load_bundled(st, key)
        n = st.scalar("SELECT count(*) FROM sources")
        for key in order:   # again: nothing changes, nothing is refused
            res = load_bundled(st, key)
            assert all(f["status"] != "loaded" for f in res.files)
        assert st.scalar("SELECT count(*) FROM sources") == n
        for sid in ("politico-2023-03-25-tnw-belarus", "wion-2023-06-17-tnw-first-batch",
                    "pravdaru-2021-11-04-union-state", "sec-opednews-2021-06-02-zapad-plan"):
            assert st.scalar("SELECT count(*) FROM sources WHERE id = ?", [sid]) == 1
            # cited by both datasets' records under the one id
            dyads = {r["dyad"] for r in st.query("SELECT dyad FROM claims WHERE source_id = ? UNION ALL "
                                                 "SELECT dyad FROM events WHERE source_id = ?", [sid, sid])}
            if sid != "sec-opednews-2021-06-02-zapad-plan":
                assert {"UKR-BLR", "BLR-RUS"} <= dyads or {"BLR-UKR", "BLR-RUS"} <= dyads, (sid, dyads)
        assert not st.scalar("SELECT count(*) FROM sources WHERE id LIKE 'br-politico%' OR id LIKE 'br-wion%' "
                             "OR id LIKE 'br-pravda-2021%' OR id LIKE 'br-opednews%'")


def test_an_alias_is_cited_as_its_source(bundled):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext

    ctx = ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2024-06-30")
    a, b = ctx.cite("sceeus-2024-05-16"), ctx.cite("sec-sceeus-2024-05-16")
    assert a == b and ctx.footnotes == ["sceeus-2024-05-16"]
