"""CLI conventions: -v/-q logging, the TOML config file under the environment, shell completion, py.typed."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dyadwatch import settings
from dyadwatch.cli import main
from dyadwatch.cli.logs import setup

SRC = Path(__file__).resolve().parents[1] / "src"


def test_config_file_then_environment(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('store = "~/from-config.duckdb"\nengine = "spark"\n')
    monkeypatch.setenv("DYADWATCH_CONFIG", str(cfg))
    monkeypatch.delenv("DYADWATCH_STORE", raising=False)
    monkeypatch.delenv("DYADWATCH_ENGINE", raising=False)
    assert settings.get("engine") == "spark"
    assert settings.store_path() == Path(os.path.expanduser("~/from-config.duckdb"))
    monkeypatch.setenv("DYADWATCH_ENGINE", "duckdb")          # the environment wins over the file
    assert settings.get("engine") == "duckdb"
    assert settings.store_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"   # an explicit option wins


def test_bad_config_is_an_input_error_naming_the_file(tmp_path, monkeypatch, capsys):
    from dyadwatch.errors import InputError

    cfg = tmp_path / "config.toml"
    monkeypatch.setenv("DYADWATCH_CONFIG", str(cfg))
    monkeypatch.delenv("DYADWATCH_ENGINE", raising=False)
    cfg.write_text("engine = \n")
    with pytest.raises(InputError, match=f"config file {cfg}.*line 1"):
        settings.get("engine")
    cfg.write_text('stroe = "x"\n')
    with pytest.raises(InputError, match="unknown setting.*stroe"):
        settings.get("engine")
    monkeypatch.setenv("DYADWATCH_STORE", str(tmp_path / "s.duckdb"))
    assert main(["store", "info"]) == 2 and "stroe" in capsys.readouterr().err


def test_verbosity_flags(monkeypatch):
    monkeypatch.delenv("DYADWATCH_LOG_LEVEL", raising=False)
    monkeypatch.setenv("DYADWATCH_CONFIG", os.devnull)
    assert setup(0, False) == logging.WARNING
    assert setup(1, False) == logging.INFO and setup(2, False) == logging.DEBUG
    assert setup(3, True) == logging.ERROR
    monkeypatch.setenv("DYADWATCH_LOG_LEVEL", "info")
    assert setup(0, False) == logging.INFO


def test_verbose_cli_logs_and_quiet_does_not(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC), "DYADWATCH_CONFIG": os.devnull}
    args = [sys.executable, "-m", "dyadwatch"]
    store = ["--store", str(tmp_path / "s.duckdb")]
    loud = subprocess.run(args + ["-vv", "store", "info"] + store, capture_output=True, text=True, env=env,
                          timeout=120)
    assert loud.returncode == 0, loud.stderr
    quiet = subprocess.run(args + ["-q", "store", "info"] + store, capture_output=True, text=True, env=env,
                           timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_shell_completion_completes_country_codes():
    env = {**os.environ, "PYTHONPATH": str(SRC), "_DYADWATCH_COMPLETE": "bash_complete",
           "COMP_WORDS": "dyadwatch assess UK", "COMP_CWORD": "2", "DYADWATCH_CONFIG": os.devnull}
    r = subprocess.run([sys.executable, "-c", "import sys; from dyadwatch.cli import main; sys.exit(main())"],
                       capture_output=True, text=True, env=env, timeout=60)
    words = [line.split(",", 1)[1] for line in r.stdout.splitlines() if "," in line]
    assert "UKR" in words and "BLR" not in words
    env["COMP_WORDS"], env["COMP_CWORD"] = "dyadwatch assess UKR belaru", "3"
    r = subprocess.run([sys.executable, "-c", "import sys; from dyadwatch.cli import main; sys.exit(main())"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert "plain,BLR" in r.stdout.splitlines()
    env["COMP_WORDS"], env["COMP_CWORD"] = "dyadwatch exp", "1"
    r = subprocess.run([sys.executable, "-c", "import sys; from dyadwatch.cli import main; sys.exit(main())"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert "plain,export" in r.stdout.splitlines()


def test_package_is_typed():
    assert (SRC / "dyadwatch" / "py.typed").is_file()
