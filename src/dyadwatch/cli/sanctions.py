"""`dyadwatch sanctions …`, `dyadwatch recommendations …`, `dyadwatch ingest sanctions`, `dyadwatch fetch sanctions`."""
from __future__ import annotations

import click

from dyadwatch.cli.core import json_option, store_option
from dyadwatch.cli.output import emit, emit_json


def _open(store_path):
    from dyadwatch.store import open_store
    return open_store(store_path)


def _print_ingest(results, as_json):
    if as_json:
        emit_json([r.as_dict() for r in results])
        return
    for r in results:
        if r.status == "unchanged":
            click.echo(f"{r.path}: unchanged (already ingested, sha256 {r.sha256[:12]})")
            continue
        click.echo(f"{r.path}: {r.format}" + (f" (list of {r.list_date})" if r.list_date else "")
                   + f", {r.rows_read} records read, {r.entities} entities, "
                   f"{r.designations} designations ({r.designations_undated} without a designation date), "
                   f"{r.quarantined} quarantined")
        if getattr(r, "delisted", 0):
            click.echo(f"  {r.delisted} earlier designation(s) missing from this newer list: kept as lifted on "
                       f"{r.list_date}")
        if r.unknown_countries:
            click.echo("  unknown country codes (quarantined, entities kept): "
                       + ", ".join(f"{k} ×{v}" for k, v in sorted(r.unknown_countries.items())))
        if r.skipped_schemata:
            click.echo("  skipped schemata: " + ", ".join(f"{k} ×{v}" for k, v in sorted(r.skipped_schemata.items())))


@click.command("sanctions")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["ftm", "csv", "ofac", "eu", "uk", "uk-fcdo"]),
              help="Input format [default: detected from each file].")
@click.option("--list-date", metavar="DATE",
              help="Date of an official list whose file does not carry one (OFAC's sdn.csv), YYYY-MM-DD.")
@store_option
@json_option
def ingest_sanctions(files, fmt, list_date, store_path, as_json):
    """Ingest sanctions FILES or URLs: FollowTheMoney entities.ftm.json, OpenSanctions targets.simple.csv,
    OFAC sdn.csv (with add.csv and alt.csv when given), the EU Financial Sanctions CSV (file 1.0 or 1.1), or
    the UK Sanctions List (the FCDO's CSV, or its tables subjects.csv + subject_*.csv).

    Streaming, idempotent (a file already ingested is skipped) and atomic per file; bad rows are quarantined
    with their line and reason. OpenSanctions data are CC BY-NC 4.0: they are never bundled with dyadwatch.

    Example: dyadwatch ingest sanctions sdn.csv add.csv alt.csv --list-date 2023-01-20
    """
    from dyadwatch.sanctions.official import ingest_files

    with _open(store_path) as store:
        results = ingest_files(store, files, fmt, list_date=list_date, progress=not as_json)
    _print_ingest(results, as_json)


@click.command("sanctions")
@click.option("--dataset", default="sanctions", show_default=True,
              help="OpenSanctions dataset name (e.g. sanctions, eu_fsf, us_ofac_sdn).")
@click.option("--format", "fmt", type=click.Choice(["ftm", "csv"]), default="ftm", show_default=True,
              help="entities.ftm.json (ftm) or targets.simple.csv (csv).")
@click.option("--base-url", metavar="URL", envvar="DYADWATCH_SANCTIONS_URL",
              help="Base URL [env DYADWATCH_SANCTIONS_URL; default https://data.opensanctions.org].")
@store_option
@json_option
def fetch_sanctions(dataset, fmt, base_url, store_path, as_json):
    """Download an OpenSanctions dataset export into the cache and ingest it.

    Example: dyadwatch fetch sanctions --dataset eu_fsf
    """
    from dyadwatch.sanctions.fetch import fetch

    with _open(store_path) as store:
        result = fetch(store, dataset, fmt, base=base_url, progress=not as_json)
    _print_ingest([result], as_json)


@click.group("sanctions")
def sanctions():
    """Sanctions designations by issuer and over time, the alignment index, the calibration model."""


