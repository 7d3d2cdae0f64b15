"""Claims against data: store-agnostic comparison with observation dicts.

An observation is a dict with the keys ``indicator, reporter, partner, flow, product, period, value, unit,
basis, source_id, vintage`` (the store's ``observations`` table). Every claim gets one finding here:
``supported`` / ``contradicted`` (same reporter's statistics), ``tension`` (only the partner's mirror
statistics disagree), or ``unverifiable`` (the data cannot speak to it) — none is dropped silently.
"""
from __future__ import annotations

from collections.abc import Iterable

from . import periods as P
from .model import Claim, Finding
from .numbers import fmt_money

#: relative tolerance added to a claim's own interval when compared with the reporter's statistics
#: (revisions between vintages)
TOLERANCE = 0.02
#: tolerance against the partner's mirror statistics (CIF/FOB valuation, timing, attribution)
MIRROR_TOLERANCE = 0.20
#: tolerance in percentage points for a change claim
CHANGE_TOLERANCE_PP = 1.0
KEYS = ("indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "basis", "source_id",
        "vintage")


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

    def get(self, indicator, reporter, partner, per) -> tuple[float, list[dict]] | None:
        o = self.rows.get((indicator, reporter, partner, per))
        if o is not None:
            return float(o["value"]), [o]
        if per[0] != per[1]:                         # sum monthly observations covering the span
            months = [self.rows.get((indicator, reporter, partner, (m, m))) for m in range(per[0], per[1] + 1)]
            if all(months):
                return sum(float(x["value"]) for x in months), months
        if indicator == "turnover":
            x = self.get("exports", reporter, partner, per)
            m = self.get("imports", reporter, partner, per)
            if x and m:
                return x[0] + m[0], x[1] + m[1]
        if indicator == "balance":
            x = self.get("exports", reporter, partner, per)
            m = self.get("imports", reporter, partner, per)
            if x and m:
                return x[0] - m[0], x[1] + m[1]
        return None


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
    ids = sorted({f"{o.get('source_id')}" + (f" (vintage {o.get('vintage')})" if o.get("vintage") else "")
                  for o in rows})
    return ", ".join(ids)


def check_against(claims: list[Claim], observations: Iterable[dict] | None) -> list[Finding]:
    """One finding per claim (forecasts excepted): supported, contradicted, tension or unverifiable."""
    idx = _Index(observations or [])
    by_id = {c.id: c for c in claims}
    out: list[Finding] = []
    for c in claims:
        if c.kind == "forecast":
            continue
        if not idx.rows:
            why = "no observations were given (use --observations or --store)" if observations is None else \
                "no observation matches it"
            if not (c.indicator and c.period):
                why = "the data hold trade flows; this claim is not a dated trade flow"
            out.append(Finding("unverifiable", [c.id], f"unverifiable: {why}."))
            continue
        out.append(_one(c, idx, by_id))
    return out


def _one(c: Claim, idx: _Index, by_id) -> Finding:
    per = P.parse(c.period)
    own, mirror = _lookups(c)
    if per is None or not own or c.unit not in ("USD", "pct"):
        return Finding("unverifiable", [c.id], "unverifiable: the data hold dated USD trade flows by reporter and "
                                               "partner; this claim is not one of them.")
    if c.kind == "change" and c.unit == "pct":
        bp = P.parse(c.base_period)
        for ind, r, p in own:
            new, old = idx.get(ind, r, p, per), idx.get(ind, r, p, bp) if bp else None
            if new and old and old[0]:
                actual = (new[0] / old[0] - 1) * 100
                ok = c.low - CHANGE_TOLERANCE_PP <= actual <= c.high + CHANGE_TOLERANCE_PP
                return Finding("supported" if ok else "contradicted", [c.id], (
                    f"{r}'s statistics give {actual:+.1f}% ({c.base_period} {fmt_money(old[0])} → {c.period} "
                    f"{fmt_money(new[0])}); claim {c.text!r} = [{c.low:+.1f}, {c.high:+.1f}]%, tolerance "
                    f"±{CHANGE_TOLERANCE_PP} pp; source {_src(new[1] + old[1])}."))
        return Finding("unverifiable", [c.id], f"unverifiable: no observations of {c.subject} for both {c.base_period}"
                                               f" and {c.period}.")
    if c.unit != "USD" or c.low is None:
        return Finding("unverifiable", [c.id], "unverifiable: not a USD flow.")
    for ind, r, p in own:
        got = idx.get(ind, r, p, per)
        if got:
            v, rows = got
            lo, hi = c.low * (1 - TOLERANCE), c.high * (1 + TOLERANCE)
            lo, hi = min(lo, hi), max(lo, hi)
            ok = lo <= v <= hi
            return Finding("supported" if ok else "contradicted", [c.id], (
                f"{r}'s statistics give {fmt_money(v)} for {c.subject} in {c.period}; claim {c.text!r} interval "
                f"[{fmt_money(c.low)}, {fmt_money(c.high)}] ± {TOLERANCE:.0%}; source {_src(rows)}."))
    for ind, r, p in mirror:
        got = idx.get(ind, r, p, per)
        if got:
            v, rows = got
            lo, hi = c.low * (1 - MIRROR_TOLERANCE), c.high * (1 + MIRROR_TOLERANCE)
            ok = lo <= v <= hi
            return Finding("supported" if ok else "tension", [c.id], (
                f"only the partner's mirror statistics are available: {r} records {ind} of {fmt_money(v)} in "
                f"{c.period}; claim {c.text!r}; tolerance ±{MIRROR_TOLERANCE:.0%} (CIF/FOB, timing); "
                f"source {_src(rows)}."))
    return Finding("unverifiable", [c.id], f"unverifiable: no observation of {c.subject} for {c.period}.")
