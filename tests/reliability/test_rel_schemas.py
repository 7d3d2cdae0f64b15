"""Every YAML kind (curated data, the warning card, the forecast registry, the sanctions calibration model
and scenario) is validated through pydantic models with the one locator: all problems of a file are reported
with their lines, non-finite numbers are refused, and the exported JSON Schemas accept the bundled files."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from dyadwatch.cli import main
from dyadwatch.errors import ModelFileErrors, ValidationError, ValidationErrors
from dyadwatch.safeyaml import KINDS, schema
from dyadwatch.sanctions.calibrate import example_paths, parse_model, parse_scenario
from dyadwatch.warning import card as cardmod
from dyadwatch.warning import registry

DATA = Path(cardmod.card_dir()).parent


def line_with(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def edit(path: Path, *pairs: tuple[str, str]) -> str:
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)
    return text


def located(err) -> set[tuple[str, int, str]]:
    return {(Path(p.file).name, p.line, p.field) for p in err.problems}


@pytest.fixture
def card_files(tmp_path):
    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(cardmod.card_dir() / name, tmp_path / name)
    return tmp_path / "ukr_blr.yaml", tmp_path / "targets.yaml"


def test_card_reports_every_problem_of_both_files(card_files):
    card, targets = card_files
    text = edit(card, ("p_event: {E1: 0.30, E2: 0.50, E3: 0.45}", "p_event: {E1: zero, E2: 0.50, E3: 0.45}"),
                ("    group: forces\n    unit: persons\n    weight: 1.0\n    half_life_days: 120",
                 "    group: force\n    unit: persons\n    weight: 1.0\n    half_life_days: -120"),
                ("  same_source_weight: 0.5", "  same_source_weight: .nan"))
    ttext = edit(targets, ("horizons: [30, 90, 180]", "horizons: [30, ninety, 180]"))
    with pytest.raises(cardmod.CardError) as exc:   # .nan is refused by the reader, at its line
        cardmod.parse_card(card)
    assert exc.value.line == line_with(text, "same_source_weight: .nan") and "finite" in str(exc.value)
    text = edit(card, ("  same_source_weight: .nan", "  same_source_weight: 2"))
    with pytest.raises(cardmod.CardErrors) as exc:
        cardmod.parse_card(card)
    assert located(exc.value) == {
        ("ukr_blr.yaml", line_with(text, "E1: zero"), "indicators.ru_troops_in_blr.states[0].p_event.E1"),
        ("ukr_blr.yaml", line_with(text, "half_life_days: -120"), "indicators.ru_troops_in_blr.half_life_days"),
        ("ukr_blr.yaml", line_with(text, "same_source_weight: 2"), "dependence.same_source_weight"),
        ("targets.yaml", line_with(ttext, "horizons: [30, ninety"), "UKR-BLR.targets.E1.horizons[1]"),
    }
    # the checks across the two files (known groups, every target covered) run once both files are
    # well-formed; they too report every problem
    edit(targets, ("horizons: [30, ninety, 180]", "horizons: [30, 90, 180]"))
    text = edit(card, ("E1: zero, E2: 0.50, E3: 0.45}", "E1: 0.30, E2: 0.50}"), ("half_life_days: -120", "half_life_days: 120"),
                ("  same_source_weight: 2", "  same_source_weight: 0.5"))
    with pytest.raises(cardmod.CardErrors) as exc:
        cardmod.parse_card(card)
    assert located(exc.value) == {
        ("ukr_blr.yaml", line_with(text, "group: force\n"), "indicators.ru_troops_in_blr.group"),
        ("ukr_blr.yaml", line_with(text, "E1: 0.30, E2: 0.50}"), "indicators.ru_troops_in_blr.states[0].p_event")}
    # the command line: exit 5, every problem on its own line as file:line: field: reason
    code = main(["warning", "show", "UKR", "BLR", "--card", str(card), "--as-of", "2024-05-01",
                 "--store", str(card.parent / "s.duckdb")])
    assert code == 5


def test_registry_reports_every_problem_with_its_line(tmp_path):
    path = tmp_path / "registry.yaml"
    shutil.copy(DATA / "warning" / "registry.yaml", path)
    text = edit(path, ("    probability: 0.175\n", "    probability: 17.5\n"),
                ("    target: E2\n", "    target: E9\n"), ("    kind: crowd\n", "    kind: oracle\n"),
                ("    horizon_days: 1\n", "    horizon_days: .inf\n"))
    with pytest.raises(ValidationError, match="finite"):
        registry.parse_registry(path)
    text = edit(path, ("    horizon_days: .inf\n", "    horizon_days: \"nan\"\n"))
    with pytest.raises(ValidationErrors) as exc:
        registry.parse_registry(path)
    assert located(exc.value) == {
        ("registry.yaml", line_with(text, "probability: 17.5"), "forecasts[0].probability"),
        ("registry.yaml", line_with(text, "kind: oracle"), "forecasts[2].kind"),
        ("registry.yaml", line_with(text, 'horizon_days: "nan"'), "forecasts[2].horizon_days"),
    }   # the unknown target is checked against the card once the entry itself is valid
    assert "write 0.15, not 15" in str(exc.value) and "must be a whole number, got 'nan'" in str(exc.value)
    text = edit(path, ("    probability: 17.5\n", "    probability: 0.175\n"), ("    kind: oracle\n", "    kind: crowd\n"),
                ('    horizon_days: "nan"\n', "    horizon_days: 1\n"))
    with pytest.raises(ValidationError) as exc:
        registry.parse_registry(path)
    assert exc.value.line == line_with(text, "target: E9") and "E9" in str(exc.value) and exc.value.field == "target"
    assert exc.value.exit_code == 2


def test_calibration_model_and_scenario_report_every_problem(tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text("name: x\ncooldown: -1\npackages:\n  p: {max: 2, start: 3}\nindicators: {x: {}}\nrules:\n"
                     "  - id: r\n    when: {indicator: y, threshold: .nan}\n    then: {package: p, step: 1}\n")
    with pytest.raises(Exception, match=r"m.yaml:8: .*finite"):   # the reader refuses .nan first
        parse_model(model)
    model.write_text("name: x\ncooldown: -1\npackages:\n  p: {max: 2, start: 3}\nindicators: {x: {}}\nrules:\n"
                     "  - id: r\n    when: {indicator: x, threshold: 'inf', colour: red}\n"
                     "    then: {package: p, step: 0}\n  - id: r\n    when: {indicator: y}\n"
                     "    then: {package: q, step: 1}\n")
    with pytest.raises(ModelFileErrors) as exc:
        parse_model(model)
    assert located(exc.value) == {("m.yaml", 2, "cooldown"), ("m.yaml", 4, "packages.p.start"),
                                  ("m.yaml", 8, "rules[0].when.threshold"), ("m.yaml", 8, "rules[0].when.colour"),
                                  ("m.yaml", 9, "rules[0].then.step"), ("m.yaml", 11, "rules[1].when.threshold")}
    assert exc.value.exit_code == 5
    scen = tmp_path / "s.yaml"
    scen.write_text("name: s\nperiods:\n  - {period: 2025-Q1, dialogue_steps: 1}\n  - {period: 2025-Q3, nope: 1}\n"
                    "  - {period: 2025-13, dialogue_steps: nan}\n  - {period: 2025-Q4, dialogue_steps: true}\n")
    with pytest.raises(ModelFileErrors) as exc:
        parse_scenario(scen, parse_model(example_paths()[0]))
    assert located(exc.value) == {("s.yaml", 4, "periods[1].nope"), ("s.yaml", 4, "periods[1].period"),
                                  ("s.yaml", 5, "periods[2].period"), ("s.yaml", 5, "periods[2].dialogue_steps"),
                                  ("s.yaml", 6, "periods[3].dialogue_steps")}
    # the command line reports all of them, each with its line, and exits 5
    code = main(["sanctions", "calibrate", "--model", str(model), "--scenario", str(example_paths()[1])])
    assert code == 5


def test_curated_file_reports_every_problem(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("sources:\n  - id: s1\n    title: T\n    publisher: P\n    url: https://example.org\n"
                    "claims:\n  - id: c1\n    dyad: UKR-BLR\n    realm: security\n    indicator: x\n    kind: level\n"
                    "    value: .inf\n    source: s1\n")
    code = main(["load", str(path), "--store", str(tmp_path / "s.duckdb")])
    assert code == 2


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_is_exported_for_every_kind(tmp_path, kind, capsys):
    out = tmp_path / f"{kind}.json"
    assert main(["schema", kind, "--out", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert exported == schema(kind) and exported["$schema"].endswith("2020-12/schema")
    assert main(["schema", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"curated", "card", "registry", "calibration"} <= {r["kind"] for r in listed} == set(KINDS)


class _Yaml12(yaml.SafeLoader):
    """Reads as an editor's YAML 1.2 language server does: 5.4e9 is a number, 2024-05-16 is text."""


