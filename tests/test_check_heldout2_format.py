"""Format check of the second held-out claim-checker corpus (tests/check_heldout2/*.yaml).

It looks only at the corpus (fields, spans in order, totals, and the arithmetic of the correct documents);
it never imports or runs the claim checker, so that the corpus stays unseen by it.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "check_heldout2"
MONEY = {"USD", "EUR", "RUB", "UAH", "BYN", "CNY", "KZT", "PLN", "GBP", "JPY", "KRW", "MDL", "GEL", "AZN"}
OTHER_UNITS = {"pct", "pp", "ratio", "tonnes", "persons"}
KINDS = {"level", "change", "share", "count", "range", "balance"}
INDICATORS = {"exports", "imports", "turnover", "balance", "other"}
PERIOD_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}-\d{2})?$")
CODE_RE = re.compile(r"^[A-Z]{2,4}$")
SCALE = (("трлн", 1e12), ("billion", 1e9), ("mrd", 1e9), ("млрд", 1e9), ("million", 1e6), ("mio", 1e6),
         ("млн", 1e6))


def _docs() -> list[dict]:
    out = []
    for f in sorted(CORPUS.glob("*.yaml")):
        for d in yaml.safe_load(f.read_text(encoding="utf-8"))["documents"]:
            d["_where"] = f"{f.name}:{d['id']}"
            out.append(d)
    return out


DOCS = _docs()


@pytest.mark.parametrize("d", DOCS, ids=[d["id"] for d in DOCS])
def test_document_fields(d):
    w = d["_where"]
    assert set(d) >= {"id", "lang", "style", "date", "pair", "status", "basis", "text", "claims", "not_claims"}, w
    assert d["lang"] in {"en", "de", "ru", "uk"}, w
    assert d["style"] in {"wire", "release", "think-tank", "brief"}, w
    assert d["date"] is None or isinstance(d["date"], datetime.date), w
    assert len(d["pair"]) == 2 and all(CODE_RE.match(p) for p in d["pair"]), w
    assert d["status"] in {"correct", "planted", "real_error"}, w
    assert d["basis"].strip(), w
    assert 3 <= len(d["claims"]) <= 25, w
    if d["status"] == "correct":
        assert not d.get("errors"), f"{w}: a correct document with errors"
    else:
        assert d.get("errors"), f"{w}: an erroneous document without errors"


@pytest.mark.parametrize("d", DOCS, ids=[d["id"] for d in DOCS])
def test_claims_spans_in_order_and_fields(d):
    text, pos = d["text"], 0
    for i, c in enumerate(d["claims"]):
        w = f"{d['_where']} claim {i} {c.get('text')!r}"
        assert set(c) == {"text", "value", "low", "high", "unit", "kind", "subject", "period"}, w
        at = text.find(c["text"], pos)
        assert at >= 0, f"{w}: not found after offset {pos}"
        pos = at + len(c["text"])
        assert c["kind"] in KINDS, w
        assert c["unit"] in MONEY | OTHER_UNITS or c["kind"] == "count", w
        for k in ("value", "low", "high"):
            assert c[k] is None or isinstance(c[k], (int, float)), w
        if c["value"] is None:
            assert c["low"] is not None or c["high"] is not None, w
        if c["kind"] == "range":
            assert c["low"] is not None and c["high"] is not None and c["low"] < c["high"], w
        s = c["subject"]
        assert set(s) == {"indicator", "reporter", "partner"} and s["indicator"] in INDICATORS, w
        assert all(s[k] is None or CODE_RE.match(s[k]) for k in ("reporter", "partner")), w
        assert (c["kind"] == "balance") == (s["indicator"] == "balance"), w
        assert c["period"] is None or PERIOD_RE.match(c["period"]), w
        if c["unit"] in ("pct", "pp") and c["kind"] == "share" and c["value"] is not None:
            assert 0 < c["value"] <= 100, w
    claim_texts = [c["text"] for c in d["claims"]]
    for n in d["not_claims"]:
        assert n in text, f"{d['_where']}: not_claim {n!r} not in text"
        assert n not in claim_texts, d["_where"]
    for e in d.get("errors") or []:
        assert set(e["claims"]) <= set(claim_texts), d["_where"]
        assert e["target"] is None or e["target"] in e["claims"], d["_where"]
        assert e["what"].strip(), d["_where"]


def _money(d, indicator, period):
    return [c for c in d["claims"] if c["subject"]["indicator"] == indicator and c["period"] == period
            and c["unit"] in MONEY and c["value"] is not None and c["kind"] in ("level", "balance")]


def _step(text: str) -> float:
    """Half a unit of the last printed digit, in the claim's scale: the rounding allowance."""
    t = text.lower()
    scale = next((v for w, v in SCALE if w in t), 1.0)
    digits = re.findall(r"\d+(?:[.,]\d+)?", text)
    last = digits[-1] if digits else "0"
    dec = len(re.split(r"[.,]", last)[1]) if re.search(r"[.,]\d+$", last) and not re.search(r"\.\d{3}$", last) else 0
    return 0.5 * scale * 10 ** -dec


