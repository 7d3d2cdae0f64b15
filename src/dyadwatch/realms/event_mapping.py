"""The event → realm mapping (``data/realm_mapping.yaml``) and its SQL form.

The YAML is the model; this module only interprets it: :func:`realm_sql` turns the ordered rules into one
SQL ``CASE`` over the normalised columns of a staging table (``actor1_types``, ``actor2_types``,
``event_root``, ``event_code``, ``plover_context``; lists are ';'-joined), and :func:`realm_of` applies the
same rules in Python (used by tests and by callers with single events).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from dyadwatch.errors import ModelError

REALMS = ("political", "security", "civil_society", "economic")
RULE_KEYS = {"realm", "actor_types", "roots", "codes", "contexts"}


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    import yaml

    text = resources.files("dyadwatch").joinpath("data", "realm_mapping.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 6x faster, same data
    _validate(data)
    return data


def _validate(data: Any) -> None:
    where = "data/realm_mapping.yaml"
    if not isinstance(data, dict) or "realms" not in data:
        raise ModelError(f"{where}: expected a mapping with a 'realms' list")
    for i, rule in enumerate(data["realms"]):
        extra = set(rule) - RULE_KEYS
        if extra:
            raise ModelError(f"{where}: realms[{i}]: unknown keys {sorted(extra)}")
        if rule.get("realm") not in REALMS:
            raise ModelError(f"{where}: realms[{i}]: realm must be one of {REALMS}")
    if data.get("default_realm") not in REALMS:
        raise ModelError(f"{where}: default_realm must be one of {REALMS}")
    for root, spec in data["cameo_roots"].items():
        if spec.get("quad") not in (1, 2, 3, 4):
            raise ModelError(f"{where}: cameo_roots[{root}]: quad must be 1..4")
    for cat, spec in data["plover"].items():
        if spec.get("quad") not in (1, 2, 3, 4) or str(spec.get("root")) not in data["cameo_roots"]:
            raise ModelError(f"{where}: plover[{cat}]: needs quad 1..4 and a CAMEO root")


def _lit(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def realm_sql() -> str:
    """One SQL CASE expression giving the realm of a staged event row (DuckDB dialect)."""
    m = mapping()
    types = "string_split(coalesce(actor1_types, '') || ';' || coalesce(actor2_types, ''), ';')"
    contexts = "string_split(coalesce(plover_context, ''), ';')"
    whens = []
    for rule in m["realms"]:
        conds = []
        if rule.get("actor_types"):
            conds.append(f"list_has_any({types}, {_lit(rule['actor_types'])})")
        if rule.get("roots"):
            conds.append(f"list_contains({_lit(rule['roots'])}, event_root)")
        if rule.get("codes"):
            conds.append(f"list_contains({_lit(rule['codes'])}, event_code)")
        if rule.get("contexts"):
            conds.append(f"list_has_any({contexts}, {_lit(rule['contexts'])})")
        if conds:
            whens.append(f"WHEN {' OR '.join(conds)} THEN '{rule['realm']}'")
    return "CASE " + " ".join(whens) + f" ELSE '{m['default_realm']}' END"


def realm_expr(types, root, code):
    """The same first-match rules as an Ibis expression (engines other than the store's DuckDB, e.g. GDELT's
    BigQuery table): `types` are the actor-type columns (NULL when empty), `root` and `code` the CAMEO
    root and event code. Context rules are left out: GDELT rows have no PLOVER contexts."""
    import ibis

    m = mapping()
    cases = []
    for rule in m["realms"]:
        conds = []
        if rule.get("actor_types"):
            conds += [col.isin([str(v) for v in rule["actor_types"]]) for col in types]
        if rule.get("roots"):
            conds.append(root.isin([str(v) for v in rule["roots"]]))
        if rule.get("codes"):
            conds.append(code.isin([str(v) for v in rule["codes"]]))
        if conds:
            cond = conds[0]
            for c in conds[1:]:
                cond = cond | c
            cases.append((cond.fill_null(False), rule["realm"]))
    return ibis.cases(*cases, else_=m["default_realm"])


def realm_of(*, actor_types=(), root: str | None = None, code: str | None = None, contexts=()) -> str:
    """The realm of one event, by the same first-match rules as :func:`realm_sql`."""
    m = mapping()
    types, ctx = set(actor_types), set(contexts)
    for rule in m["realms"]:
        if (types & set(rule.get("actor_types", ())) or (root is not None and root in rule.get("roots", ()))
                or (code is not None and code in rule.get("codes", ()))
                or ctx & set(rule.get("contexts", ()))):
            return rule["realm"]
    return m["default_realm"]


def root_quad(root: str | None) -> int | None:
    spec = mapping()["cameo_roots"].get(root or "")
    return spec["quad"] if spec else None


def plover_category(name: str | None) -> dict | None:
    if not name:
        return None
    return mapping()["plover"].get(str(name).strip().upper())


def escalation_roots() -> list[str]:
    return [str(r) for r in mapping()["escalation_roots"]]


def sector_type(sector: str | None) -> str | None:
    if not sector:
        return None
    sectors = mapping()["sectors"]
    s = str(sector).strip()
    if s.upper() in {v for v in sectors.values()}:
        return s.upper()
    return sectors.get(s) or sectors.get(s.title())