_Yaml12.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                   for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$"),
                              list("-+0123456789."))

BUNDLED = [("card", "warning/ukr_blr.yaml"), ("card", "warning/targets.yaml"), ("registry", "warning/registry.yaml"),
           ("calibration", "sanctions/flexible_eu_belarus.yaml"),
           ("calibration", "sanctions/scenario_dialogue_then_relapse.yaml")] + \
    [("curated", f"ukr_blr/{p.name}") for p in sorted((DATA / "ukr_blr").glob("*.yaml"))]


@pytest.mark.parametrize("kind, rel", BUNDLED)
def test_exported_schema_accepts_the_bundled_files_and_refuses_a_broken_one(kind, rel):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema(kind))
    doc = yaml.load((DATA / rel).read_text(encoding="utf-8"), Loader=_Yaml12)
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]
    assert errors == [], errors
    broken = dict(doc)
    broken["no_such_section" if kind != "card" else "groups"] = 5   # an unknown key, or a wrong type
    if kind == "card" and "groups" not in doc:                      # the targets file: a wrong type
        broken = {k: {**v, "targets": 5} for k, v in doc.items()}
    assert list(validator.iter_errors(broken)), f"the {kind} schema accepts a broken {rel}"


VALUES = ["5", "-1", "x", "[]", "{}", "null", ".nan", "'inf'", "true", "2022-13-01", "[1, {a: 2}]", "{E1: 0}", ""]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["card", "targets", "registry", "model", "scenario"]),
       edits=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(VALUES), st.booleans()), min_size=1,
                      max_size=4))
