"""The bundled Belarus-regime subsets of the OFAC, EU and UK lists: faithful to the shared files, loaded once,
never loaded over a user's own file of the same list, cited with their licence."""
from __future__ import annotations

from dyadwatch.sanctions.bundled import ensure_bundled
from dyadwatch.sanctions.indicators import summary
from dyadwatch.sanctions.official import ingest_files

from test_sanctions_official import SDN


def test_ensure_bundled_loads_once_with_licences(store):
    loaded = ensure_bundled(store)
    assert [r.entities for r in loaded] == [164, 229, 167] and all(r.quarantined == 0 for r in loaded)
    assert ensure_bundled(store) == []
    by = {r["issuer"]: r["entities"] for r in summary(store, "BLR")["by_issuer"]}
    assert by == {"US": 164, "EU": 229, "UK": 167}
    lic = {r["id"]: r["licence"] for r in store.query("SELECT id, licence FROM sources")}
    assert lic["uk-sanctions-list-belarus-2026-05"] == "Open Government Licence v3.0"
    assert lic["us-ofac-sdn-belarus-2023-01"].startswith("Public domain")
    assert "2011/833/EU" in lic["eu-fsf-belarus-2022-09-13"]


def test_a_users_own_list_is_kept(store, tmp_path):
    p = tmp_path / "sdn.csv"
    p.write_bytes(SDN.encode("latin-1"))
    ingest_files(store, [p])
    loaded = ensure_bundled(store)
    assert [r.source_id for r in loaded] == ["eu-fsf-belarus-2022-09-13", "uk-sanctions-list-belarus-2026-05"]
    by = {r["issuer"]: r["entities"] for r in summary(store, "BLR")["by_issuer"]}
    assert by["US"] == 3                              # the user's file, not the bundled 164


def test_a_newer_user_list_replaces_the_subset(store, tmp_path):
    ensure_bundled(store)
    p = tmp_path / "sdn.csv"
    p.write_bytes(SDN.encode("latin-1"))
    ingest_files(store, [p])
    by = {r["issuer"]: r["entities"] for r in summary(store, "BLR")["by_issuer"]}
    assert by == {"US": 3, "EU": 229, "UK": 167}
    assert ensure_bundled(store) == []
