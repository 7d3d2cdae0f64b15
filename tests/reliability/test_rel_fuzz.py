"""Hypothesis fuzz tests of the inputs users hand over: GDELT export rows, FtM JSON lines, `check` texts.
The property is always the same: no crash (only dyadwatch's own errors), nothing half-written."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gdelt_rows import names, row  # noqa: E402

from dyadwatch.errors import DyadwatchError  # noqa: E402

def fuzz(n: int):
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
NASTY = st.sampled_from(["", "nan", "inf", "-inf", "1e999", "99999999999999999999", "-0", "0x1A", "\r", "abc",
                         "MÜNCHEN", "20221332", "19000101", "\x00", "1.5", "-10", "4", "UKR", "BLR", "190",
                         "https://x.example/a"])
COLS = names(2)


@st.composite
def gdelt_line(draw):
    fields = {c: draw(NASTY) for c in draw(st.lists(st.sampled_from(COLS), max_size=8, unique=True))
              if c not in ("GLOBALEVENTID",)}
    line = row(2, **fields)
    width = draw(st.sampled_from([None, None, None, 57, 60, 62]))
    if width:
        line = "\t".join((line.split("\t") + [""] * 10)[:width])
    return line


@fuzz(20)
@given(st.lists(gdelt_line(), min_size=1, max_size=6), st.sampled_from(["utf-8", "latin-1"]))
def test_fuzz_gdelt_rows_never_crash_the_ingest(tmp_path_factory, lines, encoding):
    from dyadwatch.sources import gdelt
    from dyadwatch.store import open_store

    folder = tmp_path_factory.mktemp("gdelt")
    path = folder / "20220115000000.export.CSV"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding, errors="replace"))
    with open_store(folder / "s.duckdb") as store:
        before = store.scalar("SELECT count(*) FROM events_raw")
        summary = gdelt.ingest(store, [str(path)])
        assert {f.status for f in summary.files} <= {"ingested", "failed", "unchanged", "skipped", "loaded"}
        after = store.scalar("SELECT count(*) FROM events_raw")
        ledger = store.scalar("SELECT count(*) FROM ingest_ledger")
        assert (after == before and ledger == 0) or ledger == 1  # all of the file or none of it


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                          lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids,
                                                                                    max_size=3), max_leaves=8)


@st.composite
def ftm_line(draw):
    obj = {"id": draw(st.sampled_from(["a1", "a2", 5, None, ""])),
           "schema": draw(st.sampled_from(["Person", "Company", "Sanction", "Vessel", 7, None])),
           "properties": draw(st.one_of(json_value, st.dictionaries(
               st.sampled_from(["name", "program", "entity", "country", "startDate", "topics", "sector"]),
               st.lists(json_value, max_size=3), max_size=4)))}
    if draw(st.booleans()):
        obj["datasets"] = draw(json_value)
    return json.dumps(obj)


@fuzz(40)
@given(st.lists(ftm_line(), min_size=1, max_size=5))
def test_fuzz_ftm_lines_raise_only_dyadwatch_errors(tmp_path_factory, lines):
    from dyadwatch.sanctions import ftm
    from dyadwatch.store import open_store

    folder = tmp_path_factory.mktemp("ftm")
    path = folder / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n")
    with open_store(folder / "s.duckdb") as store:
        try:
            ftm.ingest(store, path, fmt="ftm")
        except DyadwatchError:
            assert store.scalar("SELECT count(*) FROM ingest_ledger") == 0


WORDS = st.sampled_from(["Trade", "between", "Ukraine", "and", "Belarus", "fell", "rose", "by", "to", "%", "per cent",
                         "in", "2021", "2022", "2023", "H1", "Q3", "$", "bn", "million", "1.5", "10", "-3", "1e999",
                         "nan", "twice", "half", "exports", "imports", ".", ",", "\n", "–", "from", "of", "total"])


@fuzz(150)
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_fuzz_check_texts_raise_only_dyadwatch_errors(text):
    from dyadwatch.check import check_text

    try:
        report = check_text(text, date="2024-01-01")
    except DyadwatchError:
        return
    json.dumps([getattr(f, "__dict__", str(f)) for f in report.findings], default=str)
