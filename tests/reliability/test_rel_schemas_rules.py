"""The YAML kinds added with the monitor, the report's rules and the sanctions tables (monitor alerts,
staleness and update settings; key-judgement rules; scenarios; the sanctions programme table and the bundled
lists index) are validated through pydantic models with the one locator: every problem of a malformed file
is reported with its line, and the exported JSON Schemas accept every bundled file."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from dyadwatch.cli import main
from dyadwatch.errors import ModelError, ValidationError, ValidationErrors
from dyadwatch.safeyaml import KINDS, schema

DATA = Path(__file__).resolve().parents[2] / "src" / "dyadwatch" / "data"
NEW = {"monitor-alerts": "monitor/alerts.yaml", "monitor-staleness": "monitor/staleness.yaml",
       "monitor-update": "monitor/update.yaml", "judgements": "judgements/ukr_blr.yaml",
       "scenarios": "scenarios/ukr_blr.yaml", "sanctions-programmes": "sanctions/programmes.yaml",
       "sanctions-lists": "sanctions/lists/lists.yaml"}


def line_with(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def broken_copy(tmp_path: Path, rel: str, *edits: tuple[str, str]) -> tuple[Path, str]:
    src = DATA / rel
    folder = tmp_path / Path(rel).parent
    folder.mkdir(parents=True, exist_ok=True)
    for f in src.parent.iterdir():          # the neighbours too (the lists index names its CSV files)
        if f.is_file():
            shutil.copy(f, folder / f.name)
    text = src.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / src.name).write_text(text, encoding="utf-8")
    return folder / src.name, text


def located(err) -> set[tuple[int, str]]:
    problems = getattr(err, "problems", None) or [err]
    return {(p.line, p.field) for p in problems}


def expect(text: str, *pairs: tuple[str, str]) -> set[tuple[int, str]]:
    return {(line_with(text, needle), field) for needle, field in pairs}


@pytest.fixture
def monitor_dir(tmp_path, monkeypatch):
    """The monitor reads its YAML files from a copy (the real loader, pointed at tmp_path)."""
    import dyadwatch.monitor as monitor

    monkeypatch.setattr(monitor, "DATA", tmp_path / "monitor")
    monitor._yaml.cache_clear()
    yield tmp_path
    monitor._yaml.cache_clear()


def test_alert_thresholds_report_every_problem(monitor_dir):
    from dyadwatch.monitor import _yaml

    _, text = broken_copy(monitor_dir, "monitor/alerts.yaml", ("min_rows: 1 ", "min_rows: 0 "),
                          ("min_ratio: 2.0", "min_ratio: lots"), ("  redline:", "  redlines:"),
                          ("dyads: {}", "dyads:\n  UKR-BLR:\n    warning_change: {move: 2}\n  ukr: {}"))
    with pytest.raises(ValidationErrors) as exc:
        _yaml("alerts.yaml")
    assert exc.value.exit_code == 2
    assert located(exc.value) == expect(
        text, ("min_rows: 0", "defaults.new_events.min_rows"), ("min_ratio: lots", "defaults.event_spike.min_ratio"),
        ("redlines:", "defaults.redlines"), ("warning_change: {move: 2}", "dyads.UKR-BLR.warning_change.move"),
        ("ukr: {}", "dyads.ukr"))
    assert all(p.file == "data/monitor/alerts.yaml" for p in exc.value.problems)


def test_update_settings_report_every_problem(monitor_dir):
    from dyadwatch.monitor import config

    _, text = broken_copy(monitor_dir, "monitor/update.yaml", ("workers: 4", "workers: 0"),
                          ("hs: [TOTAL]", "hs: TOTAL"), ("format: ftm", "format: xml"),
                          ("    days_back: 90", "    days_back: 90\n    day_back: 30"))
    with pytest.raises(ValidationErrors) as exc:
        config("update.yaml", "UKR-BLR")
    assert located(exc.value) == expect(
        text, ("workers: 0", "sources.gdelt.workers"), ("hs: TOTAL", "sources.comtrade.hs"),
        ("format: xml", "sources.sanctions.format"), ("day_back: 30", "sources.gdelt.day_back"))


def test_staleness_rules_of_the_users_own_file_report_every_problem(tmp_path):
    """currency.rules(path=...) reads a file the caller names: exit 2, every problem, the caller's path."""
    from dyadwatch import currency

    path, text = broken_copy(tmp_path, "monitor/staleness.yaml", ("max_lag_days: 2", "max_lag_days: -2"),
                             ("cadence_days: 7", "cadence_days: weekly"),
                             ("max_age_days: 120", "max_age_days: 120\n    max_age_weeks: 3"),
                             ("dyads: {}", "dyads: {UKR-BLR: {gdelt: {max_lag_days: .5e1x}}}"))
    with pytest.raises(ValidationErrors) as exc:
        currency.rules("UKR-BLR", path=path)
    assert exc.value.exit_code == 2 and all(p.file == str(path) for p in exc.value.problems)
    assert located(exc.value) == expect(
        text, ("max_lag_days: -2", "sources.gdelt.max_lag_days"), ("cadence_days: weekly", "sources.polecat.cadence_days"),
        ("max_age_weeks", "sources.curated.max_age_weeks"), ("max_lag_days: .5e1x", "dyads.UKR-BLR.gdelt.max_lag_days"))
    nan_path, _ = broken_copy(tmp_path / "nan", "monitor/staleness.yaml", ("max_age_days: 7", "max_age_days: .nan"))
    with pytest.raises(ValidationError, match="not a finite number"):
        currency.rules(path=nan_path)


