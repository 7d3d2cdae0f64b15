"""The realm mapping (data/realm_mapping.yaml) against CAMEO's own code lists and GDELT's rows."""
from __future__ import annotations

import csv
import itertools
import re

import duckdb
import pytest

from dyadwatch.realms.event_mapping import escalation_roots, mapping, realm_of, realm_sql, root_quad

# what the descriptions of the codes a realm lists by code must speak of
KEYWORDS = {
    "security": r"milit|peacekeep|intellig|ceasefire|truce|de-escalat|demobiliz|retreat|blockade|aggression|"
                r"war crimes|espionage|force|attack|violence|occupation|wmd|inspectors|armed|peacekeeping",
    "civil_society": r"rights|dissent|release|asylum|political freedoms|political parties|humanitarian|"
                     r"repression|arrest|deport|curfew|aid agencies|human rights",
    "economic": r"econom|sanction|embargo|boycott|aid",
}


def cameo(shared_data, name: str) -> dict[str, str]:
    with open(shared_data / "cameo" / name, encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return {r[0].strip(): r[1].strip() for r in rows[1:] if r}


def test_every_listed_code_is_a_cameo_code_of_the_right_kind(shared_data):
    codes = cameo(shared_data, "cameo_event_codes.tsv")
    assert len(codes) == 310
    for rule in mapping()["realms"]:
        for code in rule.get("codes", []):
            assert code in codes, f"{rule['realm']}: {code} is not a CAMEO event code"
            assert re.search(KEYWORDS[rule["realm"]], codes[code], re.I), \
                f"{rule['realm']}: {code} '{codes[code]}' does not belong to this realm"
        for root in rule.get("roots", []):
            assert root in codes and len(root) == 2


def test_no_code_is_listed_for_two_realms():
    seen: dict[str, str] = {}
    for rule in mapping()["realms"]:
        for code in rule.get("codes", []):
            assert seen.setdefault(code, rule["realm"]) == rule["realm"], code


def test_actor_types_are_cameo_types(shared_data):
    types = cameo(shared_data, "cameo_actor_types.tsv")
    listed = [t for rule in mapping()["realms"] for t in rule.get("actor_types", [])]
    assert listed and set(listed) <= set(types)
    assert set(mapping()["sectors"].values()) <= set(types)
    assert set(mapping()["acled_inter"].values()) <= set(types)


def test_root_labels_are_cameos(shared_data):
    codes = cameo(shared_data, "cameo_event_codes.tsv")
    roots = mapping()["cameo_roots"]
    assert sorted(roots) == [f"{i:02d}" for i in range(1, 21)]
    for root, spec in roots.items():
        assert spec["label"].upper() == codes[root].upper()


def test_root_quads_agree_with_gdelt_rows(shared_data):
    """Every real GDELT row's QuadClass is the quad class the mapping gives its EventRootCode."""
    files = sorted((shared_data / "gdelt").glob("*events_sample.export.tsv")) + \
        sorted((shared_data / "gdelt" / "real-2017").iterdir())
    seen = 0
    for path in files:
        for line in open(path, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            root, quad = f[28], f[29]  # EventRootCode and QuadClass sit at the same place in 1.0 and 2.0
            assert root_quad(root.split(".")[0].zfill(2)) == int(float(quad)), (path.name, f[0], root, quad)
            seen += 1
    assert seen > 6000


def test_escalation_roots_are_conflict_codes():
    assert escalation_roots() == ["13", "15", "16", "17", "18", "19", "20"]
    assert all(root_quad(r) in (3, 4) for r in escalation_roots())


def test_sql_and_python_rules_agree():
    types = [None, "GOV", "MIL", "COP", "OPP", "BUS", "MED"]
    cases = list(itertools.product(types, types, ["04", "14", "17", "19", "06", "16"],
                                   [None, "042", "173", "0211", "1123", "163", "141"]))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (actor1_types VARCHAR, actor2_types VARCHAR, event_root VARCHAR, "
                "event_code VARCHAR, plover_context VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, NULL)", cases)
    got = con.execute(f"SELECT {realm_sql()} FROM t").fetchall()
    for (t1, t2, root, code), (realm,) in zip(cases, got):
        assert realm == realm_of(actor_types=[t for t in (t1, t2) if t], root=root, code=code), (t1, t2, root, code)


@pytest.mark.parametrize("types, root, code, realm", [
    (["COP"], "17", "173", "civil_society"),   # police arrest: repression of civil society
    (["MIL"], "04", "042", "security"),        # a military visit
    (["GOV"], "19", "190", "security"),        # force by anyone
    (["GOV"], "04", "042", "political"),
    (["BUS"], "06", "061", "economic"),
    (["GOV"], "16", "163", "economic"),        # sanctions
    (["GOV"], "16", "161", "political"),       # breaking diplomatic relations
    (["OPP"], "04", "040", "civil_society"),
])
def test_realm_examples(types, root, code, realm):
    assert realm_of(actor_types=types, root=root, code=code) == realm
