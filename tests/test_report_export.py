"""`dyadwatch export --format sqlite --out x.sqlite` writes the database file x.sqlite (not a folder named so);
a folder keeps getting dyadwatch.sqlite. (Kept apart from tests/test_export.py, which another change extends.)"""
from __future__ import annotations

import json
import sqlite3

from dyadwatch.cli import main


def test_out_naming_a_sqlite_file_writes_that_file(bundled_copy, tmp_path, capsys):
    target = tmp_path / "sub" / "x.sqlite"
    code = main(["export", "--format", "sqlite", "--out", str(target), "--tables", "claims,sources",
                 "--store", str(bundled_copy), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert target.is_file() and not (target / "dyadwatch.sqlite").exists()
    assert {r["file"] for r in json.loads(out.out)} == {str(target)}
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    con.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.sqlite"]   # no temporary file left
    # a folder (or a name without a database suffix) is still a folder holding dyadwatch.sqlite
    assert main(["export", "--format", "sqlite", "--out", str(tmp_path / "dir"), "--tables", "claims",
                 "--store", str(bundled_copy)]) == 0
    assert (tmp_path / "dir" / "dyadwatch.sqlite").is_file()


def test_out_naming_an_xlsx_file_writes_that_workbook(bundled_copy, tmp_path, capsys):
    import pytest

    pytest.importorskip("openpyxl")
    target = tmp_path / "book.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(target), "--tables", "sources",
                 "--store", str(bundled_copy)]) == 0, capsys.readouterr().err
    assert target.is_file()
