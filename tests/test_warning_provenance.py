"""A reading can never be known before the source it cites was published (issue 13)."""
from __future__ import annotations

import pytest

from dyadwatch.curated import bundled_files, load_files, parse_file
from dyadwatch.errors import ValidationError
from dyadwatch.warning.provenance import check_known_at, earliest_day

SRC = """sources:
  - {id: s-later, title: An article, date: 2022-02-10}
  - {id: s-month, title: A monthly report, date: "2023-09"}
"""


def _write(tmp_path, text, name="f.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_reading_known_before_its_source_is_rejected_and_nothing_is_written(store, tmp_path):
    p = _write(tmp_path, SRC + """observations:
  - {indicator: ru_troops_in_blr, reporter: BLR, period: "2022-02-03", value: 30000, unit: persons, source: s-later, known_at: 2022-02-03}
""")
    with pytest.raises(ValidationError) as err:
        load_files([p], store)
    msg = str(err.value)
    assert "ru_troops_in_blr 2022-02-03" in msg and "'s-later'" in msg and "2022-02-10" in msg
    assert err.value.field == "known_at" and err.value.line == 5
    assert store.scalar("SELECT count(*) FROM sources") == 0
    assert store.scalar("SELECT count(*) FROM observations") == 0


def test_reading_known_on_or_after_its_source_loads(store, tmp_path):
    p = _write(tmp_path, SRC + """observations:
  - {indicator: ru_troops_in_blr, reporter: BLR, period: "2022-02-03", value: 30000, unit: persons, source: s-later, known_at: 2022-02-10}
  - {indicator: ru_troops_in_blr, reporter: BLR, period: "2023-09-08", value: 2100, unit: persons, source: s-month, known_at: 2023-09-01}
""")
    assert load_files([p], store).total["observations"] == 2


def test_source_already_in_the_store_is_checked_too(store, tmp_path):
    load_files([_write(tmp_path, SRC, "sources.yaml")], store)
    p = _write(tmp_path, """observations:
  - {indicator: intel_warning, reporter: BLR, period: "2023-08-30", value: 0, unit: level, source: s-month, known_at: 2023-08-31}
""")
    with pytest.raises(ValidationError, match="before its source 's-month' was published"):
        load_files([p], store)


def test_partial_dates_mean_their_first_day():
    assert str(earliest_day("2023-09")) == "2023-09-01" and str(earliest_day("2024")) == "2024-01-01"
    assert earliest_day(None) is None


def test_bundled_readings_pass_the_check():
    files = [parse_file(p) for p in bundled_files()]
    check_known_at(files, {})   # raises on the first bad reading
    obs = [r for cf in files for _, r in cf.records["observations"] if r.indicator == "ru_troops_in_blr"
           and r.period == "2022-02-03"]
    assert obs and all(r.source == "sec-reuters-2022-02-03-stoltenberg-30000" for r in obs)
