"""Compute engines: the ONE place where DuckDB and Spark differ.

Indicator code is written once as Ibis expressions over ``engine.table(name)`` and run with
``engine.execute(expr)``; it never asks which engine it runs on.

- :class:`DuckDBEngine` (default): Ibis on the store's own DuckDB connection; nothing is copied.
- :class:`SparkEngine` (``--engine spark``): a PySpark session whose master comes from the usual
  ``SPARK_MASTER`` environment variable (default ``local[2]``, Spark's local mode). A store table is
  handed to Spark as Parquet written by DuckDB into a staging folder (``DYADWATCH_SPARK_STAGING`` or a
  temporary folder; on a cluster, point it at storage every executor can read) and registered as a temp
  view of the same name; ``events_raw`` is read straight from the event lake's Parquet files
  (:mod:`dyadwatch.store.lake`; on a cluster the lake must sit on storage every executor can read). One
  session is shared per process: starting Spark takes about 12 s.

- :class:`BigQueryEngine` (``--engine bigquery``): GDELT 2.0's public BigQuery table
  (``gdelt-bq.gdeltv2.events_partitioned``, or ``DYADWATCH_BIGQUERY_TABLE``) seen as ``events_raw`` and
  ``events_volume`` (:mod:`dyadwatch.store.gdelt_bigquery`); the store is not read. Compiling SQL
  (:meth:`Engine.sql`) needs only Ibis and sqlglot; running it needs ``dyadwatch[bigquery]``, credentials
  from the environment (GOOGLE_APPLICATION_CREDENTIALS or gcloud's application-default login) and a billing
  project (``--project`` or GOOGLE_CLOUD_PROJECT).

    with get_engine("spark", store) as engine:
        df = engine.execute(expr_built_from(engine.table("events_raw")))

``engine.table(name, since=, until=, last=)`` takes the first event date asked for, the --as-of date and the
last event date, so that an engine reading partitioned data can bound what it reads; the store's engines
ignore them.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from dyadwatch.errors import InputError, StoreError

ENGINES = ("duckdb", "spark", "bigquery")
_SPARK = None  # the process-wide SparkSession


class Engine:
    name = "engine"
    dialect = "duckdb"
    remote = False     # whether the engine connects to a service (then compile_only=True skips connecting)
    uses_store = True  # whether the engine reads the dyadwatch store (BigQuery reads GDELT's table instead)

    def __init__(self, store):
        self.store = store

    def table(self, name: str, *, since=None, until=None, last=None):
        raise NotImplementedError

    def sql(self, expr) -> str:
        """The SQL an Ibis expression compiles to in this engine's dialect (no query is run): what
        ``ibis.to_sql`` gives, with lists kept on one line (the country and code lists are long)."""
        import ibis.backends.sql.compilers as sc

        compiler = getattr(sc, self.dialect).compiler
        out = compiler.to_sqlglot(expr.unbind())
        return out.sql(dialect=compiler.dialect, pretty=True, max_text_width=100_000)

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

    def table(self, name: str, *, since=None, until=None, last=None):
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
    dialect = "pyspark"

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

    def table(self, name: str, *, since=None, until=None, last=None):
        if name not in self._views:
            if name not in self.store.tables() and name not in _views(self.store):
                raise StoreError(f"the store has no table {name!r}")
            view = f"dw_{name}"
            lake_files = self._lake_files() if name == "events_raw" else []
            if lake_files:  # the event lake: Spark reads the very Parquet files the catalog lists
                self.session.read.parquet(*lake_files).createOrReplaceTempView(view)
            else:
                path = self.staging / f"{name}.parquet"
                self.store.execute(f"COPY (SELECT * FROM \"{name}\") TO '{path}' (FORMAT parquet)")
                self.session.read.parquet(str(path)).createOrReplaceTempView(view)
            self._views[name] = view
        return self.backend.table(self._views[name])

    def _lake_files(self) -> list[str]:
        """Absolute paths of the event lake's catalogued files (none: the store predates the lake or is
        empty, and the view is staged like any table). Given as files, not as the lake folder, so Spark
        reads no file the catalog does not list and infers no partition columns from the folder names."""
        from dyadwatch.store import lake

        if not lake.active(self.store):
            return []
        return lake.absolute(self.store, lake.visible(self.store))

    def close(self) -> None:
        for view in self._views.values():
            self.session.catalog.dropTempView(view)
        self._views.clear()
        if self._own_dir:
            shutil.rmtree(self.staging, ignore_errors=True)


class BigQueryEngine(Engine):
    """GDELT's public BigQuery table as the event tables. `connect=False` compiles only (no Google library,
    no credentials); `source` may be any Ibis table with GDELT's BigQuery columns (tests use DuckDB)."""
    name = "bigquery"
    dialect = "bigquery"
    uses_store = False
    remote = True

    def __init__(self, store=None, *, connect: bool = True, project: str | None = None, table: str | None = None,
                 source=None, max_lag: int | None = None):
        super().__init__(store)
        self.max_lag = max_lag
        from dyadwatch.store import gdelt_bigquery as gb

        self.table_name = table or os.environ.get("DYADWATCH_BIGQUERY_TABLE") or gb.TABLE
        self.backend = None
        self.compile_only = source is None and not connect
        if source is not None:
            self.source = source
        elif connect:
            self.backend = bigquery_connect(project)
            project_id, dataset, name = gb.split_name(self.table_name)
            self.source = self.backend.table(name, database=(project_id, dataset))
            if gb.is_partitioned(self.table_name) and gb.PARTITION_COLUMN not in self.source.columns:
                from dyadwatch.errors import SourceError
                raise SourceError(f"{self.table_name} shows no {gb.PARTITION_COLUMN} column, so the query "
                                  "could not be bounded to the dates asked for (it would bill the whole table)",
                                  hint="set DYADWATCH_BIGQUERY_TABLE to a table partitioned by load time")
        else:
            self.source = gb.gdelt_table(self.table_name)

    def table(self, name: str, *, since=None, until=None, last=None):
        from dyadwatch.store import gdelt_bigquery as gb

        bounds = dict(since=since, until=until, last=last, max_lag=self.max_lag)
        if name == "events_raw":
            return gb.events_view(self.source, **bounds)
        if name == "events_volume":
            return gb.volume_view(self.source, **bounds)
        raise InputError(f"--engine bigquery has no table {name!r} (only GDELT's events)",
                         hint="use --engine duckdb for the store's other tables")

    def execute(self, expr):
        if self.compile_only:
            raise InputError("this BigQuery engine only compiles SQL (it was opened without a connection)")
        return expr.execute()


