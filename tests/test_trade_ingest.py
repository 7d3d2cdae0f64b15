"""Comtrade CSV files (v1 and legacy layouts) and national tables through a YAML mapping."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyadwatch.errors import FormatError, InputError, ValidationError

FIX = Path(__file__).parent / "fixtures" / "comtrade"


def test_v1_csv(store):
    from dyadwatch.sources.comtrade import ingest_file

    r = ingest_file(store, FIX / "v1_ukr_blr_monthly.csv")
    assert r.status == "loaded" and r.layout == "v1"
    assert r.rows_kept == 70 and r.rows_skipped == 1 and r.rows_quarantined == 1
    assert any("newUpstreamColumn" in w and "not used" in w for w in r.warnings)
    assert r.quarantine[0]["line"] == 73 and "'lots' is not a number" in r.quarantine[0]["reason"]
    q = store.query("SELECT * FROM quarantine")
    assert len(q) == 1 and q[0]["kind"] == "comtrade-csv" and "lots" in q[0]["raw"]
    row = store.query("SELECT * FROM observations WHERE period = '2022-01' AND product = '27'")[0]
    assert (row["reporter"], row["partner"], row["flow"], row["value"], row["basis"], row["dataset"]) == \
        ("UKR", "BLR", "M", 240e6, "CIF", "comtrade")
    assert store.query("SELECT id FROM sources")[0]["id"] == r.source_id
    # idempotent: the same file again changes nothing
    n = store.scalar("SELECT count(*) FROM observations")
    assert ingest_file(store, FIX / "v1_ukr_blr_monthly.csv").status == "unchanged"
    assert store.scalar("SELECT count(*) FROM observations") == n


def test_legacy_csv(store):
    from dyadwatch.sources.comtrade import ingest_files

    [r] = ingest_files(store, [FIX / "legacy_blr_ukr_annual.csv"])
    assert r.layout == "legacy" and r.rows_kept == 12 and r.rows_skipped == 1 and not r.rows_quarantined
    assert not r.warnings  # every legacy column is known
    rows = store.query("SELECT reporter, partner, flow, product, period, value, basis FROM observations "
                       "WHERE period = '2017' AND product = 'TOTAL' ORDER BY partner, flow")
    assert rows == [
        {"reporter": "BLR", "partner": "UKR", "flow": "M", "product": "TOTAL", "period": "2017", "value": 1.3e9, "basis": "CIF"},
        {"reporter": "BLR", "partner": "UKR", "flow": "X", "product": "TOTAL", "period": "2017", "value": 3.4e9, "basis": "FOB"},
        {"reporter": "BLR", "partner": "WLD", "flow": "M", "product": "TOTAL", "period": "2017", "value": 34.2e9, "basis": "CIF"},
        {"reporter": "BLR", "partner": "WLD", "flow": "X", "product": "TOTAL", "period": "2017", "value": 29.2e9, "basis": "FOB"},
    ]


def test_encoding_error_is_clear_and_stores_nothing(store, tmp_path):
    from dyadwatch.sources.comtrade import ingest_file

    text = (FIX / "legacy_blr_ukr_annual.csv").read_text()
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(text.replace("Belarus", "Bélarus").encode("latin-1"))
    before = store.counts()
    with pytest.raises(FormatError) as exc:
        ingest_file(store, bad)
    msg = str(exc.value)
    assert "latin1.csv:2" in msg and "not utf-8 text" in msg and "--encoding" in msg
    assert store.counts() == before
    r = ingest_file(store, bad, encoding="latin-1")
    assert r.rows_kept == 12


@pytest.mark.parametrize("content,match", [
    ("", "empty"),
    ("a,b,c\n1,2,3\n", "not a Comtrade CSV"),
    ("reporterCode,flowCode,cmdCode,primaryValue,period,partnerCode\n", "no data rows"),
])
def test_bad_files(store, tmp_path, content, match):
    from dyadwatch.sources.comtrade import ingest_file

    p = tmp_path / "bad.csv"
    p.write_text(content)
    with pytest.raises(FormatError, match=match):
        ingest_file(store, p)
    with pytest.raises(InputError, match="no such file"):
        ingest_file(store, tmp_path / "missing.csv")


def test_wrong_field_count_is_quarantined(store, tmp_path):
    from dyadwatch.sources.comtrade import ingest_file

    lines = (FIX / "legacy_blr_ukr_annual.csv").read_text().splitlines()
    lines.insert(3, "H4,2016,2016")
    p = tmp_path / "short.csv"
    p.write_text("\n".join(lines) + "\n")
    r = ingest_file(store, p)
    assert r.rows_quarantined == 1 and r.quarantine[0]["line"] == 4
    assert "3 fields where the header has 35" in r.quarantine[0]["reason"]


def test_table_with_mapping(store):
    from dyadwatch.sources.tables import ingest_table

    r = ingest_table(store, FIX / "ukrstat_style_table.csv", FIX / "ukrstat_style_mapping.yaml")
    assert r.status == "loaded"
    assert r.rows_kept == 7 and r.rows_quarantined == 1 and r.rows_skipped == 1
    assert any("Сальдо" in w for w in r.warnings)
    assert "Атлантида" in r.quarantine[0]["reason"] and r.quarantine[0]["line"] == 6
    rows = {(o["partner"], o["flow"], o["period"]): o for o in store.query("SELECT * FROM observations")}
    assert rows[("BLR", "X", "2019")]["value"] == pytest.approx(1_470_000_500.0)
    assert rows[("BLR", "M", "2021")]["value"] == 4.6e9 and ("BLR", "X", "2021") not in rows
    assert rows[("POL", "M", "2020")]["dataset"] == "table"
    assert store.query("SELECT title FROM sources WHERE id = 'test-ukrstat-style-table'")
    assert ingest_table(store, FIX / "ukrstat_style_table.csv", FIX / "ukrstat_style_mapping.yaml").status == "unchanged"


def test_table_mapping_errors(store, tmp_path):
    from dyadwatch.sources.tables import ingest_table

    m = tmp_path / "m.yaml"
    m.write_text((FIX / "ukrstat_style_mapping.yaml").read_text().replace("flow: M", "flow: Q"))
    with pytest.raises(ValidationError, match=r"m.yaml.*values"):
        ingest_table(store, FIX / "ukrstat_style_table.csv", m)
    m.write_text((FIX / "ukrstat_style_mapping.yaml").read_text().replace("Імпорт, тис", "Import, th"))
    with pytest.raises(FormatError, match="not in the header"):
        ingest_table(store, FIX / "ukrstat_style_table.csv", m)
    m.write_text((FIX / "ukrstat_style_mapping.yaml").read_text() + "colour: blue\n")
    with pytest.raises(ValidationError, match="colour"):
        ingest_table(store, FIX / "ukrstat_style_table.csv", m)
    assert store.scalar("SELECT count(*) FROM observations") == 0


def test_cli_ingest(store_path, tmp_path, capsys):
    from dyadwatch.cli import main

    f = tmp_path / "data.csv"
    shutil.copy(FIX / "v1_ukr_blr_monthly.csv", f)
    assert main(["ingest", "comtrade", str(f), "--store", str(store_path)]) == 0
    out = capsys.readouterr()
    assert "loaded" in out.out and "newUpstreamColumn" in out.err
    assert main(["ingest", "comtrade", str(f), "--store", str(store_path)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert main(["ingest", "table", str(FIX / "ukrstat_style_table.csv"), "--mapping",
                 str(FIX / "ukrstat_style_mapping.yaml"), "--store", str(store_path), "--json"]) == 0
    assert main(["ingest", "comtrade", str(tmp_path / "nope.csv"), "--store", str(store_path)]) == 2
