"""assess --pdf (WeasyPrint, the `pdf` extra): the PDF opens with the key judgements; --template brands it."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from dyadwatch.assess import assess

try:
    import weasyprint  # noqa: F401
except ImportError:
    pytest.skip("the pdf extra is not installed: pip install 'dyadwatch[pdf]'", allow_module_level=True)
except OSError as exc:   # installed, but Pango is missing (Debian: libpango-1.0-0 libpangoft2-1.0-0)
    pytest.skip(f"WeasyPrint cannot load its system libraries ({exc}); install Pango", allow_module_level=True)
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                   reason="Debian's poppler-utils (pdftoppm, pdftotext) is not installed")


@needs_poppler
def test_pdf_pages_begin_with_the_key_judgements(bundled, tmp_path):
    out, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    result = assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2024-09-01", pdf=pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-" and result.report["pdf"] == str(pdf.resolve())
    # every page renders to an image
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5 and all(p.stat().st_size > 1000 for p in pages)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True, timeout=60).stdout
    words = " ".join(first.split())
    assert words.startswith("Ukraine – Belarus: relations assessment")
    head = words.split("Key judgements", 1)
    assert len(head) == 2 and len(head[0]) < 400, "the key judgements do not open the PDF"
    assert "Very unlikely (5–20%)" in head[1] or "Almost no chance (1–5%)" in head[1]
    assert "Economic relations" not in first   # the judgements have the first page to themselves


def test_missing_weasyprint_is_a_clear_input_error(store, tmp_path, monkeypatch):
    import sys

    from dyadwatch.errors import InputError

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(InputError, match="needs WeasyPrint"):
        assess("UKR", "BLR", store=store, out=tmp_path / "r.html", load_bundled=False, pdf=tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
