"""The warning model's curated data: loaded by the normal bundled loader, every source id resolvable."""
from __future__ import annotations

import pytest
import yaml

from dyadwatch.warning.card import card_dir, load_card


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from dyadwatch.curated import bundled_files, load_bundled
    from dyadwatch.store import open_store

    assert any(p.name == "security_indicators.yaml" for p in bundled_files("ukr_blr"))
    st = open_store(tmp_path_factory.mktemp("data") / "b.duckdb")
    load_bundled(st)
    yield st
    st.close()


def test_every_indicator_of_the_card_has_cited_observations(bundled):
    card = load_card("UKR-BLR")
    sources = {r["id"] for r in bundled.query("SELECT id FROM sources")}
    rows = bundled.query("SELECT indicator, source_id, known_at, period FROM observations WHERE reporter = ?",
                         [card.territory])
    observed = {n for n, i in card.indicators.items() if not i.derived}
    seen = {r["indicator"] for r in rows if r["indicator"] in observed}
    assert seen == observed, f"indicators without observations: {observed - seen}"
    # indicators derived from curated events (launches from Belarus) need cited matching events instead
    from dyadwatch.warning.indicators import matches
    events = bundled.query("SELECT * FROM events WHERE dyad = ?", [card.dyad])
    for name, ind in card.indicators.items():
        if ind.derived:
            hits = [e for e in events if matches(e, ind.from_events)]
            assert hits, f"{name}: no curated event matches its rule"
            assert {e["source_id"] for e in hits} <= sources
    for r in rows:
        if r["indicator"] in card.indicators:
            assert r["source_id"] in sources
            assert r["known_at"] is not None, f"{r['indicator']} {r['period']} has no known_at"


def test_every_source_the_warning_files_cite_is_bundled(bundled):
    sources = {r["id"] for r in bundled.query("SELECT id FROM sources")}
    card = load_card("UKR-BLR")
    assert card.source_ids() and card.source_ids() <= sources
    folder = card_dir()
    reg = yaml.safe_load((folder / "registry.yaml").read_text())
    assert {f["source_id"] for f in reg["forecasts"]} <= sources
    rules = yaml.safe_load((folder / "redlines.yaml").read_text())
    assert rules["UKR-BLR"]["source"] in sources


def test_each_target_has_a_resolving_event_or_none_on_purpose(bundled):
    from dyadwatch.warning.backtest import onsets

    card = load_card("UKR-BLR")
    found = {t: onsets(bundled, "UKR-BLR", card.targets[t]) for t in card.targets}
    assert [e["date"] for e in found["E1"]][:1] == ["2022-02-24"]
    assert len({e["date"] for e in found["E2"]}) >= 3
    assert found["E3"] == []       # Belarusian forces have not fought Ukraine (per the brief)
    sources = {r["id"] for r in bundled.query("SELECT id FROM sources")}
    assert all(e["source_id"] in sources for es in found.values() for e in es)
