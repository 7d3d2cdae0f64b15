"""The CLI: help everywhere, lazy imports, exit codes, JSON contracts."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from dyadwatch.cli import COMMANDS, cli, main

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def walk(cmd, path=()):
    yield path, cmd
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            yield from walk(cmd.get_command(ctx, name), path + (name,))


def test_every_command_has_help_text():
    seen = []
    for path, cmd in walk(cli):
        assert cmd is not None, f"command {' '.join(path)} is registered but cannot be imported"
        text = (cmd.help or cmd.short_help or "").strip()
        assert text, f"`dyadwatch {' '.join(path)}` has no help text"
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden and param.name not in ("help", "version"):
                assert param.help, f"option {param.opts} of `dyadwatch {' '.join(path)}` has no help"
        seen.append(" ".join(path))
    assert {"assess", "load", "claims list", "sources list", "events list"} <= set(seen)
    assert set(COMMANDS) <= {p.split(" ")[0] for p in seen if p}


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from dyadwatch.cli import main; main(['--help']); "
            "heavy = [m for m in ('duckdb', 'ibis', 'pandas', 'pyarrow', 'pyspark', 'httpx', 'pypdf', 'pydantic') "
            "if m in sys.modules]; print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out


def test_version(capsys):
    from dyadwatch import __version__
    code, out, _ = run(capsys, "--version")
    assert code == 0 and __version__ in out


def test_usage_error_exits_2(capsys):
    code, _, err = run(capsys, "claims", "list", "--no-such-option")
    assert code == 2 and "no-such-option" in err


def test_unknown_country_exits_2_naming_it(capsys, store_path, tmp_path):
    code, _, err = run(capsys, "assess", "UKR", "XXX", "--store", str(store_path), "--out", str(tmp_path / "r.html"))
    assert code == 2
    assert "'XXX'" in err and err.startswith("error:")
    assert not (tmp_path / "r.html").exists()


def test_bad_realm_exits_2(capsys, store_path):
    code, _, err = run(capsys, "claims", "list", "--realm", "economics", "--store", str(store_path))
    assert code == 2 and "did you mean ECONOMIC" in err


def test_load_error_exits_2_with_file_and_line(capsys, store_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - id: ok\n    title: fine\n  - id: Not OK\n    title: x\n")
    code, _, err = run(capsys, "load", str(bad), "--store", str(store_path))
    assert code == 2 and f"{bad}:4" in err and "'id'" in err


def test_listings_json_contracts(capsys, store_path):
    assert run(capsys, "load", str(FIXTURE), "--store", str(store_path))[0] == 0
    code, out, _ = run(capsys, "claims", "list", "--dyad", "BLR-UKR", "--json", "--store", str(store_path))
    claims = json.loads(out)
    assert code == 0 and len(claims) == 3
    for c in claims:
        assert {"id", "dyad", "realm", "indicator", "period", "value", "unit", "source_id"} <= set(c)
    assert {c["id"]: c["value"] for c in claims}["t-x-2021"] == 5.4e9
    code, out, _ = run(capsys, "claims", "list", "--realm", "security", "--json", "--store", str(store_path))
    assert sorted(c["id"] for c in json.loads(out)) == ["t-troops-2022", "t-troops-2024"]
    code, out, _ = run(capsys, "sources", "list", "--json", "--store", str(store_path))
    sources = json.loads(out)
    assert {s["id"] for s in sources} == {"test-brief", "test-stats"}
    assert all({"id", "title", "publisher", "url", "date"} <= set(s) for s in sources)
    code, out, _ = run(capsys, "events", "list", "--dyad", "UKR-BLR", "--from", "2022-02-25", "--json",
                       "--store", str(store_path))
    events = json.loads(out)
    assert [e["id"] for e in events] == ["e-ambassador"]
    assert {"id", "date", "realm", "code", "summary", "source_id"} <= set(events[0])
    assert events[0]["code"] == "161"


def test_tables_print_plain_text_when_piped(capsys, store_path):
    run(capsys, "load", str(FIXTURE), "--store", str(store_path))
    code, out, _ = run(capsys, "sources", "list", "--store", str(store_path))
    assert code == 0 and "test-stats" in out and "https://example.org/stats" in out


def test_store_info(capsys, store_path):
    run(capsys, "load", str(FIXTURE), "--store", str(store_path))
    code, out, _ = run(capsys, "store", "info", "--json", "--store", str(store_path))
    info = json.loads(out)
    assert info["tables"]["claims"] == 3 and info["schema"]["core"] >= 1


def test_countries_command(capsys):
    code, out, _ = run(capsys, "countries", "UP", "--system", "fips", "--json")
    assert code == 0 and json.loads(out)[0]["iso3"] == "UKR"
    code, _, err = run(capsys, "countries", "UKRR")
    assert code == 2 and "UKR" in err


def test_console_script_exit_code(tmp_path):
    exe = Path(sys.executable).parent / "dyadwatch"
    if not exe.exists():
        pytest.skip("the dyadwatch console script is not installed in this environment (pip install -e .)")
    proc = subprocess.run([str(exe), "assess", "UKR", "XXX", "--store", str(tmp_path / "s.duckdb")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "XXX" in proc.stderr


def test_sources_show_follows_an_alias_and_counts_citations(capsys, store_path, monkeypatch):
    from dyadwatch.report import api

    run(capsys, "load", str(FIXTURE), "--store", str(store_path))
    code, out, _ = run(capsys, "sources", "show", "test-stats", "--json", "--store", str(store_path))
    row = json.loads(out)
    assert code == 0 and row["id"] == "test-stats" and row["alias"] is None
    assert row["url"] == "https://example.org/stats"
    brief = json.loads(run(capsys, "sources", "show", "test-brief", "--json", "--store", str(store_path))[1])
    n_claims = sum(1 for c in json.loads(run(capsys, "claims", "list", "--json", "--store", str(store_path))[1])
                   if c["source_id"] == "test-brief")
    n_events = sum(1 for c in json.loads(run(capsys, "events", "list", "--json", "--store", str(store_path))[1])
                   if c["source_id"] == "test-brief")
    assert n_claims > 0 and brief["cited_by_claims"] == n_claims and brief["cited_by_events"] == n_events
    monkeypatch.setattr(api, "_ALIASES", {"old-stats-id": "test-stats"})
    code, out, err = run(capsys, "sources", "show", "old-stats-id", "--store", str(store_path))
    assert code == 0 and "old-stats-id is an old id of test-stats" in err and "https://example.org/stats" in out
    code, _, err = run(capsys, "sources", "show", "test-stat", "--store", str(store_path))
    assert code == 2 and "no source 'test-stat'" in err and "did you mean test-stats" in err
