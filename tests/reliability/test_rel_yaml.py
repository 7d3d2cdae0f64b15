"""Safe YAML: bombs, depth, non-finite numbers, all errors reported, one locator, JSON Schema; fuzzed."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dyadwatch.errors import ValidationError, ValidationErrors
from dyadwatch.safeyaml import load


def bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def run(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "dyadwatch", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_alias_bomb_fails_fast_with_exit_2(tmp_path):
    text = bomb()
    assert len(text.encode()) < 700
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    t = time.monotonic()
    with pytest.raises(ValidationError, match="alias bomb"):
        load(text, "bomb.yaml")
    assert time.monotonic() - t < 1.0
    r = run("load", str(path), "--store", str(tmp_path / "s.duckdb"))
    assert r.returncode == 2, r.stderr
    assert "alias bomb" in r.stderr and "Traceback" not in r.stderr


def test_deep_nesting_is_refused_without_recursion_error():
    for text in ("[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 200)) + " " * 200 + "x"):
        with pytest.raises(ValidationError, match="nested more than"):
            load(text, "deep.yaml")


def test_recursive_alias_is_refused():
    with pytest.raises(ValidationError, match="recursive alias"):
        load("a: &a [1, *a]\n", "r.yaml")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e+999", ".NaN"])
def test_non_finite_yaml_numbers_are_refused(value):
    with pytest.raises(ValidationError, match="finite"):
        load(f"x: {value}\n", "n.yaml")


@pytest.mark.parametrize("value", ["1e999", "'nan'", "inf"])
def test_non_finite_text_numbers_are_refused_by_the_models(value, tmp_path):
    from dyadwatch.curated import parse_file

    text = ("sources:\n- id: s1\n  title: T\nobservations:\n- indicator: exports\n  reporter: UKR\n"
            f"  period: '2021'\n  value: {value}\n  source: s1\n")
    with pytest.raises(ValidationError) as exc:
        parse_file("f.yaml", text)
    assert exc.value.line == 8 and "finite" in str(exc.value)


def test_all_errors_of_a_file_are_reported():
    from dyadwatch.curated import parse_file

    text = """sources:
- id: s1
  title: A
  url: file:///etc/passwd
claims:
- id: c1
  dyad: UKR-BLR
  realm: economic
  indicator: x
  kind: level
  value: .5
  source: s1
  colour: red
- id: c2
  dyad: UKR-BLR
  realm: nowhere
  indicator: x
  kind: level
  value: 1
  source: s1
"""
    with pytest.raises(ValidationErrors) as exc:
        parse_file("f.yaml", text)
    got = [(p.line, p.field) for p in exc.value.problems]
    assert got == [(4, "url"), (13, "colour"), (16, "realm")]
    assert "3 problems" in str(exc.value)


def test_schema_command_exports_json_schema():
    r = run("schema", "curated")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert set(schema["properties"]) == {"sources", "claims", "observations", "events", "recommendations"}
    assert "Claim" in schema["$defs"] and schema["$defs"]["Claim"]["additionalProperties"] is False
    r = run("schema", "nope")
    assert r.returncode == 2 and "unknown YAML kind" in r.stderr


TOKENS = list("ab:-[]{}&*!|>'\"#\n .,01e\t") + ["  ", "&x ", "*x", ".nan", "1e999", "sources:", "- id: s1",
                                                     "claims:", "!!python/object:os.system", "\u0000", "\r"]
yaml_text = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text)
def test_fuzz_yaml_reader_raises_only_validation_errors(text):
    try:
        load(text, "fuzz.yaml")
    except ValidationError:
        pass


@settings(max_examples=150, deadline=None, database=None)
@given(yaml_text)
def test_fuzz_curated_parser_raises_only_input_errors(text):
    from dyadwatch.curated import parse_file
    from dyadwatch.errors import InputError

    try:
        parse_file("fuzz.yaml", text)
    except InputError:
        pass