def test_judgement_rules_report_every_problem(tmp_path):
    from dyadwatch.report.rule_models import JudgementsFile, read

    path, text = broken_copy(
        tmp_path, "judgements/ukr_blr.yaml", ("likelihood: very unlikely", "likelihood: improbable"),
        ("    horizon: 90\n    text: >-\n      A new ground", "    horizon: ninety\n    text: >-\n      A new ground"),
        ("    indicator: ru_troops_in_blr", "    indicatr: ru_troops_in_blr"),
        ("  - id: strikes-from-belarus", "  - id: offensive-from-belarus"), ("kind: events", "kind: event"))
    with pytest.raises(ModelError) as exc:
        read(path, "judgements.yaml", JudgementsFile, "judgements", "judgements")
    assert located(exc.value) == expect(
        text, ("horizon: ninety", "judgements[0].horizon"), ("indicatr:", "judgements[2].indicatr"),
        ("- id: russian-forces", "judgements[2].indicator"),
        ("likelihood: improbable", "judgements[2].branches[0].likelihood"),
        ("kind: event", "judgements[4].kind"), ("id: offensive-from-belarus\n    kind: warning\n    target: E2",
                                                "judgements[1].id"))
    assert "used twice" in str(exc.value) and "is required" in str(exc.value)


def test_scenarios_report_every_problem(tmp_path):
    from dyadwatch.report.rule_models import ScenariosFile, read

    path, text = broken_copy(
        tmp_path, "scenarios/ukr_blr.yaml", ('op: "<"', 'op: "~"'), ("value: 5000", "value: many"),
        ("within_days: 180", "within_day: 180"), ("title: Frozen hostility", "title: ''"),
        ("        labels: {0: no exercise, 1: exercise under way}", "        labels: {0: no exercise, 1: ''}"))
    with pytest.raises(ModelError) as exc:
        read(path, "scenarios.yaml", ScenariosFile, "scenarios", "scenarios")
    assert located(exc.value) == expect(
        text, ("title: ''", "scenarios[0].title"), ('op: "~"', "scenarios[0].signposts[0].op"),
        ("value: many", "scenarios[0].signposts[0].value"), ("within_day:", "scenarios[0].signposts[1].within_day"),
        ("- text: No ground offensive", "scenarios[0].signposts[1].within_days"),
        ("        labels: {0: no exercise, 1: ''}", "scenarios[1].signposts[1].labels[1]"))


def test_sanctions_programmes_report_every_problem(tmp_path):
    from dyadwatch.sanctions.table_models import ProgrammesFile, read

    _, text = broken_copy(tmp_path, "sanctions/programmes.yaml", ("BELARUS: BLR", "BELARUS: Belarus"),
                          ("  BLR: BLR", "  BLR: [BLR]"), ("UK:\n", "FR:\n  X: FRA\nUK:\n"),
                          ("  BEL: Belarus", "  BELA: Belarus"))
    with pytest.raises(ValidationErrors) as exc:
        read("programmes.yaml", ProgrammesFile, "programme table", folder=tmp_path / "sanctions")
    assert exc.value.exit_code == 2
    assert located(exc.value) == expect(
        text, ("BELARUS: Belarus", "US.BELARUS"), ("BLR: [BLR]", "EU.BLR"), ("FR:", "FR"), ("BELA:", "uk_id_prefixes.BELA"))


