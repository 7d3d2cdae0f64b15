"""The report's words are for analysts: periods in words, no coding jargon in the body."""
from __future__ import annotations

import re

import pytest

from dyadwatch.periods import words


@pytest.mark.parametrize("label, text", [
    ("2023", "2023"), ("2023-03", "March 2023"), ("2023-03-12", "12 March 2023"),
    ("2023-01/2023-07", "January–July 2023"), ("2022-11/2023-02", "November 2022–February 2023"),
    ("2021/2022", "2021–2022"), ("2022-H2", "July–December 2022"), ("not a period", "not a period"), (None, ""),
])
def test_period_words(label, text):
    assert words(label) == text


# --- the rendered report's body ----------------------------------------------------------------------------
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_PATH = re.compile(r"(?:\b[\w.-]+/)+[\w.-]+\.(?:ya?ml|py|csv|json|md|duckdb)\b|\bsrc/dyadwatch|\bdata/[a-z_]+/")
_SPAN = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?/\d{4}(?:-\d{2}){0,2}\b|\b(?:19|20)\d{2}/(?:19|20)\d{2}\b")
_CODE = re.compile(r"\bE[1-9]\b")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, bundled_path):
    """The bundled UKR–BLR assessment on two dates, its body as plain text (charts' SVG left out)."""
    import html
    import shutil

    from dyadwatch.assess import assess
    from dyadwatch.store import open_store

    tmp = tmp_path_factory.mktemp("text")
    shutil.copy(bundled_path, tmp / "s.duckdb")
    out = {}
    with open_store(tmp / "s.duckdb") as st:
        for day in ("2024-06-01", "2022-02-20"):
            res = assess("UKR", "BLR", store=st, out=tmp / f"{day}.html", as_of=day)
            page = res.out.read_text("utf-8")
            body = page[page.index("<body"):page.index('id="sources"')]
            body = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", body, flags=re.S)
            out[day] = (re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))), res, page)
    return out


@pytest.mark.parametrize("day", ["2024-06-01", "2022-02-20"])
def test_report_body_has_no_identifiers_paths_or_raw_spans(pages, day):
    text = pages[day][0]
    for name, pat in (("snake_case identifier", _SNAKE), ("file path", _PATH), ("raw period span", _SPAN)):
        hits = sorted({m.group(0) for m in pat.finditer(text)})
        assert not hits, f"{name}s in the report body: {hits[:10]}"
    # a warning target's code appears only where the report also gives its title ("E1: Ground offensive …")
    for code in sorted({m.group(0) for m in _CODE.finditer(text)}):
        assert re.search(rf"\b{code}: [A-Z][a-z]+", text), f"{code} is used without its title"
    # no coding notes or source ids inside curated text
    assert "Actor1" not in text and "Actor2" not in text and "coded as" not in text
    assert "nmn-yearbook" not in text and "(E2)" not in text and "(E1 onset)" not in text
    # judgement rules are named in words, never by their ids
    from dyadwatch.report.judgements import rules_for
    from dyadwatch.countries import Dyad

    for rule in rules_for(Dyad("UKR", "BLR"))["judgements"]:
        assert rule["id"] not in text


def test_figures_table_says_periods_and_kinds_in_words(pages):
    from dyadwatch.report.curated import CLAIM_KINDS

    page = pages["2024-06-01"][2]
    rows = re.findall(r'<tr><td>([^<]*)</td><td>.*?</td><td class="num">.*?</td><td>([^<]*)</td>',
                      "".join(re.findall(r'<table class="claims">.*?</table>', page, flags=re.S)), flags=re.S)
    assert len(rows) > 20
    assert {kind for _, kind in rows} <= set(CLAIM_KINDS.values())
    periods = {p for p, _ in rows}
    assert "January–July 2023" in periods and not any(re.search(r"\d{4}-\d{2}", p) for p in periods)


def test_terminal_summary_has_no_rule_ids(pages):
    res = pages["2024-06-01"][1]
    line = next(x for x in res.terminal_summary().splitlines() if "key judgements" in x)
    assert "offensive-from-belarus" not in line and "diplomatic-downgrade" not in line
    assert not re.search(r"\b[a-z]+(?:-[a-z]+){2,}:", line), line