def bigquery_connect(project: str | None):
    """Ibis's BigQuery backend with credentials from the environment; clear errors when it cannot be."""
    from dyadwatch.errors import SourceError

    try:
        import google.cloud.bigquery  # noqa: F401
        import ibis.backends.bigquery  # noqa: F401
    except ImportError:
        raise InputError("--engine bigquery needs Google's BigQuery client to run queries "
                         "(--sql prints the SQL without it)", hint="pip install 'dyadwatch[bigquery]'") from None
    project = project or os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("DYADWATCH_BIGQUERY_PROJECT")
    if not project:
        raise InputError("--engine bigquery needs a Google Cloud project to bill the query to",
                         hint="pass --project ID or set GOOGLE_CLOUD_PROJECT")
    import ibis
    try:
        import google.auth
        credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
    except Exception as exc:  # DefaultCredentialsError and friends: no usable credentials
        raise SourceError(f"no Google Cloud credentials ({type(exc).__name__})",
                          hint="set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file or run "
                               "`gcloud auth application-default login`") from None
    # the credentials found above (never an interactive browser login); partition_column=None: Ibis keeps the
    # pseudo-column's own name, _PARTITIONTIME, which the views filter
    return ibis.bigquery.connect(project_id=project, credentials=credentials, partition_column=None)


def _views(store) -> list[str]:
    return [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'")]


def engine_name(name: str | None) -> str:
    from dyadwatch.settings import get
    return (name or get("engine") or "duckdb").lower()


def uses_store(name: str | None) -> bool:
    """Whether the engine of this name reads the dyadwatch store (callers need not open one otherwise)."""
    return _CLASSES.get(engine_name(name), Engine).uses_store


def get_engine(name: str | None, store, *, compile_only: bool = False, **options) -> Engine:
    """An engine by name ('duckdb', 'spark' or 'bigquery'; default from the DYADWATCH_ENGINE setting).
    `options` go to the engine (BigQuery: project, table, source). `compile_only`: the caller only wants
    SQL (:meth:`Engine.sql`), so a remote engine does not connect."""
    name = engine_name(name)
    if name in _CLASSES:
        cls = _CLASSES[name]
        if compile_only and cls.remote:
            options["connect"] = False
        if options.get("max_lag") is not None and not cls.remote:
            raise InputError("--max-lag applies to --engine bigquery; for the store, give it to "
                             "`dyadwatch ingest gdelt --max-lag`")
        options = {k: v for k, v in options.items() if v is not None}
        return cls(store, **options)
    from dyadwatch.errors import UnknownCodeError
    raise UnknownCodeError("engine", name, ENGINES, hint="use duckdb, spark or bigquery")


_CLASSES = {"duckdb": DuckDBEngine, "spark": SparkEngine, "bigquery": BigQueryEngine}