def test_sanctions_lists_index_reports_every_problem(tmp_path):
    from dyadwatch.sanctions.table_models import ListsFile, read

    _, text = broken_copy(tmp_path, "sanctions/lists/lists.yaml", ("  list: ofac", "  list: usa"),
                          ("url: https://webgate", "url: file:///etc/passwd#"),
                          ("file: uk_sanctions_list_belarus.csv", "file: ../../secrets.csv"),
                          ('    licence: "Open Government Licence v3.0"\n', ""))
    with pytest.raises(ValidationErrors) as exc:
        read("lists.yaml", ListsFile, "lists index", folder=tmp_path / "sanctions" / "lists")
    assert located(exc.value) == expect(
        text, ("list: usa", "[0].list"), ("url: file:", "[1].source.url"), ("file: ../../secrets.csv", "[2].file"),
        ("  source:\n    id: uk-sanctions", "[2].source.licence"))
    # a well-formed entry naming a file that does not ship is refused too, at its line
    _, text = broken_copy(tmp_path / "b", "sanctions/lists/lists.yaml",
                          ("file: eu_fsf_belarus.csv", "file: eu_fsf_belarus_2.csv"))
    with pytest.raises(ValidationError, match="no file 'eu_fsf_belarus_2.csv'") as exc:
        read("lists.yaml", ListsFile, "lists index", folder=tmp_path / "b" / "sanctions" / "lists")
    assert exc.value.line == line_with(text, "file: eu_fsf_belarus_2.csv")


def test_bundled_files_of_the_new_kinds_load_through_their_loaders():
    from dyadwatch import currency
    from dyadwatch.monitor import config
    from dyadwatch.report.rule_models import JudgementsFile, ScenariosFile, read
    from dyadwatch.sanctions.bundled import manifest
    from dyadwatch.sanctions.programmes import table

    assert config("alerts.yaml", "UKR-BLR", section="defaults")["warning_change"]["move"] == 0.02
    assert config("update.yaml", "UKR-BLR")["comtrade"]["hs"] == ["TOTAL"]
    assert currency.rules("UKR-BLR")["gdelt"]["max_lag_days"] == 2
    assert len(read(DATA / NEW["judgements"], "j", JudgementsFile, "judgements", "judgements")["judgements"]) == 5
    assert len(read(DATA / NEW["scenarios"], "s", ScenariosFile, "scenarios", "scenarios")["scenarios"]) == 4
    assert table()["US"]["belarus"] == "BLR" and [m["list"] for m in manifest()] == ["ofac", "eu", "uk"]


class _Yaml12(yaml.SafeLoader):
    """Reads as an editor's YAML 1.2 language server does: dates stay text."""


_Yaml12.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                   for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _json_keys(value):
    """Mapping keys as JSON has them (text): `labels: {0: none}` reaches an editor as {"0": "none"}."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


@pytest.mark.parametrize("kind", sorted(NEW))
def test_exported_schema_accepts_the_bundled_file_and_refuses_a_broken_one(kind):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema(kind))
    doc = _json_keys(yaml.load((DATA / NEW[kind]).read_text(encoding="utf-8"), Loader=_Yaml12))
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]
    assert errors == [], errors
    broken = [{**doc[0], "list": "usa"}] if isinstance(doc, list) else {**doc, "no_such_section": 5}
    assert list(validator.iter_errors(broken)), f"the {kind} schema accepts a broken {NEW[kind]}"


def test_schema_lists_and_exports_the_new_kinds(tmp_path, capsys):
    assert main(["schema", "--list", "--json"]) == 0
    listed = {r["kind"] for r in json.loads(capsys.readouterr().out)}
    assert set(NEW) <= listed == set(KINDS)
    out = tmp_path / "j.json"
    assert main(["schema", "judgements", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["title"] == "dyadwatch key-judgement rules"


def test_status_with_malformed_staleness_rules_exits_2_listing_every_problem(tmp_path, monkeypatch, capsys):
    from dyadwatch import currency

    path, text = broken_copy(tmp_path, "monitor/staleness.yaml", ("max_lag_days: 2", "max_lag_days: soon"),
                             ("max_age_days: 120", "max_age_days: 120\n    max_age_weeks: 3"))
    monkeypatch.setattr(currency, "RULES_PATH", path)
    currency._load.cache_clear()
    try:
        code = main(["status", "UKR", "BLR", "--store", str(tmp_path / "s.duckdb")])
    finally:
        currency._load.cache_clear()
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert f"{line_with(text, 'max_lag_days: soon')}: field 'sources.gdelt.max_lag_days'" in err
    assert f"{line_with(text, 'max_age_weeks')}: field 'sources.curated.max_age_weeks'" in err
