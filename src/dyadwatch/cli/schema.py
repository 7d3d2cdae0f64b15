"""dyadwatch schema: JSON Schemas of the YAML kinds, for editors (YAML language servers read them)."""
from __future__ import annotations

import click


@click.command("schema")
@click.argument("kind", required=False)
@click.option("--list", "list_kinds", is_flag=True, help="List the YAML kinds instead.")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the schema to this file.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print JSON.")
def schema(kind, list_kinds, out, as_json):
    """Print the JSON Schema of a YAML KIND (curated, card, registry, calibration; default curated).

    Example: dyadwatch schema card --out card.schema.json, then put the line
    "# yaml-language-server: $schema=card.schema.json" at the top of the YAML file (docs/reliability.md).
    """
    import json
    from pathlib import Path

    from dyadwatch.cli.output import emit, emit_json
    from dyadwatch.errors import InputError
    from dyadwatch.safeyaml import KINDS, schema as make

    if list_kinds:
        emit([{"kind": k, "what": v[1]} for k, v in sorted(KINDS.items())], ["kind", "what"], as_json)
        return
    result = make(kind or "curated")
    if out is None:
        emit_json(result)
        return
    try:
        Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write the schema: {exc.strerror or exc}") from None
    click.echo(f"wrote the {kind or 'curated'} schema to {out}", err=True)
