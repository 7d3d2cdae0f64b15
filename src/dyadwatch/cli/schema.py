"""dyadwatch schema: JSON Schemas of the YAML kinds, for editors (YAML language servers read them)."""
from __future__ import annotations

import click


@click.command("schema")
@click.argument("kind", required=False)
@click.option("--list", "list_kinds", is_flag=True, help="List the YAML kinds instead.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print JSON.")
def schema(kind, list_kinds, as_json):
    """Print the JSON Schema of a YAML KIND (default: curated) for editors.

    Example: dyadwatch schema curated > dyadwatch-curated.schema.json, then point your editor's YAML
    language server at it (a "# yaml-language-server: $schema=…" line at the top of the file).
    """
    from dyadwatch.cli.output import emit, emit_json
    from dyadwatch.safeyaml import KINDS, schema as make

    if list_kinds:
        emit([{"kind": k, "what": v[1]} for k, v in sorted(KINDS.items())], ["kind", "what"], as_json)
        return
    emit_json(make(kind or "curated"))