def _identities(d):
    """Yield (name, lhs, rhs, tolerance) for every sum and balance identity the document's figures allow."""
    periods = {c["period"] for c in d["claims"]}
    for p in periods:
        for ex in _money(d, "exports", p):
            r, q = ex["subject"]["reporter"], ex["subject"]["partner"]
            for im in _money(d, "imports", p):
                if (im["subject"]["reporter"], im["subject"]["partner"]) != (r, q) or im["unit"] != ex["unit"]:
                    continue
                tol = _step(ex["text"]) + _step(im["text"])
                for tu in _money(d, "turnover", p):
                    if {tu["subject"]["reporter"], tu["subject"]["partner"]} == {r, q} and tu["unit"] == ex["unit"]:
                        yield (f"{p} X+M=T", ex["value"] + im["value"], tu["value"], tol + _step(tu["text"]))
                for ba in _money(d, "balance", p):
                    if ba["subject"]["reporter"] == r and ba["subject"]["partner"] in (q, None) and ba["unit"] == ex["unit"]:
                        yield (f"{p} X-M=B", ex["value"] - im["value"], ba["value"], tol + _step(ba["text"]))


def test_correct_documents_hold_their_identities():
    checked = 0
    for d in DOCS:
        if d["status"] != "correct":
            continue
        for name, lhs, rhs, tol in _identities(d):
            assert abs(lhs - rhs) <= tol * 1.0001, f"{d['_where']}: {name} {lhs} vs {rhs}"
            checked += 1
    assert checked >= 15


def test_planted_sum_errors_really_break_an_identity():
    """Where a planted error is about a sum or a balance, the figures must indeed disagree."""
    for d in DOCS:
        by_text = {c["text"]: c for c in d["claims"]}
        for e in d.get("errors") or []:
            if any(by_text[t]["value"] is None for t in e["claims"]):
                continue  # an error stated through bounds ("more than"): no exact identity to recompute
            if "turnover is not" in e["what"] or "surplus" in e["what"] or "deficit" in e["what"]:
                assert any(abs(lhs - rhs) > tol for _, lhs, rhs, tol in _identities(d)), d["_where"]


def test_totals():
    n_claims = sum(len(d["claims"]) for d in DOCS)
    bad = [d for d in DOCS if d["status"] != "correct"]
    assert len(DOCS) >= 25 and n_claims >= 250
    assert {"en", "de", "ru"} <= {d["lang"] for d in DOCS}
    assert len({frozenset(d["pair"]) for d in DOCS}) >= 8
    assert 8 <= len(bad) < len(DOCS) / 2
    assert len({d["id"] for d in DOCS}) == len(DOCS)
