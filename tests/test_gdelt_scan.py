"""The --dyad byte-level pre-scan (gdelt_scan), the unfiltered chunk reader (gdelt_chunks) and the polars
checks (gdelt_typed): the same lines, numbers, hashes and reasons as the slow exact ways."""
from __future__ import annotations

import itertools

import pytest

from gdelt_rows import event, names, write

from dyadwatch.countries import Dyad
from dyadwatch.sources import gdelt, gdelt_chunks, gdelt_lines, gdelt_scan

UKR_BLR = Dyad.parse("UKR-BLR")


def _expected(data: bytes) -> dict[int, str]:
    """Candidates by the definition: a FIPS code of either country, or both CAMEO codes, as whole fields."""
    out = {}
    for i, raw in enumerate(data.split(b"\n"), start=1):
        fields = raw.rstrip(b"\r").split(b"\t")
        if {b"UP", b"BO"} & set(fields[1:-1]) or {b"UKR", b"BLR"} <= set(fields[1:-1]):
            out[i] = raw.rstrip(b"\r").replace(b"\x00", b"\x1a").decode("utf-8", "replace")
    return out


def _mixed_bytes() -> bytes:
    lines = []
    for i, (a1, a2, loc) in enumerate(itertools.product(["UKR", "BLR", "RUS", None], ["UKR", "BLR", "USA", None],
                                                        ["UP", "BO", "RS", None])):
        lines.append(event(a1, a2, "040", quad=1, gold=1, loc=loc, GLOBALEVENTID=str(i + 1)))
    lines[3] = lines[3].replace("UKR ACTOR", "UKR\x00ACTOR")             # a NUL in a candidate
    lines[7] = lines[7] + "\r"                                            # a CRLF line
    lines[9] = event("UKR", "BLR", "040", quad=1, gold=1, ActionGeo_FullName="y" * 3000)  # longer than a chunk
    lines.insert(20, "")                                                  # a blank line
    lines.append(event("BLRX", "UKRX", "040", quad=1, gold=1))            # codes only as parts of fields
    data = "\n".join(lines).encode()                                      # no newline at the end
    return data.replace(b"Place in BO", b"Place in BO \xe9", 1)           # latin-1 in a candidate


@pytest.mark.parametrize("chunk", [512, 1000, 4096, 1 << 20])
def test_prescan_finds_exactly_the_candidate_lines(tmp_path, chunk):
    data = _mixed_bytes()
    f = tmp_path / "mixed.CSV"
    f.write_bytes(data)
    any_, both = gdelt_scan.needles(UKR_BLR)
    got = gdelt_scan.scan(f, any_, both, chunk_bytes=chunk)
    want = _expected(data)
    assert dict(zip(got.frame["line"].to_list(), got.frame["text"].to_list())) == want
    digest, lines, bad = gdelt_lines.fast_hash_and_lines(f)
    assert (got.digest, got.lines) == (digest, lines)
    assert got.bad_utf8 == {ln: raw for ln, raw in bad.items() if ln in want}
    assert len(got.bad_utf8) == 1 and all(ln in want for ln in got.bad_utf8)


def test_candidates_hold_every_row_the_dyad_rule_keeps():
    """Every combination of actor and location codes the SQL rule keeps is a candidate."""
    import duckdb

    sql = gdelt._geo_patch(gdelt.dyad_sql('"Actor1CountryCode"', '"Actor2CountryCode"', '"ActionGeo_CountryCode"',
                                          "UKR", "BLR"), UKR_BLR)
    codes = ["UKR", "BLR", "RUS", "", "UP", "BO"]
    combos = list(itertools.product(codes, codes, codes))
    con = duckdb.connect()
    con.execute('CREATE TABLE t ("Actor1CountryCode" VARCHAR, "Actor2CountryCode" VARCHAR, '
                '"ActionGeo_CountryCode" VARCHAR)')
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", combos)
    kept = con.execute(f"SELECT * FROM t WHERE {sql}").fetchall()
    assert len(kept) > 20
    any_, both = gdelt_scan.needles(UKR_BLR)
    for a1, a2, loc in kept:
        line = event(a1 or None, a2 or None, "040", quad=1, gold=1, loc=loc or None).encode()
        assert any(n in line for n in any_) or all(n in line for n in both), (a1, a2, loc)


