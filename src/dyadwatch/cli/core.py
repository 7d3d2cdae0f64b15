"""Core commands: assess, load, claims/sources/events listings, countries, store."""
from __future__ import annotations

import click

from dyadwatch.cli.completion import complete_country
from dyadwatch.cli.output import emit, emit_json, literal

store_option = click.option("--store", "store_path", metavar="PATH", envvar="DYADWATCH_STORE",
                            help="DuckDB store file [env DYADWATCH_STORE; default: user data dir].")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _open(store_path):
    from dyadwatch.store import open_store
    return open_store(store_path)


def _as_of(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    if day > dt.date.today() or day.year < 1991:
        raise click.BadParameter(f"{value} is outside 1991-01-01 … today: an assessment can only use data "
                                 "that exist")
    return value


@click.command("assess")
@click.argument("country_a", shell_complete=complete_country)
@click.argument("country_b", shell_complete=complete_country)
@click.option("--out", "out", metavar="PATH", help="Report file [default: dyadwatch-A-B.html].")
@click.option("--no-bundled", is_flag=True, help="Do not (re)load the bundled dataset first.")
@click.option("--as-of", metavar="DATE", callback=_as_of, help="Assess as of this date (YYYY-MM-DD) [default: today].")
@click.option("--template", "template", metavar="DIR", help="Folder of Jinja2 templates replacing the shipped "
              "ones of the same name (page.html, style.css, …), for your own branding.")
@click.option("--pdf", "pdf", metavar="PATH", help="Also write the report as PDF (needs: pip install 'dyadwatch[pdf]').")
@store_option
@json_option
def assess(country_a, country_b, out, no_bundled, as_of, template, pdf, store_path, as_json):
    """Assess the relations of COUNTRY_A and COUNTRY_B and write a self-contained HTML report.

    Builds or updates the store from the bundled dataset, computes each realm's indicators and writes one
    HTML file that opens offline, every figure footnoted with its source.

    Example: dyadwatch assess UKR BLR --out report.html
    """
    from dyadwatch.assess import assess as run

    result = run(country_a, country_b, store=store_path, out=out, load_bundled=not no_bundled, as_of=as_of,
                 template=template, pdf=pdf)
    if as_json:
        emit_json(result.summary())
    else:
        click.echo(result.terminal_summary())


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--replace", is_flag=True, help="Replace records whose ids another file or the bundled data stored.")
@store_option
@json_option
def load(files, replace, store_path, as_json):
    """Load curated YAML FILES into the store (all or nothing; '-' reads stdin).

    Every record is validated first; an error names file, line and field and nothing is stored.
    Loading the same content again changes nothing.
    """
    from dyadwatch.curated import load_files

    texts = {}
    if "-" in files:
        texts["-"] = click.get_text_stream("stdin").read()
    store = _open(store_path)
    try:
        result = load_files(files, store, texts=texts, origins={"-": "stdin"} if texts else None, replace=replace)
    finally:
        store.close()
    if as_json:
        emit_json(result.files)
        return
    for f in result.files:
        counts = ", ".join(f"{n} {k}" for k, n in f["counts"].items() if n)
        click.echo(f"{f['path']}: {f['status']}" + (f" ({counts})" if counts else ""))


@click.group("claims")
def claims():
    """Claims: statements sources make, with their figures."""


@claims.command("list")
@click.option("--dyad", metavar="A-B", help="Only this dyad, e.g. UKR-BLR.")
@click.option("--realm", help="economic, political, security, civil_society or policy.")
@store_option
@json_option
def claims_list(dyad, realm, store_path, as_json):
    """List claims, optionally for one dyad and realm."""
    from dyadwatch.catalog import list_claims

    with _open(store_path) as store:
        rows = list_claims(store, dyad, realm)
    if not as_json:  # show ranges as low–high in the table
        from dyadwatch.cli.output import fmt
        rows = [{**r, "value": r["value"] if r["value"] is not None or r["low"] is None
                 else f"{fmt(r['low'])}–{fmt(r['high'])}"} for r in rows]
    emit(rows, ["id", "realm", "indicator", "period", "value", "unit", "hedge", "source_id"], as_json,
         empty="no claims match (load data with `dyadwatch load` or `dyadwatch assess`)")


@click.group("sources")
def sources():
    """Sources: where every value comes from."""


@sources.command("list")
@store_option
@json_option
def sources_list(store_path, as_json):
    """List sources with publisher, date and link."""
    from dyadwatch.catalog import list_sources

    with _open(store_path) as store:
        rows = list_sources(store)
    emit(rows, ["id", "publisher", "date", "title", "url"], as_json, empty="no sources in the store")


@sources.command("show")
@click.argument("source_id", metavar="ID")
@store_option
@json_option
def sources_show(source_id, store_path, as_json):
    """Show one source (an old id gives the source it now stands for) and how many claims and events cite it."""
    from dyadwatch.catalog import get_source

    with _open(store_path) as store:
        row = get_source(store, source_id)
    if as_json:
        emit_json(row)
        return
    if row["alias"]:
        click.echo(literal(f"{row['alias']} is an old id of {row['id']}; showing {row['id']}."), err=True)
    emit([{"field": k, "value": v} for k, v in row.items() if k != "alias"], ["field", "value"], False)


@click.group("events")
def events():
    """Events: dated interactions between the countries."""


@events.command("list")
@click.option("--dyad", metavar="A-B", help="Only this dyad, e.g. UKR-BLR.")
@click.option("--from", "date_from", metavar="DATE", help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Last date, inclusive.")
@click.option("--realm", help="economic, political, security, civil_society or policy.")
@store_option
@json_option
def events_list(dyad, date_from, date_to, realm, store_path, as_json):
    """List curated events in date order."""
    from dyadwatch.catalog import list_events

    with _open(store_path) as store:
        rows = list_events(store, dyad, date_from, date_to, realm)
    emit(rows, ["date", "realm", "code", "summary", "source_id"], as_json, empty="no events match")


@click.command("countries")
@click.argument("codes", nargs=-1, required=True)
@click.option("--system", type=click.Choice(["iso3", "iso2", "iso_numeric", "fips", "cameo", "cow", "name"]),
              help="Read CODES in this code system only.")
@json_option
def countries(codes, system, as_json):
    """Look up countries by any code (ISO3/ISO2/numeric, FIPS, CAMEO, COW) or name."""
    import dataclasses

    from dyadwatch.countries import lookup

    rows = [dataclasses.asdict(lookup(code, system)) for code in codes]
    for r in rows:
        r["aliases"] = "|".join(r["aliases"]) if not as_json else list(r["aliases"])
    emit(rows, ["iso3", "iso2", "iso_numeric", "fips", "cameo", "cow_num", "name"], as_json)


@click.group("store")
def store():
    """The local store."""


@store.command("info")
@store_option
@json_option
def store_info(store_path, as_json):
    """Show the store's path, schema versions and row counts."""
    from dyadwatch.store import lake

    with _open(store_path) as st:
        info = {"path": str(st.path), "schema": st.schema_versions(), "tables": st.counts()}
        if lake.active(st):
            info["lake"] = lake.stats(st)
    if as_json:
        emit_json(info)
        return
    click.echo(f"store: {info['path']}")
    click.echo("schema: " + ", ".join(f"{k} v{v}" for k, v in info["schema"].items()))
    for table, n in info["tables"].items():
        click.echo(f"  {table:28s} {n:>10,}")
    if "lake" in info:
        lk = info["lake"]
        click.echo(f"event lake: {lk['root']}: {lk['files']:,} file(s) in {lk['partitions']:,} partition(s), "
                   f"{lk['rows']:,} rows, {lk['bytes']:,} bytes")


@store.command("check")
@store_option
@json_option
def store_check(store_path, as_json):
    """Verify the store: read every table back (DuckDB checks each block) and compare the ingest
    ledger's row counts with the stored rows. Exit 1 when a problem is found."""
    from dyadwatch.store import open_store
    from dyadwatch.store.integrity import check

    with open_store(store_path, read_only=True) as st:  # no migration: only reading
        report = check(st)
    if as_json:
        emit_json(report.as_dict())
    else:
        click.echo(f"store: {report.path}: {len(report.tables)} tables read back, "
                   + ("no problems" if report.ok else f"{len(report.problems)} problem(s)"))
        for p in report.problems:
            click.echo(f"  problem: {p}")
        for n in report.notes:
            click.echo(f"  note: {n}")
    if not report.ok:
        raise click.exceptions.Exit(1)


@store.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@store_option
@json_option
def store_backup(path, force, store_path, as_json):
    """Copy the store to PATH as one consistent snapshot (checked before it is kept).

    Example: dyadwatch store backup ~/backups/dyadwatch-2026-12-05.duckdb
    """
    from dyadwatch.store.integrity import backup

    with _open(store_path) as st:
        info = backup(st, path, force=force)
    if as_json:
        emit_json(info)
    else:
        click.echo(f"backup: {info['path']} ({sum(info['tables'].values()):,} rows in {len(info['tables'])} tables, "
                   f"{info['bytes']:,} bytes)")


@store.command("compact")
@click.option("--dataset", help="Only this dataset's partitions (e.g. gdelt2).")
@click.option("--month", help="Only this month's partitions (YYYY-MM).")
@click.option("--min-files", type=click.IntRange(2), default=2, show_default=True,
              help="Compact a partition once it has at least this many small files.")
@store_option
@json_option
def store_compact(dataset, month, min_files, store_path, as_json):
    """Merge the event lake's small Parquet files (one per ingested file and month) into one file per
    partition, atomically. Ingest also does this by itself when a partition gathers many small files.

    Example: dyadwatch store compact --dataset gdelt2
    """
    from dyadwatch.store import lake

    with _open(store_path) as st:
        from dyadwatch.sources.ingest import bounded
        with bounded(st):
            done = lake.compact(st, dataset=dataset, month=month, min_files=min_files)
        info = lake.stats(st)
    if as_json:
        emit_json({"compacted": done, "lake": info})
        return
    for d in done:
        click.echo(f"{d['dataset']} {d['month']}: {d['files_before']} files -> {d['files_after']} "
                   f"({d['rows']:,} rows)")
    click.echo(f"event lake: {info['files']:,} file(s) in {info['partitions']:,} partition(s), "
               f"{info['rows']:,} rows" + ("" if done else "; nothing to compact"))


@store.command("upgrade")
@store_option
@json_option
def store_upgrade(store_path, as_json):
    """Bring an older store up to this dyadwatch's schema now (any write does it too), e.g. move the event
    rows of a store written before the event lake into Parquet files; prints the schema versions.

    Example: dyadwatch store upgrade --store old.duckdb
    """
    from dyadwatch.store import lake

    with _open(store_path) as st:
        info = {"path": str(st.path), "schema": st.schema_versions(),
                "lake": lake.stats(st) if lake.active(st) else None}
    if as_json:
        emit_json(info)
        return
    click.echo(f"store: {info['path']}")
    click.echo("schema: " + ", ".join(f"{k} v{v}" for k, v in info["schema"].items()))
    if info["lake"]:
        click.echo(f"event lake: {info['lake']['root']}: {info['lake']['files']:,} file(s), "
                   f"{info['lake']['rows']:,} rows")
