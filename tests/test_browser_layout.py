"""The full bundled report in headless Chromium at 1400 px and 420 px: chart text stays inside its chart and
does not overlap, legends name sources rather than slugs, codes are named on hover, the page does not
overflow sideways (long URLs wrap) and the key judgements come first."""
from __future__ import annotations

import json
import re

import pytest

from dyadwatch.assess import assess
from tests.test_browser import CHROMIUM, headless

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

PROBE = """<script>
window.addEventListener('load', () => {
  const problems = [];
  const inter = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                          Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const charts = [...document.querySelectorAll('figure.chart svg')];
  charts.forEach((svg, i) => {
    const box = svg.getBoundingClientRect();
    const name = svg.getAttribute('aria-label');
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    const rects = texts.map(t => t.getBoundingClientRect());
    rects.forEach((r, j) => {
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        problems.push(`${name}: text "${texts[j].textContent}" leaves the chart`);
      for (let k = j + 1; k < rects.length; k++)
        if (inter(r, rects[k]) > 2)
          problems.push(`${name}: "${texts[j].textContent}" overlaps "${texts[k].textContent}"`);
    });
  });
  const legends = [...document.querySelectorAll('svg .lg')].map(t => t.textContent);
  const tips = [...document.querySelectorAll('svg circle title')].map(t => t.textContent);
  const first = document.querySelector('main > section, body > section, section');
  const result = {problems, charts: charts.length, legends, named_codes: tips.filter(t => /code \\d+: /.test(t)).length,
                  overflow: document.documentElement.scrollWidth - window.innerWidth, first: first && first.id};
  const pre = document.createElement('pre');
  pre.id = 'layout-check';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>"""


@pytest.fixture(scope="module")
def probed(bundled_path, tmp_path_factory):
    import shutil

    from dyadwatch.store import open_store

    d = tmp_path_factory.mktemp("layout")
    shutil.copy(bundled_path, d / "s.duckdb")
    out = d / "r.html"
    with open_store(d / "s.duckdb") as st:
        assess("UKR", "BLR", store=st, out=out, load_bundled=False, as_of="2024-09-01")
    page = out.read_text().replace("</body>", PROBE + "</body>")
    probe = d / "probe.html"
    probe.write_text(page)
    return probe


@pytest.mark.parametrize("width", [1400, 420])
def test_chart_text_fits_and_names_are_readable(probed, width):
    dom = headless("--dump-dom", f"--window-size={width},3000", probed.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    m = re.search(r'<pre id="layout-check">(.*?)</pre>', dom.stdout, re.S)
    assert m, "the layout probe did not run"
    r = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert r["charts"] >= 6
    assert r["problems"] == [], "\n".join(r["problems"][:20])
    assert r["first"] == "key-judgements"
    assert r["legends"] and not [n for n in r["legends"] if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+){2,}…?", n)]
    assert r["named_codes"] > 20
    assert r["overflow"] <= 1, f"the page is {r['overflow']} px wider than a {width} px window"
