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


def test_assess_template_folder_brands_the_report(store, tmp_path):
    from dyadwatch.assess import assess
    from dyadwatch.report.templating import environment

    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "style.css").write_text("body{font-family:serif}.brand{color:#c00}")
    (brand / "appendix.html").write_text('<section id="methods"><p class="brand">Acme Analysis {{ scale|length }}'
                                         "</p></section>")
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01", template=brand)
    html = out.read_text()
    assert "body{font-family:serif}" in html and "Acme Analysis 7" in html
    assert "<h2>How to read this assessment</h2>" not in html
    assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    assert "Acme Analysis" not in out.read_text() and "<h2>How to read this assessment</h2>" in out.read_text()
    assert environment() is not None
