"""Protected ids: bundled or other files' records are not replaced silently; no load leaves a dangling reference."""
from __future__ import annotations

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import ValidationError

HIJACK = """sources:
- id: sceeus-2024-05-16
  title: Something else entirely
"""


def test_bundled_id_is_protected_and_replace_cannot_leave_claims_dangling(bundled_copy, tmp_path, capsys):
    f = tmp_path / "mine.yaml"
    f.write_text(HIJACK)
    store = ["--store", str(bundled_copy)]
    assert main(["load", str(f), *store]) == 2
    err = capsys.readouterr().err
    assert "sceeus-2024-05-16" in err and "bundled data (ukr_blr/sources.yaml)" in err and str(f) in err
    assert "--replace" in err
    # on purpose: replaced
    assert main(["load", "--replace", str(f), *store]) == 0
    capsys.readouterr()
    # now the file drops that entry: 32 bundled claims would cite a deleted source -> refused, nothing changes
    f.write_text("sources:\n- id: my-other\n  title: Other\n")
    assert main(["load", str(f), *store]) == 2
    err = capsys.readouterr().err
    assert "still cite" in err and "claims" in err and "sceeus-2024-05-16" in err
    from dyadwatch.store import open_store
    with open_store(bundled_copy) as st:
        assert st.scalar("SELECT title FROM sources WHERE id = 'sceeus-2024-05-16'") == "Something else entirely"
        assert st.scalar("SELECT count(*) FROM sources WHERE id = 'my-other'") == 0


def test_two_files_in_one_load_may_not_share_an_id(store, tmp_path):
    from dyadwatch.curated import load_files

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("sources:\n- id: s1\n  title: A\n")
    b.write_text("sources:\n- id: s1\n  title: B\n")
    with pytest.raises(ValidationError, match="also defined in") as exc:
        load_files([a, b], store)
    assert str(a) in str(exc.value) and str(b) in str(exc.value)
    assert store.scalar("SELECT count(*) FROM sources") == 0


def test_another_users_file_is_protected_but_a_record_may_move_within_one_load(store, tmp_path):
    from dyadwatch.curated import load_files

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("sources:\n- id: s1\n  title: A\n")
    load_files([a], store)
    b.write_text("sources:\n- id: s1\n  title: B\n")
    with pytest.raises(ValidationError, match="already belongs to"):
        load_files([b], store)
    # s1 moves from a to b: both files in one load is fine
    a.write_text("sources:\n- id: s2\n  title: A2\n")
    load_files([a, b], store)
    assert store.query("SELECT id, title FROM sources ORDER BY id") == [{"id": "s1", "title": "B"},
                                                                        {"id": "s2", "title": "A2"}]
