"""Curated YAML: validation with file/line/field, all-or-nothing loads, idempotency, references."""
from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.curated import load_files, parse_file
from dyadwatch.errors import ValidationError

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"


def snapshot(store):
    return {t: store.query(f"SELECT * EXCLUDE (loaded_at) FROM {t} ORDER BY ALL")
            for t in ("sources", "claims", "events", "observations")} | {
        "evidence": store.query("SELECT * FROM recommendation_evidence ORDER BY ALL")}


def write(tmp_path, text, name="f.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_fixture_loads_every_section(store):
    result = load_files([FIXTURE], store)
    assert result.total == {"sources": 2, "claims": 3, "observations": 1, "events": 2, "recommendations": 1}
    claim = store.query("SELECT * FROM claims WHERE id = 't-troops-2024'")[0]
    assert claim["dyad"] == "BLR-UKR" and claim["hedge"] == "approximately" and claim["value"] == 2000
    ev = store.query("SELECT * FROM events WHERE id = 'e-invasion'")[0]
    assert ev["quad_class"] == 4 and ev["location"] == "BLR"
    assert store.scalar("SELECT count(*) FROM recommendation_evidence") == 1


def test_loading_twice_changes_nothing(store):
    load_files([FIXTURE], store)
    before = snapshot(store)
    again = load_files([FIXTURE], store)
    assert again.files[0]["status"] == "unchanged"
    assert snapshot(store) == before


def test_changed_file_replaces_its_records(store, tmp_path):
    text = FIXTURE.read_text()
    p = write(tmp_path, text)
    load_files([p], store)
    p.write_text(text.replace("value: 2000", "value: 2500").replace("""  - id: e-ambassador
    date: 2022-03-01""", """  - id: e-ambassador2
    date: 2022-03-01"""))
    load_files([p], store)
    assert store.scalar("SELECT value FROM claims WHERE id = 't-troops-2024'") == 2500
    assert store.scalar("SELECT count(*) FROM claims") == 3
    ids = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id")]
    assert ids == ["e-ambassador2", "e-invasion"]  # the removed event is gone, nothing duplicated


@pytest.mark.parametrize("mutation, field, reason", [
    (("realm: security\n    indicator: ru_troops_in_blr\n    period: \"2024-05\"",
      "realm: securty\n    indicator: ru_troops_in_blr\n    period: \"2024-05\""), "realm", "security"),
    (("period: \"2022-01\"", "period: \"2022-13\""), "period", "is not one of"),
    (("    value: 1.5e9\n", "    value: lots\n"), "value", "number"),
    (("actor1: RUS", "actor1: RUSS"), "actor1", "unknown country 'RUSS'"),
    (("cameo: \"190\"", "cameo: \"19x\""), "cameo", "2–4 digits"),
    (("date: 2022-03-01", "date: 2022-02-30"), "date", "does not exist"),
    (("    hedge: approximately\n", "    hedge: approximately\n    colour: red\n"), "colour", "not a known field"),
])
def test_errors_name_file_line_field_and_leave_store_unchanged(store, tmp_path, mutation, field, reason):
    load_files([FIXTURE], store)
    before = snapshot(store)
    old, new = mutation
    text = FIXTURE.read_text()
    assert old in text
    bad_text = text.replace(old, new, 1).replace("id: test-", "id: other-").replace("source: test-", "source: other-")
    bad = write(tmp_path, bad_text)
    line = bad_text[: bad_text.index(new) + new.index(field + ":")].count("\n") + 1  # where the field stands
    with pytest.raises(ValidationError) as info:
        load_files([bad], store)
    err = info.value
    assert err.file == str(bad) and err.line == line and err.field == field, str(err)
    assert reason in str(err)
    assert f"{bad}:{line}" in str(err)
    assert snapshot(store) == before


def test_missing_required_field_points_at_the_record(tmp_path):
    p = write(tmp_path, "sources:\n  - id: a\n    title: A\n  - id: b\n    publisher: nobody\n")
    with pytest.raises(ValidationError) as info:
        parse_file(p)
    assert (info.value.line, info.value.field) == (4, "title")
    assert "required" in str(info.value)


def test_unknown_source_reference_is_an_error_with_suggestion(store, tmp_path):
    p = write(tmp_path, FIXTURE.read_text().replace("source: test-stats\n\n", "source: test-stat\n\n")
              .replace("    basis: FOB\n    source: test-stats", "    basis: FOB\n    source: test-stat"))
    with pytest.raises(ValidationError) as info:
        load_files([p], store)
    assert "test-stat" in str(info.value) and "did you mean 'test-stats'" in str(info.value)
    assert store.scalar("SELECT count(*) FROM sources") == 0


def test_batch_is_all_or_nothing(store, tmp_path):
    good = write(tmp_path, FIXTURE.read_text(), "good.yaml")
    bad = write(tmp_path, "claims:\n  - id: Bad Id\n", "bad.yaml")
    with pytest.raises(ValidationError) as info:
        load_files([good, bad], store)
    assert info.value.file == str(bad)
    assert store.scalar("SELECT count(*) FROM sources") == 0


@pytest.mark.parametrize("text, reason, line", [
    ("", "empty", None),
    ("- a\n- b\n", "expected a mapping", 1),
    ("claimz: []\n", "unknown section 'claimz'", 1),
    ("claims: {a: 1}\n", "must be a list", 1),
    ("sources:\n  - id: a\n    title: [unclosed\n", "not valid YAML", 4),
    ("sources:\n  - id: a\n    id: b\n    title: x\n", "duplicate key 'id'", 3),
    ("sources:\n  - {id: a, title: x}\n  - {id: a, title: y}\n", "duplicate source id 'a'", 3),
])
def test_malformed_files(tmp_path, text, reason, line):
    p = write(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        parse_file(p)
    assert reason in str(info.value)
    assert info.value.line == line


def test_not_utf8(tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes("sources:\n  - id: a\n    title: Minsk caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        parse_file(p)


def test_missing_file_is_input_error(tmp_path):
    from dyadwatch.errors import InputError
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.yaml")