def test_dyad_ingest_with_the_prescan_equals_the_unfiltered_ingest(tmp_path):
    from dyadwatch.store import open_store

    f = tmp_path / "m.export.CSV"
    f.write_bytes(_mixed_bytes())
    with open_store(tmp_path / "a.duckdb") as st:
        gdelt.ingest(st, [f], dyad="UKR-BLR")
        fast = st.query("SELECT line, event_id, actor1_country, action_country FROM events_raw ORDER BY line")
    with open_store(tmp_path / "b.duckdb") as st:
        gdelt.ingest(st, [f])
        where = gdelt.dyad_sql("actor1_country", "actor2_country", "action_country", "UKR", "BLR")
        slow = st.query(f"SELECT line, event_id, actor1_country, action_country FROM events_raw WHERE {where} "
                        "ORDER BY line")
    assert fast == slow and len(fast) > 10


# --- the unfiltered chunk reader: polars' reader on clean chunks, the line reader on the others ----------
def _clean_and_dirty(tmp_path):
    lines = [event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID=str(i)) for i in range(1, 301)]
    lines[40] = lines[40].replace("Place in FR", "Place\rin FR")                   # a lone CR
    lines[120] = "\t".join(lines[120].split("\t")[:50])                             # too few fields
    lines[121] = lines[121] + "\textra"                                            # too many (same chunk)
    lines[200] = event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID="201", NumMentions="nan")
    lines[250] = event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID="251", GoldsteinScale=" 2.5 ")
    lines[260] = event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID="261", NumSources="1_000")
    lines[270] = event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID="271.0", SQLDATE="20220115.0",
                      DATEADDED="20220115120000.0")
    return write(tmp_path / "clean.export.CSV", lines)


def _stored(path, tmp_path, name):
    from dyadwatch.store import open_store

    with open_store(tmp_path / f"{name}.duckdb") as st:
        s = gdelt.ingest(st, [path])
        rows = st.query("SELECT * EXCLUDE (loaded_at, file_sha) FROM events_raw ORDER BY line")
        q = st.query("SELECT line, reason, raw FROM quarantine ORDER BY line")
    return s, rows, q


def test_fast_chunks_equal_the_exact_reader(tmp_path, monkeypatch):
    f = _clean_and_dirty(tmp_path)
    monkeypatch.setattr(gdelt_lines, "SCAN_CHUNK", 8000)  # many chunks: clean ones and dirty ones
    paths = []
    real_exact, real_read = gdelt_chunks._exact, gdelt_chunks._read_chunk
    monkeypatch.setattr(gdelt_chunks, "_exact", lambda *a: paths.append("exact") or real_exact(*a))
    monkeypatch.setattr(gdelt_chunks, "_read_chunk", lambda *a: paths.append("chunk") or real_read(*a))
    fast = _stored(f, tmp_path, "fast")
    assert 0 < paths.count("exact") < paths.count("chunk")  # some chunks took polars' reader, some the line reader
    monkeypatch.setattr(gdelt_chunks, "_read_chunk", lambda block, names, fields, version:
                        real_exact(block, names, fields))
    slow = _stored(f, tmp_path, "slow")
    assert fast[1] == slow[1] and fast[2] == slow[2]
    assert [r["line"] for r in fast[2]] == [41, 121, 122, 201]
    assert fast[0].total("rows_read") == 300 and fast[0].total("rows_kept") == 296
    kept = {r["line"]: r for r in fast[1]}
    assert kept[251]["goldstein"] == 2.5 and kept[261]["num_sources"] == 1000     # as DuckDB read them
    assert kept[271]["event_id"] == "271" and str(kept[271]["date"]) == "2022-01-15"


@pytest.mark.parametrize("text, want", [("52.0", 52), ("52.5", 52), ("53.5", 54), ("-2.5", -2), (" 7 ", 7),
                                        ("1_000", 1000), ("3000000000", None), ("nan", None), ("1e3", 1000),
                                        ("", None), ("x", None)])
def test_integers_read_as_duckdb_try_cast_reads_them(text, want):
    import duckdb
    import polars as pl

    from dyadwatch.sources.gdelt_typed import _int_of, _lenient_float

    got = pl.DataFrame({"v": [text]}).select(_int_of(_lenient_float("v"), "INTEGER")).item()
    duck = duckdb.sql("SELECT TRY_CAST(TRY_CAST(? AS DOUBLE) AS INTEGER)", params=[text]).fetchall()[0][0] \
        if text not in ("nan",) else None
    assert got == want == duck


def test_names_of_the_test_rows_match_the_loader():
    assert names(2) == gdelt.COLUMNS_V2
