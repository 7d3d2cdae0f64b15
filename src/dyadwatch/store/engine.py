"""Compute engines: the ONE place where DuckDB and Spark differ.

Indicator code is written once as Ibis expressions over ``engine.table(name)`` and run with
``engine.execute(expr)``; it never asks which engine it runs on.

- :class:`DuckDBEngine` (default): Ibis on the store's own DuckDB connection; nothing is copied.
- :class:`SparkEngine` (``--engine spark``): a PySpark session whose master comes from the usual
  ``SPARK_MASTER`` environment variable (default ``local[2]``, Spark's local mode). A store table is
  handed to Spark as Parquet written by DuckDB into a staging folder (``DYADWATCH_SPARK_STAGING`` or a
  temporary folder; on a cluster, point it at storage every executor can read) and registered as a temp
  view of the same name. One session is shared per process: starting Spark takes about 12 s.

    with get_engine("spark", store) as engine:
        df = engine.execute(expr_built_from(engine.table("events_raw")))
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from dyadwatch.errors import InputError, StoreError

ENGINES = ("duckdb", "spark")
_SPARK = None  # the process-wide SparkSession


class Engine:
    name = "engine"

    def __init__(self, store):
        self.store = store

    def table(self, name: str):
        raise NotImplementedError

    def execute(self, expr):
        """Run an Ibis expression; returns a pandas DataFrame."""
        return expr.execute()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, store):
        super().__init__(store)
        store.execute("SET enable_progress_bar = false")  # it prints to stdout, even into --json output

    def table(self, name: str):
        return self.store.table(name)


def java_available() -> bool:
    """Whether a Java runtime is there for Spark (JAVA_HOME/bin/java or `java` on PATH)."""
    import shutil

    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return True
    return shutil.which("java") is not None


def spark_session():
    """The shared SparkSession (created on first use; master from SPARK_MASTER, default local[2])."""
    global _SPARK
    if _SPARK is None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise InputError("--engine spark needs PySpark", hint="pip install 'dyadwatch[spark]'") from None
        if not java_available():
            raise InputError("--engine spark needs Java 17 (no `java` on PATH and no JAVA_HOME)",
                             hint="install a Java 17 runtime, e.g. apt-get install openjdk-17-jre-headless, "
                                  "or use --engine duckdb")
        master = os.environ.get("SPARK_MASTER") or "local[2]"
        _SPARK = (SparkSession.builder.appName("dyadwatch").master(master)
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.sql.shuffle.partitions", "4")
                  .getOrCreate())
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


class SparkEngine(Engine):
    name = "spark"

    def __init__(self, store):
        super().__init__(store)
        import ibis

        self.session = spark_session()
        self.backend = ibis.pyspark.connect(self.session)
        base = os.environ.get("DYADWATCH_SPARK_STAGING")
        self._own_dir = base is None
        self.staging = Path(base or tempfile.mkdtemp(prefix="dyadwatch-spark-"))
        self.staging.mkdir(parents=True, exist_ok=True)
        self._views: dict[str, str] = {}

    def table(self, name: str):
        if name not in self._views:
            if name not in self.store.tables() and name not in _views(self.store):
                raise StoreError(f"the store has no table {name!r}")
            path = self.staging / f"{name}.parquet"
            self.store.execute(f"COPY (SELECT * FROM \"{name}\") TO '{path}' (FORMAT parquet)")
            view = f"dw_{name}"
            self.session.read.parquet(str(path)).createOrReplaceTempView(view)
            self._views[name] = view
        return self.backend.table(self._views[name])

    def close(self) -> None:
        for view in self._views.values():
            self.session.catalog.dropTempView(view)
        self._views.clear()
        if self._own_dir:
            shutil.rmtree(self.staging, ignore_errors=True)


def _views(store) -> list[str]:
    return [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'")]


def get_engine(name: str | None, store) -> Engine:
    """An engine by name ('duckdb' or 'spark'; default from the DYADWATCH_ENGINE setting)."""
    from dyadwatch.settings import get

    name = (name or get("engine") or "duckdb").lower()
    if name == "duckdb":
        return DuckDBEngine(store)
    if name == "spark":
        return SparkEngine(store)
    from dyadwatch.errors import UnknownCodeError
    raise UnknownCodeError("engine", name, ENGINES, hint="use duckdb or spark")
