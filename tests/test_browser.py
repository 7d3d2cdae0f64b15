"""The report opens offline in a real browser (Debian's Chromium, headless)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dyadwatch.assess import assess
from dyadwatch.curated import load_files

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


def headless(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-dev-shm-usage", "--virtual-time-budget=2000", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def report_file(store, tmp_path) -> Path:
    load_files([FIXTURE], store)
    out = tmp_path / "report.html"
    assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    return out


def test_report_renders_offline_in_chromium(report_file, tmp_path):
    dom = headless("--dump-dom", report_file.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "Ukraine – Belarus: relations assessment" in html
    assert html.count("<svg") >= 2
    assert "$5.40bn" in html
    shot = tmp_path / "report.png"
    proc = headless(f"--screenshot={shot}", "--window-size=1000,1400", report_file.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page with content, not a blank image
