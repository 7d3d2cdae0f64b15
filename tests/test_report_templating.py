"""The shared report template environment and page-level sections."""
from __future__ import annotations

import pytest

from dyadwatch.errors import InputError
from dyadwatch.report import templating


def test_autoescape_and_user_override(tmp_path):
    (tmp_path / "t.html").write_text("<b>{{ x }}</b>")
    templating.set_template_dir(tmp_path)
    try:
        out = templating.render("t.html", x="<script>")
        assert out == "<b>&lt;script&gt;</b>"
    finally:
        templating.set_template_dir(None)
    with pytest.raises(Exception):
        templating.render("t.html", x=1)   # the user folder is no longer searched


def test_missing_template_dir_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        templating.set_template_dir(tmp_path / "nope")


def test_page_providers_come_before_realm_sections(bundled, monkeypatch):
    from dyadwatch.countries import Dyad
    from dyadwatch.report import sections
    from dyadwatch.report.api import Block, ReportContext
    from dyadwatch.report.html import render

    import sys
    import types
    mod = types.ModuleType("dw_test_page_provider")
    mod.block = lambda ctx: [Block(title="x", html="<p>first things</p>", summary="page block")]
    monkeypatch.setitem(sys.modules, "dw_test_page_provider", mod)
    monkeypatch.setattr(sections, "PAGE_PROVIDERS", {"key-judgements": ["dw_test_page_provider:block"]})
    import dyadwatch.report.html as html_mod
    monkeypatch.setattr(html_mod, "PAGE_PROVIDERS", sections.PAGE_PROVIDERS)
    page, summary = render(ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2024-06-30"))
    assert page.index('<section id="key-judgements"><p>first things</p>') < page.index('<section id="overview">')
    assert summary["sections"]["key-judgements"] == ["page block"]