def test_fuzzed_model_files_raise_only_dyadwatch_errors(tmp_path, kind, edits):
    from dyadwatch.errors import DyadwatchError

    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(cardmod.card_dir() / name, tmp_path / name)
    source = {"card": tmp_path / "ukr_blr.yaml", "targets": tmp_path / "targets.yaml",
              "registry": DATA / "warning" / "registry.yaml", "model": example_paths()[0],
              "scenario": example_paths()[1]}[kind]
    lines = source.read_text().split("\n")
    for where, value, replace in edits:   # set a key's value, or delete a line
        i = where % len(lines)
        if replace and ":" in lines[i]:
            lines[i] = lines[i].split(":")[0] + ": " + value
        else:
            del lines[i]
    target = tmp_path / ("ukr_blr.yaml" if kind == "card" else "targets.yaml" if kind == "targets" else "f.yaml")
    target.write_text("\n".join(lines))
    try:
        if kind in ("card", "targets"):
            cardmod.parse_card(tmp_path / "ukr_blr.yaml")
        elif kind == "registry":
            registry.parse_registry(target)
        elif kind == "model":
            parse_model(target)
        else:
            parse_scenario(target, parse_model(example_paths()[0]))
    except DyadwatchError as exc:   # anything else (TypeError, KeyError, …) fails the test
        assert str(exc)


def test_a_state_with_an_empty_p_no_event_is_a_model_error(tmp_path):
    """Found by the fuzz test above: `p_no_event:` with no value made a TypeError (a division by None)."""
    import shutil

    from dyadwatch.errors import DyadwatchError
    from dyadwatch.warning import card as cardmod

    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(cardmod.card_dir() / name, tmp_path / name)
    card = tmp_path / "ukr_blr.yaml"
    lines = card.read_text().split("\n")
    i = next(i for i, line in enumerate(lines) if line.strip().startswith("p_no_event:"))
    lines[i] = lines[i].split(":")[0] + ":"
    card.write_text("\n".join(lines))
    with pytest.raises(DyadwatchError, match="P\\(state \\| no event\\)"):
        cardmod.parse_card(card)
