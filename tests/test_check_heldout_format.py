"""Format check of the held-out claim-checker corpus (tests/check_heldout/*.yaml).

Checks only the corpus itself (fields, spans, totals, the arithmetic of its correct documents); it never
imports or runs the checker, so that the corpus stays untouched by it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent / "check_heldout"
LANGS = {"en", "de", "ru", "uk"}
STYLES = {"wire", "release", "think-tank", "brief"}
STATUSES = {"correct", "planted", "real_error"}
UNITS_FIXED = {"pct", "pp", "ratio", "tonnes", "persons"}
KINDS = {"level", "change", "share", "count", "range", "balance"}
INDICATORS = {"exports", "imports", "turnover", "balance", "other"}
PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}-\d{2})?$")
ISO3 = re.compile(r"^[A-Z]{2,4}$")  # ISO3, or a group code such as EU or EAEU
CURRENCIES = {"USD", "EUR", "RUB", "UAH", "BYN", "CNY", "KZT", "PLN", "GBP", "JPY", "KRW"}


def load_documents() -> list[dict]:
    docs: list[dict] = []
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for doc in data["documents"]:
            doc["_file"] = path.name
            docs.append(doc)
    return docs


DOCS = load_documents()


def _where(doc: dict, i: int | None = None) -> str:
    return f"{doc['_file']}:{doc['id']}" + (f" claim {i}" if i is not None else "")


def test_ids_unique_and_fields():
    ids = [d["id"] for d in DOCS]
    assert len(ids) == len(set(ids)), "duplicate document ids"
    for d in DOCS:
        for key in ("id", "lang", "style", "date", "pair", "status", "basis", "text", "claims", "not_claims"):
            assert key in d, f"{_where(d)}: missing {key}"
        assert d["lang"] in LANGS, _where(d)
        assert d["style"] in STYLES, _where(d)
        assert d["status"] in STATUSES, _where(d)
        assert len(d["pair"]) == 2 and all(ISO3.match(c) for c in d["pair"]), _where(d)
        assert d["basis"].strip(), _where(d)
        if d["status"] == "correct":
            assert not d.get("errors"), f"{_where(d)}: a correct document lists errors"
        else:
            assert d.get("errors"), f"{_where(d)}: an erroneous document lists no error"


def test_claims_in_order_and_well_formed():
    for d in DOCS:
        text = d["text"]
        pos = 0
        for i, c in enumerate(d["claims"]):
            for key in ("text", "value", "low", "high", "unit", "kind", "subject", "period"):
                assert key in c, f"{_where(d, i)}: missing {key}"
            at = text.find(c["text"], pos)
            assert at >= 0, f"{_where(d, i)}: {c['text']!r} not found after offset {pos}"
            pos = at + len(c["text"])
            assert c["kind"] in KINDS, _where(d, i)
            for k in ("value", "low", "high"):
                assert c[k] is None or isinstance(c[k], (int, float)), f"{_where(d, i)}: {k} is not a number"
            assert c["unit"] in UNITS_FIXED | CURRENCIES or c["kind"] == "count", _where(d, i)
            if c["kind"] == "range":
                assert c["low"] is not None and c["high"] is not None, _where(d, i)
            if c["value"] is None:
                assert c["low"] is not None or c["high"] is not None, f"{_where(d, i)}: no value and no bound"
            s = c["subject"]
            assert s["indicator"] in INDICATORS, _where(d, i)
            for k in ("reporter", "partner"):
                assert s[k] is None or ISO3.match(s[k]), _where(d, i)
            assert c["period"] is None or PERIOD.match(c["period"]), f"{_where(d, i)}: period {c['period']!r}"
            if c["kind"] == "balance":
                assert s["indicator"] == "balance", _where(d, i)
        for n in d["not_claims"]:
            assert n in text, f"{_where(d)}: not_claim {n!r} not in text"
        texts = [c["text"] for c in d["claims"]]
        for e in d.get("errors") or []:
            for t in e["claims"]:
                assert t in texts, f"{_where(d)}: error claim {t!r} is not a claim"
            assert e["target"] is None or e["target"] in e["claims"], _where(d)
            assert e["what"].strip(), _where(d)


ANY = object()


def _level(d: dict, indicator: str, period: str, reporter=ANY, partner=ANY):
    out = []
    for c in d["claims"]:
        s = c["subject"]
        if c["kind"] not in ("level", "balance") or s["indicator"] != indicator or c["period"] != period:
            continue
        if c["value"] is None or c["unit"] not in CURRENCIES:
            continue
        if reporter is not ANY and s["reporter"] != reporter:
            continue
        if partner is not ANY and s["partner"] != partner:
            continue
        out.append(c)
    return out


def test_correct_documents_are_arithmetically_consistent():
    """exports + imports = turnover and exports - imports = balance (within rounding) in correct documents."""
    checked = 0
    for d in DOCS:
        if d["status"] != "correct":
            continue
        periods = {c["period"] for c in d["claims"]}
        for period in periods:
            for ex in _level(d, "exports", period):
                rep, par = ex["subject"]["reporter"], ex["subject"]["partner"]
                ims = [c for c in _level(d, "imports", period, rep, par) if c["unit"] == ex["unit"]]
                for im in ims:
                    for tu in _level(d, "turnover", period):
                        if {tu["subject"]["reporter"], tu["subject"]["partner"]} != {rep, par}:
                            continue
                        if tu["unit"] != ex["unit"]:
                            continue
                        tol = 0.011 * tu["value"] + 0.1 * 10 ** _scale(tu["text"])
                        assert abs(ex["value"] + im["value"] - tu["value"]) <= tol, f"{_where(d)} {period}"
                        checked += 1
                    for ba in _level(d, "balance", period, rep, par):
                        if ba["unit"] != ex["unit"]:
                            continue
                        tol = 0.02 * abs(ex["value"] - im["value"]) + 1e-9 * ex["value"]
                        assert abs(ex["value"] - im["value"] - ba["value"]) <= max(tol, 0.06 * 10 ** _scale(ba["text"])), \
                            f"{_where(d)} {period}"
                        checked += 1
    assert checked >= 10


def _scale(text: str) -> int:
    t = text.lower()
    for words, exp in ((("trillion", "трлн"), 12), (("billion", "mrd", "milliard", "млрд"), 9),
                       (("million", "mio", "млн"), 6)):
        if any(w in t for w in words):
            return exp
    return 0


def test_totals_meet_the_issue_targets():
    langs = {d["lang"] for d in DOCS}
    pairs = {frozenset(d["pair"]) for d in DOCS}
    n_claims = sum(len(d["claims"]) for d in DOCS)
    erroneous = [d for d in DOCS if d["status"] != "correct"]
    assert len(DOCS) >= 25
    assert {"en", "de", "ru"} <= langs
    assert len(pairs) >= 8
    assert n_claims >= 250
    assert 8 <= len(erroneous) <= 12
    assert sum(d["status"] == "correct" for d in DOCS) > len(erroneous)


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_document_has_figures(doc):
    assert 3 <= len(doc["claims"]) <= 25
