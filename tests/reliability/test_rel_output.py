"""Terminal output: data printed literally (markup, escape sequences), no reprs or None, long URLs wrapped."""
from __future__ import annotations

import sys

import pytest

from dyadwatch.cli import main
from dyadwatch.cli.output import emit_table, fmt, literal

NASTY = "Report [/bold] [red]x[/red] \x1b[2J\x1b]0;pwned\x07 end\r\u202e"


def test_markup_and_escapes_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    emit_table([{"id": "s1", "title": NASTY}], ["id", "title"], title="[bold]t")
    out = capsys.readouterr().out
    assert "[/bold]" in out and "[red]x[/red]" in out and "[bold]t" in out
    assert "\x1b[2J" not in out and "pwned\x07" not in out and "\u202e" not in out


def test_plain_output_strips_controls_and_wraps_instead_of_cutting(capsys):
    url = "https://example.org/" + "/".join(f"segment{i}" for i in range(20))
    emit_table([{"id": "s1", "tags": ["a", "b"], "note": None, "url": url}], ["id", "tags", "note", "url"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = lines[0].index("url")
    assert len(lines) > 3 and all(len(line) <= start + 60 for line in lines)
    assert "".join(line[start:].strip() for line in lines[1:]) == url  # wrapped, nothing cut
    assert "['a'" not in out and "None" not in out and "a, b" in out and "—" in out
    assert literal(NASTY) == "Report [/bold] [red]x[/red]  end "


def test_fmt_has_no_reprs():
    assert fmt(None) == "—" and fmt([]) == "—" and fmt(float("nan")) == "—"
    assert fmt(["x", 1.0]) == "x, 1" and fmt({"a": None}) == "a: —"


def test_sources_list_with_markup_title_on_a_terminal(store_path, tmp_path, monkeypatch, capsys):
    f = tmp_path / "s.yaml"
    f.write_text('sources:\n- id: s1\n  title: "Bad [/bold] title \\e[31m"\n  url: https://example.org/a\n')
    assert main(["load", str(f), "--store", str(store_path)]) == 0
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    capsys.readouterr()
    assert main(["sources", "list", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "[/bold]" in out and "\x1b[31m" not in out


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.org/a", "https://"])
def test_non_web_urls_are_refused_at_load(url, store_path, tmp_path, capsys):
    f = tmp_path / "s.yaml"
    f.write_text(f"sources:\n- id: s1\n  title: T\n  url: '{url}'\n")
    assert main(["load", str(f), "--store", str(store_path)]) == 2
    assert "must be a web address" in capsys.readouterr().err


def test_stored_non_web_url_is_never_a_link(bundled, tmp_path):
    """A file: URL already in a store (written before this rule) is shown as text, not as a link."""
    from dyadwatch.assess import assess

    bundled.execute("UPDATE sources SET url = 'file:///etc/passwd' WHERE id = 'sceeus-2024-05-16'")
    path = bundled.path
    bundled.close()
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=path, out=out, load_bundled=False)
    html = out.read_text()
    assert 'href="file:' not in html
