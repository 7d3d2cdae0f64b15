"""Which providers fill each realm's section, in order. Add a provider with one line."""
from __future__ import annotations

import importlib

REALM_TITLES = {
    "economic": "Economic relations",
    "political": "Political relations",
    "security": "Security",
    "civil_society": "Civil society",
    "policy": "Policy recommendations",
}

# realm -> ["module:function", ...]; each function takes a ReportContext and returns a list of Blocks
PROVIDERS: dict[str, list[str]] = {
    "economic": ["dyadwatch.report.curated:economic_claims", "dyadwatch.report.economic:trade", "dyadwatch.report.sanctions:sanctions"],
    "political": ["dyadwatch.report.curated:political", "dyadwatch.report.events:political", "dyadwatch.report.structure:political", "dyadwatch.report.structure:alignment"],
    "security": ["dyadwatch.report.curated:security", "dyadwatch.report.events:security", "dyadwatch.report.warning:security", "dyadwatch.report.structure:security"],
    "civil_society": ["dyadwatch.report.curated:civil_society", "dyadwatch.report.events:civil_society"],
    "policy": ["dyadwatch.report.policy:recommendations"],  # supersedes curated:recommendations (adds updates)
}


# Page-level sections placed before the realm sections, in this order: "anchor" -> ["module:function", ...].
# Each function takes a ReportContext and returns a list of Blocks; the anchor becomes the section's id.
PAGE_PROVIDERS: dict[str, list[str]] = {
    "key-judgements": ["dyadwatch.report.judgements:key_judgements"],
    "data-currency": ["dyadwatch.report.currency:banner"],
    "scenarios": ["dyadwatch.report.scenarios:scenarios"],
}


def providers(realm: str, table: dict[str, list[str]] | None = None):
    for spec in (PROVIDERS if table is None else table).get(realm, []):
        module, attr = spec.split(":")
        yield getattr(importlib.import_module(module), attr)
