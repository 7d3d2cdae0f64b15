"""Shared fixtures: a fresh DuckDB store on disk, and the shared sample data (skipped when absent)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


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


def pytest_collection_modifyitems(config, items):
    """Spark tests (the engine-parity module and tests named *spark*) carry the `spark` marker and skip
    with a reason when no Java runtime is installed (Spark local mode needs Java 17)."""
    from dyadwatch.store.engine import java_available

    java = java_available()
    for item in items:
        if item.module.__name__.endswith("test_engine_parity") or "spark" in item.name:
            item.add_marker(pytest.mark.spark)
            if not java:
                item.add_marker(pytest.mark.skip(reason="Spark needs Java 17 and none is installed "
                                                        "(apt-get install openjdk-17-jre-headless)"))
