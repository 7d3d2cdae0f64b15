"""Claims against data: store-agnostic comparison with observation dicts.

An observation is a dict with the keys ``indicator, reporter, partner, flow, product, period, value, unit,
basis, source_id, vintage`` (the store's ``observations`` table), optionally ``source_title`` and
``source_date`` (from its ``sources`` row). Every claim gets one finding here: ``supported`` /
``contradicted`` (same reporter's statistics), ``tension`` (only the partner's mirror statistics disagree), or
``unverifiable`` (the data cannot speak to it) — none is dropped silently.

A flow the data do not hold directly is derived from the reporter's own figures when they allow it
(turnover = exports + imports, balance = exports − imports, exports = turnover − imports, imports = turnover −
exports, a span = the sum of its months); the tolerance then adds up over the figures used. Observations
whose source *is the document being checked* (same title at its head, same date) are set aside: a brief's
figure copied into the store cannot confirm the brief.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from . import periods as P
from .model import Claim, Finding, quoted
from .numbers import fmt_money

#: relative tolerance of every observed figure used (revisions between vintages); it adds up over the figures
#: a derived value is computed from
TOLERANCE = 0.02
#: tolerance against the partner's mirror statistics (CIF/FOB valuation, timing, attribution)
MIRROR_TOLERANCE = 0.20
#: smallest tolerance in percentage points for a change claim
CHANGE_TOLERANCE_PP = 1.0
KEYS = ("indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "basis", "source_id",
        "vintage")


class Value(NamedTuple):
    value: float
    rows: list          # the observations used
    tol: float          # absolute tolerance (TOLERANCE of each figure used, added up)
    how: str | None     # how it was derived (None: observed as such)


class _Index:
    def __init__(self, observations: Iterable[dict]):
        self.rows: dict = {}
        for o in observations:
            if not isinstance(o, dict) or o.get("value") is None:
                continue
            if str(o.get("product") or "TOTAL").upper() != "TOTAL" or (o.get("unit") or "USD") != "USD":
                continue
            per = P.parse(str(o.get("period") or ""))
            if per is None:
                continue
            k = (str(o.get("indicator")), str(o.get("reporter")), str(o.get("partner")), per)
            prev = self.rows.get(k)
            if prev is None or str(o.get("vintage") or "") > str(prev.get("vintage") or ""):
                self.rows[k] = o                     # the latest vintage wins

    def _direct(self, indicator, reporter, partner, per) -> tuple[float, list[dict], str | None] | None:
        o = self.rows.get((indicator, reporter, partner, per))
        if o is not None:
            return float(o["value"]), [o], None
        if per[0] != per[1]:                         # sum monthly observations covering the span
            months = [self.rows.get((indicator, reporter, partner, (m, m))) for m in range(per[0], per[1] + 1)]
            if all(months):
                return sum(float(x["value"]) for x in months), months, f"sum of {len(months)} months"
        return None

    def get(self, indicator, reporter, partner, per) -> Value | None:
        d = self._direct(indicator, reporter, partner, per)
        if d is not None:
            v, rows, how = d
            return Value(v, rows, TOLERANCE * sum(abs(float(o["value"])) for o in rows), how)
        recipes = {"turnover": ("exports", "imports", 1, "exports + imports"),
                   "balance": ("exports", "imports", -1, "exports − imports"),
                   "exports": ("turnover", "imports", -1, "turnover − imports"),
                   "imports": ("turnover", "exports", -1, "turnover − exports")}
        if indicator not in recipes:
            return None
        a_ind, b_ind, sign, how = recipes[indicator]
        a = self._direct(a_ind, reporter, partner, per)
        b = self._direct(b_ind, reporter, partner, per)
        if a is None or b is None:
            return None
        rows = a[1] + b[1]
        return Value(a[0] + sign * b[0], rows, TOLERANCE * (abs(a[0]) + abs(b[0])), how)


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.lower()).strip()


def document_sources(observations: Iterable[dict], text: str, date: str | None) -> set[str]:
    """Source ids of observations taken from the document itself: the source's title (without a trailing
    parenthesis) is at the head of the text and, when both are known, its date is the document's date."""
    head = _norm(text[:3000])
    out: set[str] = set()
    for o in observations:
        title, sdate = o.get("source_title"), o.get("source_date")
        if not title or o.get("source_id") in out:
            continue
        t = _norm(re.sub(r"\s*\([^()]*\)\s*$", "", str(title)))
        if len(t) < 12 or t not in head:
            continue
        if date and sdate and str(sdate)[:10] != str(date)[:10]:
            continue
        out.add(o.get("source_id"))
    return out


def _lookups(c: Claim):
    """(reporter-side lookups, mirror lookups) as (indicator, reporter, partner)."""
    r, p = c.reporter, c.partner
    if c.indicator == "exports":
        return [("exports", r, p)], [("imports", p, r)]
    if c.indicator == "imports":
        return [("imports", r, p)], [("exports", p, r)]
    if c.indicator == "turnover":
        return [("turnover", r, p), ("turnover", p, r)], []
    if c.indicator == "balance":
        return [("balance", r, p)], []
    return [], []


