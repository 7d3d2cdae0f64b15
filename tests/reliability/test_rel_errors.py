"""Every error of issue 16's list: one clean line, its documented exit code, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dyadwatch.cli import main


def run(*args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "dyadwatch", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def clean(r, code):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr


def test_check_html_into_a_missing_folder(tmp_path, capsys, bundled_copy):
    brief = tmp_path / "b.txt"
    brief.write_text("Trade between Ukraine and Belarus fell by 10% in 2022.\n")
    code = main(["check", str(brief), "--html", str(tmp_path / "nope" / "r.html"), "--store", str(bundled_copy)])
    assert code == 2
    assert "No such file or directory" in capsys.readouterr().err


def test_as_of_far_future_is_refused(tmp_path, capsys):
    assert main(["assess", "UKR", "BLR", "--as-of", "9999-12-31", "--store", str(tmp_path / "s.duckdb")]) == 2
    assert "9999-12-31" in capsys.readouterr().err


def test_horizon_out_of_range(tmp_path, capsys):
    code = main(["forecasts", "add", "UKR", "BLR", "--id", "f1", "--target", "E1", "--horizon", "99999999999",
                 "-p", "0.5", "--author", "me", "--store", str(tmp_path / "s.duckdb")])
    assert code == 2 and "--horizon" in capsys.readouterr().err


@pytest.mark.parametrize("factor", ["0", "-1", "nan", "inf"])
def test_cif_fob_factor_must_be_sensible(factor, tmp_path, capsys):
    code = main(["trade", "summary", "UKR", "BLR", "--period", "2021", "--cif-fob", factor,
                 "--store", str(tmp_path / "s.duckdb")])
    assert code == 2 and "CIF/FOB factor" in capsys.readouterr().err


def test_invalid_direction_is_an_error_not_no_data(tmp_path, capsys):
    code = main(["events", "series", "UKR", "BLR", "--direction", "sideways", "--store", str(tmp_path / "s.duckdb")])
    assert code == 2 and "UKR->BLR" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["acled", "polecat"])
def test_failed_acled_and_polecat_files_exit_non_zero(kind, tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text("garbage,x\n1,2\n")
    assert main(["ingest", kind, str(f), "--store", str(tmp_path / "s.duckdb")]) == 4
    assert "failed:" in capsys.readouterr().err


def test_binary_plover_file_is_not_recorded_as_ingested(tmp_path, capsys):
    f = tmp_path / "bin.jsonl"
    f.write_bytes(bytes(range(256)) * 20)
    store = tmp_path / "s.duckdb"
    assert main(["ingest", "plover", str(f), "--store", str(store)]) == 4
    assert "binary or not UTF-8" in capsys.readouterr().err
    from dyadwatch.store import open_store
    with open_store(store) as st:
        assert st.scalar("SELECT count(*) FROM ingest_ledger") == 0


def test_deeply_nested_plover_and_ftm_json(tmp_path):
    deep = "[" * 50000 + "]" * 50000
    pl = tmp_path / "deep.jsonl"
    pl.write_text('{"id": "x", "event": ' + deep + "}\n")
    r = run("ingest", "plover", pl, "--store", tmp_path / "s.duckdb")
    assert r.returncode in (0, 2, 4) and "Traceback" not in r.stderr
    ftm = tmp_path / "deep.ftm.json"
    ftm.write_text('{"id": "a", "schema": "Person", "properties": {"notes": ' + deep + "}}\n")
    r = run("ingest", "sanctions", ftm, "--store", tmp_path / "s.duckdb")
    assert r.returncode in (2, 4) and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_ftm_values_of_the_wrong_type_are_quarantined(tmp_path):
    f = tmp_path / "e.ftm.json"
    f.write_text('{"id": "a1", "schema": "Person", "datasets": 5, "properties": {"name": ["X"]}}\n'
                 '{"id": "a2", "schema": "Sanction", "properties": {"entity": ["a1"], "program": [{"x": 1}]}}\n'
                 '{"id": "a3", "schema": "Person", "datasets": ["eu_fsf"], "properties": {"name": ["Y"]}}\n')
    r = run("ingest", "sanctions", f, "--store", tmp_path / "s.duckdb")
    clean(r, 0)


def test_spark_without_java_is_one_line_exit_2(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    r = run("events", "series", "UKR", "BLR", "--engine", "spark", "--store", tmp_path / "s.duckdb",
            env_extra={"PATH": str(bare), "JAVA_HOME": ""})
    clean(r, 2)
    assert "Java 17" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_interrupt_is_130_without_traceback(monkeypatch, capsys):
    import dyadwatch.cli as cli_mod

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_mod.cli, "main", boom)
    assert main(["sources", "list"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_duckdb_query_interrupted_is_130(monkeypatch, capsys):
    import duckdb

    import dyadwatch.cli as cli_mod

    def interrupted(*a, **k):
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(cli_mod.cli, "main", interrupted)
    assert main(["sources", "list"]) == 130
    assert "Traceback" not in capsys.readouterr().err
