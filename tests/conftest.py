"""Shared fixtures: a fresh DuckDB store on disk, and the shared sample data (skipped when absent)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as _hypothesis_settings

# CI runs the property and fuzz tests on a fixed, reproducible set of examples and without per-example deadlines
# (a loaded machine must not fail a test on time); locally they explore new random examples on every run.
_hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]

# Spark's JVM in the tests: the client JIT only (C1) and the serial collector. The tests run many short, different
# queries, so the optimising JIT (C2) and the parallel GC spend CPU that never pays back: the Spark tests take about
# 40 % less CPU (docs/testing.md). Results do not depend on either. A PYSPARK_SUBMIT_ARGS set by the caller wins.
os.environ.setdefault("PYSPARK_SUBMIT_ARGS",
                      "--driver-java-options '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' pyspark-shell")


def shared_root() -> Path:
    """DYADWATCH_SHARED, else the first `shared/` folder (with DESIGN.md) beside the checkout or above it."""
    if os.environ.get("DYADWATCH_SHARED"):
        return Path(os.environ["DYADWATCH_SHARED"])
    for parent in REPO.parents:
        if (parent / "shared" / "DESIGN.md").is_file():
            return parent / "shared"
    return REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_root() / "data"
    if not path.is_dir():
        pytest.skip(f"shared sample data absent at {path}: set DYADWATCH_SHARED to the shared/ folder to run this test")
    return path


@pytest.fixture(scope="session")
def shared_briefs() -> Path:
    path = shared_root() / "briefs"
    if not path.is_dir():
        pytest.skip(f"shared briefs absent at {path}: set DYADWATCH_SHARED to the shared/ folder to run this test")
    return path


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def store(store_path):
    from dyadwatch.store import open_store

    st = open_store(store_path)
    yield st
    st.close()


@pytest.fixture(scope="session")
def bundled_path(tmp_path_factory) -> Path:
    """A store holding the bundled dataset, built once per test session. Read it through `bundled`
    (a private copy per test), never write to it directly."""
    from dyadwatch.curated import load_bundled
    from dyadwatch.store import open_store

    path = tmp_path_factory.mktemp("bundled") / "bundled.duckdb"
    with open_store(path) as st:
        load_bundled(st)
    return path


@pytest.fixture
def bundled_copy(bundled_path, tmp_path) -> Path:
    """A private copy of the bundled store's file, free to change."""
    import shutil

    path = tmp_path / "bundled-copy.duckdb"
    shutil.copy(bundled_path, path)
    return path


@pytest.fixture
def bundled(bundled_copy):
    """An open store on a private copy of the bundled dataset."""
    from dyadwatch.store import open_store

    with open_store(bundled_copy) as st:
        yield st


@pytest.fixture(scope="session")
def spark():
    """The one SparkSession of the test run (local mode), started on first use (10-20 s) and stopped at the end,
    so that every Spark test module shares it instead of starting its own."""
    pytest.importorskip("pyspark", reason="PySpark is not installed")
    from dyadwatch.store import engine

    session = engine.spark_session()
    yield session
    session.stop()
    engine._SPARK = None


def pytest_collection_modifyitems(config, items):
    """Spark tests (the engine-parity module and tests named *spark*) carry the `spark` marker and skip
    with a reason when no Java runtime is installed (Spark local mode needs Java 17)."""
    from dyadwatch.store.engine import java_available

    java = java_available()
    # Under pytest-xdist (`-n auto --dist loadgroup`, the README's test command) a worker takes a whole test file,
    # so that module-scoped fixtures are built once, and all Spark tests go to one worker: one JVM, not one each.
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        spark = item.module.__name__.endswith("test_engine_parity") or "spark" in item.name
        if spark:
            item.add_marker(pytest.mark.spark)
            if not java:
                item.add_marker(pytest.mark.skip(reason="Spark needs Java 17 and none is installed "
                                                        "(apt-get install openjdk-17-jre-headless)"))
        if xdist:
            item.add_marker(pytest.mark.xdist_group("spark" if spark else item.nodeid.split("::")[0]))