def _src(rows: list[dict]) -> str:
    ids = sorted({f"{o.get('source_id')} (vintage {o.get('vintage') or 'not recorded'})" for o in rows})
    return ", ".join(ids)


def check_against(claims: list[Claim], observations: Iterable[dict] | None, text: str = "",
                  date: str | None = None) -> list[Finding]:
    """One finding per claim (forecasts excepted): supported, contradicted, tension or unverifiable.
    ``text`` and ``date`` are the document's, used to set aside observations taken from it."""
    obs = list(observations or [])
    own = document_sources(obs, text, date) if text else set()
    idx = _Index(o for o in obs if o.get("source_id") not in own)
    idx_all = _Index(obs) if own else None
    out: list[Finding] = []
    for c in claims:
        if c.kind == "forecast":
            continue
        if not idx.rows and idx_all is None:
            why = "no observations were given (use --observations or --store)" if observations is None else \
                "no observation matches it"
            if not (c.indicator and c.period):
                why = "the data hold trade flows; this claim is not a dated trade flow"
            out.append(Finding("unverifiable", [c.id], f"unverifiable: {why}."))
            continue
        f = _one(c, idx)
        if f.verdict == "unverifiable" and idx_all is not None and _one(c, idx_all).verdict != "unverifiable":
            f = Finding("unverifiable", [c.id], (
                f"unverifiable: the observations that speak to {c.subject} in {c.period} include figures taken "
                f"from this document itself (source {', '.join(sorted(own))}); a figure cannot confirm itself."))
        out.append(f)
    return out


def _one(c: Claim, idx: _Index) -> Finding:
    per = P.parse(c.period)
    own, mirror = _lookups(c)
    if per is None or not own or c.unit not in ("USD", "pct"):
        return Finding("unverifiable", [c.id], "unverifiable: the data hold dated USD trade flows by reporter and "
                                               "partner; this claim is not one of them.")
    if c.kind == "change" and c.unit == "pct":
        bp = P.parse(c.base_period)
        for ind, r, p in own:
            new, old = idx.get(ind, r, p, per), idx.get(ind, r, p, bp) if bp else None
            if new and old and old.value:
                actual = (new.value / old.value - 1) * 100
                rel = new.tol / abs(new.value or 1) + old.tol / abs(old.value)
                tol_pp = max(CHANGE_TOLERANCE_PP, 100 * abs(new.value / old.value) * rel)
                ok = c.low - tol_pp <= actual <= c.high + tol_pp
                how = "; ".join(f"{y} {v.how}" for y, v in ((c.base_period, old), (c.period, new)) if v.how)
                return Finding("supported" if ok else "contradicted", [c.id], (
                    f"{r}'s statistics give {actual:+.1f}% ({c.base_period} {fmt_money(old.value)} → {c.period} "
                    f"{fmt_money(new.value)}{'; ' + how if how else ''}); claim {quoted(c.text)} = "
                    f"[{c.low:+.1f}, {c.high:+.1f}]%; tolerance ±{tol_pp:.1f} pp; source {_src(new.rows + old.rows)}."))
        return Finding("unverifiable", [c.id], f"unverifiable: no observations of {c.subject} for both {c.base_period}"
                                               f" and {c.period}.")
    if c.unit != "USD" or c.low is None:
        return Finding("unverifiable", [c.id], "unverifiable: not a USD flow.")
    hi_c = c.high if c.high is not None else float("inf")
    for ind, r, p in own:
        got = idx.get(ind, r, p, per)
        if got:
            ok = got.value - got.tol <= hi_c and c.low <= got.value + got.tol
            derived = f" (derived: {got.how})" if got.how else ""
            return Finding("supported" if ok else "contradicted", [c.id], (
                f"{r}'s statistics give {fmt_money(got.value)}{derived} for {c.subject} in {c.period}; claim "
                f"{quoted(c.text)} = [{fmt_money(c.low)}, {fmt_money(hi_c)}]; tolerance ±{fmt_money(got.tol)} "
                f"(±{TOLERANCE:.0%} of each figure used); source {_src(got.rows)}."))
    for ind, r, p in mirror:
        got = idx.get(ind, r, p, per)
        if got:
            lo, hi = c.low * (1 - MIRROR_TOLERANCE), hi_c * (1 + MIRROR_TOLERANCE)
            ok = lo <= got.value <= hi
            derived = f" (derived: {got.how})" if got.how else ""
            return Finding("supported" if ok else "tension", [c.id], (
                f"only the partner's mirror statistics are available: {r} records {ind} of {fmt_money(got.value)}"
                f"{derived} in {c.period}; claim {quoted(c.text)}; tolerance ±{MIRROR_TOLERANCE:.0%} (CIF/FOB, "
                f"timing); source {_src(got.rows)}."))
    return Finding("unverifiable", [c.id], f"unverifiable: no observation of {c.subject} for {c.period}.")