@sanctions.command("summary")
@click.option("--country", required=True, metavar="CODE", help="Country (ISO3 or any code), e.g. BLR.")
@click.option("--issuer", metavar="CODE", help="Only this issuer: EU, US, UK, UA, CH, CA, …")
@click.option("--as-of", "as_of", metavar="DATE", help="Leave out designations dated after DATE (YYYY-MM-DD).")
@store_option
@json_option
def summary_cmd(country, issuer, as_of, store_path, as_json):
    """Designations linked to a country: by issuer, by programme, by year, and sectors.

    Example: dyadwatch sanctions summary --country BLR --issuer EU
    """
    from dyadwatch.sanctions.indicators import summary

    with _open(store_path) as store:
        result = summary(store, country, issuer, as_of=as_of)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['country']}: {result['designations']} designations of {result['entities']} entities"
               + (f" by {result['issuer']}" if result["issuer"] else "")
               + (f", {result['first_date']} – {result['last_date']}" if result["first_date"] else ""))
    for r in result["by_issuer"]:
        r["list_date"] = ", ".join(x["list_date"] or "unknown" for x in r["sources"]) or None
    emit(result["by_issuer"], ["issuer", "name", "designations", "entities", "undated", "first_date", "last_date",
                               "list_date"], False, title="by issuer", empty="no designations")
    emit(result["by_type"], ["issuer", "type", "entities"], False, title="by type", empty="")
    emit(result["by_year"], ["year", "issuer", "designations", "entities"], False, title="by year",
         empty="no dated designations")
    emit(result["by_programme"], ["issuer", "program", "program_target", "designations", "entities"], False,
         title="by programme", empty="")
    if result["linked_via"]:
        click.echo("linked through: " + ", ".join(f"{k} {v}" for k, v in result["linked_via"].items()))
    if result["sectors"]:
        click.echo("sectors: " + ", ".join(f"{r['sector']} {r['entities']}" for r in result["sectors"]))
    for note in result["notes"]:
        click.echo(f"note: {note}")


@sanctions.command("list")
@click.option("--country", required=True, metavar="CODE", help="Country (ISO3 or any code), e.g. BLR.")
@click.option("--issuer", metavar="CODE", help="Only this issuer: EU, US, UK, UA, …")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Designations in force on DATE (YYYY-MM-DD; default today): later and lifted ones left out.")
@store_option
@json_option
def list_cmd(country, issuer, as_of, store_path, as_json):
    """List the designated entities linked to a country: name, type, programme, date and source.

    Example: dyadwatch sanctions list --country BLR --issuer EU
    """
    from dyadwatch.sanctions.indicators import designations

    with _open(store_path) as store:
        result = designations(store, country, issuer, as_of=as_of)
    if as_json:
        emit_json(result)
        return
    rows = [{**r, "date": r["date"] or "undated", "source": r["source"] or r["source_id"]}
            for r in result["designations"]]
    emit(rows, ["name", "type", "issuer", "programme", "date", "source"], False,
         empty=f"no designations linked to {result['country']} are loaded")
    click.echo(f"{len(rows)} designation(s) in force on {result['as_of']}"
               + (f"; {result['lifted_left_out']} lifted left out" if result["lifted_left_out"] else ""))


@sanctions.command("alignment")
@click.argument("country")
@click.argument("with_country", default="RUS")
@click.option("--issuer", metavar="CODE", help="Only this issuer.")
@click.option("--as-of", "as_of", metavar="DATE", help="Leave out designations dated after DATE (YYYY-MM-DD).")
@store_option
@json_option
def alignment_cmd(country, with_country, issuer, as_of, store_path, as_json):
    """Alignment index: the share of COUNTRY's designated entities that the same issuer also designates
    under its programmes against WITH_COUNTRY (default RUS), per issuer and over time.

    Example: dyadwatch sanctions alignment BLR RUS
    """
    from dyadwatch.sanctions.indicators import alignment

    with _open(store_path) as store:
        result = alignment(store, country, with_country, issuer, as_of=as_of)
    if as_json:
        emit_json(result)
        return
    click.echo(result["definition"])
    emit(result["overall"], ["issuer", "entities", "aligned", "index", "entities_undated_only"], False,
         title="overall", empty="no designations")
    rows = [{"issuer": iss, **r} for iss, series in result["series"].items() for r in series]
    emit(rows, ["issuer", "year", "entities", "aligned", "index"], False, title="cumulative by year",
         empty="no dated designations")
    for note in result["notes"]:
        click.echo(f"note: {note}")


