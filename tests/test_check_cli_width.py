"""`dyadwatch check FILE > out.txt`: written to a file or a pipe, the tables are not wrapped at 80 columns."""
from __future__ import annotations

from dyadwatch.cli import main

TEXT = ("Ukraine-Belarus Relations, 16 May 2024.\n\nIn 2022 trade between Ukraine and Belarus fell by 74% to $1.6bn "
        "from $6.15bn in 2021, according to the State Customs Service of Ukraine, whose monthly statistics for "
        "January-July 2023 show a turnover of just $13.8 million, while Belarus exported $5.4bn to Ukraine in 2021 "
        "and imported $1.5bn from it.\n")


def test_check_table_is_not_wrapped_when_redirected(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    brief = tmp_path / "brief.txt"
    brief.write_text(TEXT, encoding="utf-8")
    code = main(["check", str(brief)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    lines = out.splitlines()
    # the wide layout (tables), laid out for long lines: not the 80-column fallback
    assert any("claim" in x and "subject" in x for x in lines), out
    assert max(len(x) for x in lines) > 120
    import os
    assert "COLUMNS" not in os.environ   # put back as it was


def test_check_keeps_a_width_the_user_set(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    brief = tmp_path / "brief.txt"
    brief.write_text(TEXT, encoding="utf-8")
    main(["check", str(brief)])
    out = capsys.readouterr().out
    assert max(len(x) for x in out.splitlines()) <= 80
