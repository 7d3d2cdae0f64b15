"""The store: a real DuckDB file, component migrations, transactions that leave nothing half-written."""
from __future__ import annotations

import pytest

from dyadwatch.errors import SchemaVersionError, StoreError
from dyadwatch.store import open_store
from dyadwatch.store.schema import register_component


def test_creates_file_and_core_tables(store, store_path):
    assert store_path.is_file()
    assert {"sources", "observations", "claims", "events", "recommendations", "ingest_ledger",
            "quarantine"} <= set(store.tables())
    assert store.schema_versions()["core"] >= 1


def test_reopen_keeps_data_and_does_not_remigrate(store_path):
    with open_store(store_path) as st:
        with st.transaction():
            st.execute("INSERT INTO sources (id, title) VALUES ('s1', 'one')")
        versions = st.schema_versions()
    with open_store(store_path) as st:
        assert st.query("SELECT id FROM sources") == [{"id": "s1"}]
        assert st.schema_versions() == versions
        assert st.scalar("SELECT count(*) FROM schema_versions WHERE component = 'core'") == versions["core"]


def test_transaction_rolls_back_everything_on_error(store):
    with store.transaction():
        store.execute("INSERT INTO sources (id, title) VALUES ('keep', 'kept')")
    with pytest.raises(ZeroDivisionError):
        with store.transaction():
            store.execute("INSERT INTO sources (id, title) VALUES ('gone', 'rolled back')")
            store.execute("INSERT INTO claims (id, dyad, realm, indicator, kind, source_id) "
                          "VALUES ('c', 'UKR-BLR', 'economic', 'x', 'level', 'gone')")
            1 / 0
    assert [r["id"] for r in store.query("SELECT id FROM sources")] == ["keep"]
    assert store.scalar("SELECT count(*) FROM claims") == 0


def test_nested_transaction_joins_outer(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            with store.transaction():
                store.execute("INSERT INTO sources (id, title) VALUES ('inner', 'x')")
            raise RuntimeError("outer fails after inner finished")
    assert store.scalar("SELECT count(*) FROM sources") == 0


def test_rollback_survives_reopen(store_path):
    with open_store(store_path) as st:
        with pytest.raises(ValueError):
            with st.transaction():
                st.execute("INSERT INTO sources (id, title) VALUES ('x', 'y')")
                raise ValueError("boom")
    with open_store(store_path) as st:
        assert st.scalar("SELECT count(*) FROM sources") == 0


def test_component_migrations_apply_in_order_once(store_path):
    register_component("zz_test", ["CREATE TABLE zz_a (x INTEGER)", "ALTER TABLE zz_a ADD COLUMN y VARCHAR"])
    try:
        with open_store(store_path) as st:
            assert st.schema_versions()["zz_test"] == 2
            assert [r["column_name"] for r in st.query(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'zz_a' ORDER BY ordinal_position")
            ] == ["x", "y"]
        register_component("zz_test", ["CREATE TABLE zz_a (x INTEGER)", "ALTER TABLE zz_a ADD COLUMN y VARCHAR",
                                       "ALTER TABLE zz_a ADD COLUMN z DOUBLE"])
        with open_store(store_path) as st:
            assert st.schema_versions()["zz_test"] == 3
    finally:
        from dyadwatch.store import schema
        schema._COMPONENTS.pop("zz_test", None)


def test_failed_migration_leaves_store_as_it_was(store_path):
    open_store(store_path).close()
    register_component("zz_bad", ["CREATE TABLE zz_ok (x INTEGER)", "CREATE TABLE broken ("])
    try:
        with pytest.raises(Exception):
            open_store(store_path)
    finally:
        from dyadwatch.store import schema
        schema._COMPONENTS.pop("zz_bad", None)
    with open_store(store_path) as st:
        assert st.schema_versions().get("zz_bad") == 1  # the first migration committed on its own
        assert "broken" not in st.tables()


def test_newer_schema_is_refused(store_path):
    with open_store(store_path) as st:
        st.execute("INSERT INTO schema_versions (component, version) VALUES ('core', 999)")
    with pytest.raises(SchemaVersionError, match="newer"):
        open_store(store_path)


def test_not_a_duckdb_file(tmp_path):
    bad = tmp_path / "not.duckdb"
    bad.write_text("this is not a database")
    with pytest.raises(StoreError) as info:
        open_store(bad)
    assert str(bad) in str(info.value)


def test_store_path_from_environment(monkeypatch, tmp_path):
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("DYADWATCH_STORE", str(target))
    with open_store() as st:
        assert st.path == target
    assert target.is_file()


def test_ibis_reads_the_same_connection(store):
    with store.transaction():
        store.insert_rows("sources", ["id", "title"], [["a", "A"], ["b", "B"]])
    assert store.table("sources").count().execute() == 2