@sanctions.command("calibrate")
@click.option("--model", "model_path", required=True, type=click.Path(dir_okay=False),
              help="Rules model YAML (see docs/sanctions.md; example in data/sanctions/).")
@click.option("--scenario", "scenario_path", required=True, type=click.Path(dir_okay=False),
              help="Scenario YAML: a time series of indicator values.")
@json_option
def calibrate_cmd(model_path, scenario_path, as_json):
    """Play a scenario through a flexible-sanctions rules model: package levels over time, with reasons.

    Example: dyadwatch sanctions calibrate --model flexible.yaml --scenario dialogue.yaml
    """
    from dyadwatch.sanctions.calibrate import run_files

    result = run_files(model_path, scenario_path)
    if as_json:
        emit_json(result)
        return
    click.echo(f"model {result['model']['name']} · scenario {result['scenario']['name']}")
    rows = [{"period": p["period"], **p["levels"], "steps": len(p["steps"])} for p in result["timeline"]]
    emit(rows, ["period", *result["packages"], "steps"], False)
    click.echo("why:")
    for p in result["timeline"]:
        for s in p["steps"]:
            click.echo(f"  {p['period']}  {s['reason']}")
        for s in p["skipped"]:
            click.echo(f"  {p['period']}  (not applied) {s['rule']}: {s['why']}")
    click.echo("final: " + ", ".join(f"{k} {v}" for k, v in result["final"].items()))


@click.group("recommendations")
def recommendations():
    """Policy recommendations: status and dated evidence (open, in progress, done, abandoned)."""


@recommendations.command("list")
@click.option("--dyad", metavar="A-B", help="Only this dyad, e.g. UKR-BLR.")
@store_option
@json_option
def recommendations_list(dyad, store_path, as_json):
    """List recommendations with actor, status (latest update over the bundled status) and evidence."""
    from dyadwatch.sanctions.recommendations import list_recommendations

    with _open(store_path) as store:
        rows = list_recommendations(store, dyad)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        r["evidence_n"] = len(r["evidence"])
        r["last_evidence"] = r["evidence"][-1]["date"] if r["evidence"] else None
    emit(rows, ["id", "actor", "status", "status_since", "evidence_n", "last_evidence", "summary"], False,
         empty="no recommendations in the store (run `dyadwatch assess` or load a YAML file)")


@recommendations.command("update")
@click.argument("rec_id", metavar="ID")
@click.option("--status", type=click.Choice(["open", "in progress", "done", "abandoned"]),
              help="New status.")
@click.option("--evidence-note", metavar="TEXT", help="What happened (your words).")
@click.option("--evidence-date", metavar="DATE", help="When it happened (YYYY-MM-DD).")
@click.option("--evidence-source", metavar="SRC_ID", help="Source id (must exist in the store).")
@click.option("--evidence-claim", metavar="CLAIM_ID", help="Claim id supporting it (must exist).")
@click.option("--evidence-event", metavar="EVENT_ID", help="Event id supporting it (must exist).")
@store_option
@json_option
def recommendations_update(rec_id, status, evidence_note, evidence_date, evidence_source, evidence_claim,
                           evidence_event, store_path, as_json):
    """Change a recommendation's status and/or add dated evidence (kept in an audit log that survives
    reloading the bundled data).

    Example: dyadwatch recommendations update sceeus-2024-rec-2 --status "in progress"
    --evidence-note "EU funding announced" --evidence-date 2024-10-01 --evidence-source some-source
    """
    from dyadwatch.sanctions.recommendations import update

    with _open(store_path) as store:
        result = update(store, rec_id, status=status, note=evidence_note, date=evidence_date,
                        source=evidence_source, claim=evidence_claim, event=evidence_event)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['id']}: {result['previous_status']} -> {result['status']}"
               + (f"; evidence {result['evidence']['date']}: {result['evidence']['note']}" if result["evidence"] else ""))
