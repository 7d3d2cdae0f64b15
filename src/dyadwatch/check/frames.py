"""Frames: the identities a set of claims must satisfy, built as constraints over claim intervals.

Frames: *level* (a flow in a period), *change* (new = old × (1 + p)), *sum* (turnover = exports + imports),
*balance* (balance = exports − imports) and *bounds* (a flow over a period lies between the flow of any
month inside it and the flow of any period containing it). A flow is keyed by (exporter, importer, period)
and remembers whose statistics state it (its reporter), so that a check mixing Belarus-reported and
Ukraine-reported figures is marked *mixed*: a mismatch there is a tension (mirror statistics), not an error.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from . import periods as P
from .links import (MONEY, comparable, elliptic_currency, foreign_symbol, link_unlinked_changes,  # noqa: F401
                    of_which_total, reown_balances,
                    link_unlinked_points, relink, same_subject)
from .model import Claim, quoted
from .numbers import fmt_money

Interval = tuple[float, float]
Env = dict[str, Interval]


@dataclass
class Constraint:
    kind: str                                   # sum | balance | change | bounds | contains
    claims: list[str]
    #: env -> (stated, computed) intervals that must overlap
    evaluate: Callable[[Env], tuple[Interval, Interval]]
    describe: Callable[[Env], str]
    mixed: bool = False                         # relies on both countries' statistics
    note: str = ""                              # what the mixed statistics are
    needed: Callable[[Env], Interval] | None = None   # for changes: the base the change needs
    #: (claim id, another claim): other statements the text makes that may stand where that claim was read
    #: (the pair's turnover or the country's balance in another period, the same flow stated again); when one
    #: makes the check hold, the claim is more likely misread than wrong (see consistency.fits_elsewhere)
    alternatives: list[tuple[str, Claim]] = field(default_factory=list)
    #: for the *same* check of a flow: statements of the flow the other way round, same period
    opposite: list[Claim] = field(default_factory=list)


def claim_interval(c: Claim) -> Interval:
    lo = c.low if c.low is not None else c.value
    hi = c.high if c.high is not None else c.value
    return float(lo), float(hi)


def add(a: Interval, b: Interval) -> Interval:
    return a[0] + b[0], a[1] + b[1]


def sub(a: Interval, b: Interval) -> Interval:
    return a[0] - b[1], a[1] - b[0]


def div(a: Interval, r: Interval) -> Interval:
    if r[0] <= 0:
        r = (1e-9, max(r[1], 1e-9))
    # every corner: a negative level (a deficit: "the deficit shrank 20.6% to $16.4 billion") divides the
    # other way round
    qs = [a[0] / r[1], a[0] / r[0], a[1] / r[1], a[1] / r[0]]
    return min(qs), max(qs)


def ratio(change: Interval) -> Interval:
    return 1 + change[0] / 100, 1 + change[1] / 100


def overlap(a: Interval, b: Interval, rel: float = 1e-9) -> bool:
    # the tolerance scales with the finite ends only: an open bound (±inf) must not make it infinite
    eps = rel * max([abs(x) for x in (*a, *b) if math.isfinite(x)] + [1.0])
    return a[0] <= b[1] + eps and b[0] <= a[1] + eps


def mid(a: Interval) -> float:
    if a[1] == float("inf"):
        return a[0]
    return (a[0] + a[1]) / 2


def fi(a: Interval, cur: str = "USD") -> str:
    return f"[{fmt_money(a[0], cur)}, {fmt_money(a[1], cur)}]"


def nearest(cands: list[Claim], pos: int | None) -> Claim | None:
    """The claim nearest to text offset ``pos`` (the first one when ``pos`` is None). ``cands`` are in text
    order (as extracted), so this is a binary search: the checks stay linear in the length of the text."""
    if not cands:
        return None
    if pos is None or len(cands) == 1:
        return cands[0]
    i = bisect_left(cands, pos, key=lambda c: c.span[0])
    if i == 0:
        return cands[0]
    if i == len(cands):
        return cands[-1]
    a, b = cands[i - 1], cands[i]
    return a if abs(a.span[0] - pos) <= abs(b.span[0] - pos) else b


def nearest_k(cands: list[Claim], pos: int, k: int = 4, exclude: Claim | None = None) -> list[Claim]:
    """Up to ``k`` claims of ``cands`` (in text order) nearest to offset ``pos``, ``exclude`` left out: a
    bounded look-up, so that a statement repeated thousands of times keeps the checks linear."""
    i = bisect_left(cands, pos, key=lambda c: c.span[0])
    lo, hi, out = i - 1, i, []
    while len(out) < k and (lo >= 0 or hi < len(cands)):
        if hi < len(cands) and (lo < 0 or cands[hi].span[0] - pos <= pos - cands[lo].span[0]):
            x, hi = cands[hi], hi + 1
        else:
            x, lo = cands[lo], lo - 1
        if x is not exclude:
            out.append(x)
    return out


def flow_key(c: Claim):
    """(exporter, importer) of a flow claim, from whose side it is stated."""
    if c.indicator == "exports":
        return c.reporter, c.partner
    if c.indicator == "imports":
        return c.partner, c.reporter
    return None


NAMES = {"UKR": "Ukraine", "BLR": "Belarus", "RUS": "Russia", "POL": "Poland", "LTU": "Lithuania"}


def name(iso: str | None) -> str:
    return NAMES.get(iso or "", iso or "?")


@dataclass
class Frames:
    claims: list[Claim]
    flows: dict = field(default_factory=dict)        # (exp, imp, period) -> [claims]
    turnover: dict = field(default_factory=dict)     # (frozenset, period) -> [claims]
    balance: dict = field(default_factory=dict)      # (country, partner, period) -> [claims]
    by_id: dict = field(default_factory=dict)
    levels: dict = field(default_factory=dict)       # subject -> money levels with a period

    by_reporter: dict = field(default_factory=dict)  # (exp, imp, period, reporter) -> [claims]
    main: str | None = None                          # the currency the identities compare
    _basis: dict = field(default_factory=dict)
    _periods: dict = field(default_factory=dict)
    _by_sentence: dict | None = None
    _money_sent: dict | None = None
    _all_flows: dict | None = None

    text: str | None = None

    def __post_init__(self):
        # a figure in a currency the checker does not read ("C$594 billion", "¥4.1 trillion") stays out
        self.claims = [c for c in self.claims if not (c.unit in MONEY and foreign_symbol(c, self.text))]
        # the identities compare figures in one currency: the one most money figures of the text are stated in
        units = Counter(c.unit for c in self.claims if c.unit in MONEY)
        main = units.most_common(1)[0][0] if units else None
        self.main = main
        for c in self.claims:
            if c.unit in MONEY and c.unit != main:
                continue
            if c.unit in MONEY and c.kind in ("level", "balance") and c.period and c.indicator in (
                    "exports", "imports") and c.reporter and c.partner:
                self.by_reporter.setdefault((*flow_key(c), c.period, c.reporter), []).append(c)
            self.by_id[c.id] = c
            if c.unit in MONEY and c.kind == "level" and c.period:
                self.levels.setdefault(c.subject, []).append(c)
            if c.unit not in MONEY or c.kind not in ("level", "balance") or not c.period:
                continue
            if c.indicator in ("exports", "imports") and c.reporter and c.partner:
                self.flows.setdefault((*flow_key(c), c.period), []).append(c)
            elif c.indicator == "turnover" and c.reporter and c.partner:
                self.turnover.setdefault((frozenset((c.reporter, c.partner)), c.period), []).append(c)
            elif c.indicator == "balance" and c.reporter:
                self.balance.setdefault((c.reporter, c.partner, c.period), []).append(c)

    def flow(self, exp, imp, period, prefer=None, near: int | None = None) -> Claim | None:
        """The statement of a flow; from ``prefer``'s statistics when there is one, and the one nearest to
        offset ``near`` in the text when it is stated more than once."""
        cands = self.flows.get((exp, imp, period), [])
        if prefer:
            cands = self.by_reporter.get((exp, imp, period, prefer)) or cands
        return nearest(cands, near)

    def all_of(self, key) -> list[Claim]:
        """Every statement of one flow (exporter, importer), any period, in text order (indexed once)."""
        if self._all_flows is None:
            self._all_flows = {}
            for (e, i, _p), cs in self.flows.items():
                self._all_flows.setdefault((e, i), []).extend(cs)
            for lst in self._all_flows.values():
                lst.sort(key=lambda c: c.span[0])
        return self._all_flows.get(key, [])

    def in_sentence(self, subject, sentence) -> list[Claim]:
        """The money levels of a subject stated in one sentence (indexed once: linear)."""
        if self._by_sentence is None:
            self._by_sentence = {}
            for subj, xs in self.levels.items():
                for x in xs:
                    self._by_sentence.setdefault((subj, x.sentence), []).append(x)
        return self._by_sentence.get((subject, sentence), [])

    def money_in_sentence(self, sentence) -> list[Claim]:
        """The money levels of any subject (or none) stated in one sentence (indexed once: linear)."""
        if self._money_sent is None:
            self._money_sent = {}
            for x in self.by_id.values():
                if x.unit in MONEY and x.kind in ("level", "balance") and x.value is not None:
                    self._money_sent.setdefault(x.sentence, []).append(x)
        return self._money_sent.get(sentence, [])

    def per_period(self, subject) -> dict:
        """The money levels of a subject by period (each list in text order)."""
        got = self._periods.get(subject)
        if got is None:
            got = {}
            for x in self.levels.get(subject, []):
                got.setdefault(x.period, []).append(x)
            self._periods[subject] = got
        return got

    def basis(self, c: Claim) -> set[str] | None:
        """Whose statistics a claim rests on: the reporter of a flow; for a turnover, the reporters of the
        flows stated for the same dyad and period (None when unknown)."""
        if c.indicator in ("exports", "imports"):
            return {c.reporter}
        if c.indicator == "turnover" and c.reporter and c.partner:
            k0 = (c.reporter, c.partner, c.period)
            if k0 not in self._basis:
                self._basis[k0] = {x.reporter for k in ((c.reporter, c.partner), (c.partner, c.reporter))
                                   for x in self.flows.get((*k, c.period), [])}
            return self._basis[k0] or None
        if c.indicator == "balance":
            return {c.reporter}
        return None


def build(claims: list[Claim], text: str | None = None) -> list[Constraint]:
    elliptic_currency(claims, text)
    reown_balances(claims, text)
    of_which_total(claims, text)
    fr = Frames(claims, text=text)
    out: list[Constraint] = []
    # every statement of a country's balance with a partner / of a pair's turnover, any period, in text order
    bal_of: dict = {}
    for (a, b, _p), bals in fr.balance.items():
        bal_of.setdefault((a, b), []).extend(bals)
    turn_of: dict = {}
    for (pair, _p), ts in fr.turnover.items():
        turn_of.setdefault(pair, []).extend(ts)
    for lst in (*bal_of.values(), *turn_of.values()):
        lst.sort(key=lambda c: c.span[0])
    # money levels of no known flow, by period: a stated total the checker may have failed to recognise
    # ("Торгівля України з Китаєм … склала 12,6 млрд доларів")
    plain: dict = {}
    for c in fr.claims:
        if c.unit == fr.main and c.kind == "level" and not c.indicator and c.period:
            plain.setdefault(c.period, []).append(c)
    # balance = exports - imports -------------------------------------------------------------
    for (a, b, period), bals in fr.balance.items():
        if b is None:
            continue
        for bal in bals:
            x = fr.flow(a, b, period, prefer=a, near=bal.span[0])
            m = fr.flow(b, a, period, prefer=a, near=bal.span[0])
            if x and m:
                k = _balance(bal, x, m)
                k.alternatives = [(bal.id, o) for o in nearest_k(bal_of[(a, b)], bal.span[0], 8, bal)
                                  + nearest_k(plain.get(period, []), bal.span[0], 4)]
                k.alternatives += _restated(fr, x) + _restated(fr, m)
                out.append(k)
    # turnover = exports + imports ------------------------------------------------------------
    for (pair, period), ts in fr.turnover.items():
        if len(pair) != 2:
            continue
        a, b = sorted(pair)
        for t in ts:
            for pref in (a, b):
                f1 = fr.flow(a, b, period, prefer=pref, near=t.span[0])
                f2 = fr.flow(b, a, period, prefer=pref, near=t.span[0])
                if f1 and f2:
                    k = _sum(t, f1, f2)
                    k.alternatives = [(t.id, o) for o in nearest_k(turn_of[pair], t.span[0], 8, t)
                                      + nearest_k(plain.get(period, []), t.span[0], 4)]
                    k.alternatives += _restated(fr, f1) + _restated(fr, f2)
                    out.append(k)
                    break
    # changes ---------------------------------------------------------------------------------
    link_unlinked_changes(claims)
    for c in claims:
        if c.kind == "change" and c.unit == "pct" and c.indicator and c.low is not None:
            k = _change(fr, c)
            if k is not None:
                out.append(k)
    # percentage points: "from 14.5% to 16.0%, a gain of 2.5 percentage points" ---------------------------------
    link_unlinked_points(claims, text)
    for c in claims:
        f, t = c.__dict__.get("pp_from"), c.__dict__.get("pp_to")
        if f in fr.by_id and t in fr.by_id and c.low is not None:
            out.append(_points(c, fr.by_id[f], fr.by_id[t]))
    # the same flow, period and statistics stated twice must agree (each statement with the one before it) ----
    for key, cs in [*fr.by_reporter.items(), *fr.turnover.items(), *fr.balance.items()]:
        for a, b in zip(cs, cs[1:]):
            if a.sentence != b.sentence and a.kind == b.kind and a.kind in ("level", "balance"):
                k = _same(a, b)     # within one sentence, two values are two flows read alike
                if a.indicator in ("exports", "imports") and len(key) == 4:
                    # the same flow the other way round, of the same period: a second statement that equals it
                    # is the direction swapped, not another quantity read alike (see doubts.far_apart)
                    k.opposite = [x for x in fr.by_reporter.get((key[1], key[0], key[2], key[3]), [])
                                  + fr.by_reporter.get((key[1], key[0], key[2], key[1] if key[3] == key[0]
                                                        else key[0]), [])][:8]
                out.append(k)
    # a flow over a period cannot be below a sub-period nor above a super-period: each statement is compared
    # with the nearest statement (in the text) of every longer period containing its own, same reporter
    groups: dict = {}
    for (e, i, p), cs in fr.flows.items():
        groups.setdefault(("f", e, i), []).extend(cs)
    for (pair, p), cs in fr.turnover.items():
        groups.setdefault(("t", pair), []).extend(cs)
    for cs in groups.values():
        by_period: dict = {}
        for c in cs:
            q = P.parse(c.period)
            if q:
                by_period.setdefault((q, c.reporter), []).append(c)
        for (pi, rep), inners in by_period.items():
            for (po, rep_o), outers in by_period.items():
                if rep_o != rep or po == pi or not (po[0] <= pi[0] and pi[1] <= po[1]):
                    continue
                for inner in inners:
                    outer = nearest(outers, inner.span[0])
                    k = _contains(inner, outer)
                    k.alternatives = [(outer.id, o) for o in nearest_k(outers, inner.span[0], 4, outer)]
                    out.append(k)
    return out


def _restated(fr: Frames, f: Claim) -> list[tuple[str, Claim]]:
    """The other statements of flow ``f`` nearest to it in the text: of the same period (any country's
    statistics), or of a period that overlaps its own ("In March alone exports were €7.9 billion" beside the
    quarter's €22.6 billion: the checker may have dated the other parts of a check by the wrong one)."""
    p = P.parse(f.period)
    out = [(f.id, o) for o in nearest_k(fr.flows.get((*flow_key(f), f.period), []), f.span[0], 4, f)]
    for o in nearest_k(fr.all_of(flow_key(f)), f.span[0], 6, f):
        q = P.parse(o.period)
        if o.period != f.period and p and q and q[0] <= p[1] and p[0] <= q[1]:
            out.append((f.id, o))
    return out


def _pair(kind: str, total: Claim, f1: Claim, f2: Claim, op, text, mixed_note: str) -> Constraint:
    """total = op(f1, f2); `text(computed, stated)` describes it; flows from two countries' statistics mix."""
    mixed = f1.reporter != f2.reporter

    def ev(env):
        return env[total.id], op(env[f1.id], env[f2.id])

    def desc(env):
        st, co = ev(env)
        return text(fi(co, total.unit or "USD"), fi(st, total.unit or "USD"))
    return Constraint(kind, [total.id, f1.id, f2.id], ev, desc, mixed, note=mixed_note if mixed else "")


def _balance(bal: Claim, x: Claim, m: Claim) -> Constraint:
    return _pair("balance", bal, x, m, sub,
                 lambda co, st: (f"balance {quoted(bal.text)} should equal exports {quoted(x.text)} − imports "
                                 f"{quoted(m.text)} = {co}; stated {st}"),
                 "exports and imports come from different countries' statistics")


def _sum(t: Claim, f1: Claim, f2: Claim) -> Constraint:
    return _pair("sum", t, f1, f2, add,
                 lambda co, st: (f"turnover {quoted(t.text)} ({t.period}) should equal {f1.subject} {quoted(f1.text)} + "
                                 f"{f2.subject} {quoted(f2.text)} = {co}; stated {st}"),
                 "the two flows are reported by different countries")


def _points(c: Claim, f: Claim, t: Claim) -> Constraint:
    unordered = bool(c.__dict__.get("pp_unordered"))

    def ev(env):
        d = sub(env[t.id], env[f.id])
        if not unordered:
            return env[c.id], d
        st = env[c.id]
        return ((min(abs(st[0]), abs(st[1])), max(abs(st[0]), abs(st[1]))),
                (0.0 if d[0] <= 0 <= d[1] else min(abs(d[0]), abs(d[1])), max(abs(d[0]), abs(d[1]))))

    def desc(env):
        st, co = ev(env)
        return (f"a change of {quoted(c.text)} should equal {quoted(t.text)} − {quoted(f.text)} = "
                f"[{co[0]:.2f}, {co[1]:.2f}] percentage points; stated [{st[0]:.2f}, {st[1]:.2f}]")
    return Constraint("points", [c.id, f.id, t.id], ev, desc)


def _same(a: Claim, b: Claim) -> Constraint:
    def ev(env):
        return env[b.id], env[a.id]

    def desc(env):
        return (f"{b.subject} in {b.period} is stated twice: {quoted(a.text)} and {quoted(b.text)} "
                f"{fi(env[a.id], a.unit or 'USD')} vs {fi(env[b.id], b.unit or 'USD')}")
    return Constraint("same", [b.id, a.id], ev, desc)


def _contains(inner: Claim, outer: Claim) -> Constraint:
    def ev(env):
        lo = env[inner.id][0]
        return (lo, float("inf")), (float("-inf"), env[outer.id][1])

    def desc(env):
        return (f"{inner.subject} in {inner.period} ({quoted(inner.text)}) cannot exceed the figure for "
                f"{outer.period} ({quoted(outer.text)})")
    return Constraint("contains", [inner.id, outer.id], ev, desc)


def rounding_allowance(c: Claim) -> float:
    """Half a unit in the last printed digit of an unhedged level (its interval's half-width), at most
    :data:`ROUNDING_CAP` of its value; 0 for a hedged or open figure. A published rate of change is computed from
    the unrounded (and often since revised) levels: "26.3% to $240.1 billion" with "$190.3 billion" a year before
    needs a base of $190.0–190.3 billion. The change checks allow each level this much beyond its own rounding,
    so that such a text is consistent; a figure printed with few digits gets no more than the cap (revisions are
    small relative to the level), and a planted error of a few percent still fails."""
    if c.hedge or c.low is None or c.high is None or not (math.isfinite(c.low) and math.isfinite(c.high)):
        return 0.0
    return min((c.high - c.low) / 2, ROUNDING_CAP * abs(c.value or 0.0))


#: the largest rounding allowance of a level, relative to it (see :func:`rounding_allowance`)
ROUNDING_CAP = 0.005


def _widen(a: Interval, by: float) -> Interval:
    return a[0] - by, a[1] + by


def _change(fr: Frames, c: Claim) -> Constraint | None:
    new = fr.by_id.get(c.level_id) if c.level_id else None
    old_claim = fr.by_id.get(c.__dict__.get("old_id")) if c.__dict__.get("old_id") else None
    if new is None or not c.base_period or not comparable(c.base_period, c.period or new.period):
        return None
    parts: list[Claim] = []
    if old_claim is not None:
        parts = [old_claim]
    elif c.indicator in ("exports", "imports"):
        e, i = flow_key(c)
        o = fr.flow(e, i, c.base_period, prefer=c.reporter, near=c.span[0])
        parts = [o] if o else []
    elif c.indicator == "turnover" and c.reporter and c.partner:
        ts = fr.turnover.get((frozenset((c.reporter, c.partner)), c.base_period), [])
        if ts:
            parts = [nearest(ts, c.span[0])]
        else:
            a, b = c.reporter, c.partner
            for pref in (a, b):
                f1 = fr.flow(a, b, c.base_period, prefer=pref, near=c.span[0])
                f2 = fr.flow(b, a, c.base_period, prefer=pref, near=c.span[0])
                if f1 and f2:
                    parts = [f1, f2]
                    break
    cur = new.unit or "USD"
    ids_new = [c.id, new.id]

    nb = fr.basis(new)
    ob = set().union(*[fr.basis(p) or set() for p in parts]) if parts else set()
    mixed = bool(parts) and bool(nb and ob and nb != ob)
    # one country's statistics: the published rate may rest on unrounded or revised levels (a mixed check has
    # the wider tolerance of mirror statistics instead)
    slack = (lambda x: 0.0) if mixed else rounding_allowance

    def needed(env):
        return div(_widen(env[new.id], slack(new)), ratio(env[c.id]))

    if parts:
        ids = ids_new + [p.id for p in parts]

        def ev(env):
            base = _widen(env[parts[0].id], slack(parts[0]))
            for p in parts[1:]:
                base = add(base, _widen(env[p.id], slack(p)))
            return base, needed(env)

        def desc(env):
            st, co = ev(env)
            base_txt = " + ".join(f"{p.subject} {quoted(p.text)}" for p in parts)
            return (f"a change of {quoted(c.text)} to {quoted(new.text)} needs a {c.base_period} base of "
                    f"{fmt_money(mid(co), cur)} {fi(co, cur)}; the text gives {base_txt} = {fi(st, cur)}")
        note = ""
        if mixed:
            note = (f"the {c.period} figure rests on {', '.join(name(x) for x in sorted(nb))}'s statistics but the "
                    f"{c.base_period} base on {', '.join(name(x) for x in sorted(ob))}'s (mirror statistics)")
        k = Constraint("change", ids, ev, desc, mixed, note, needed)
        # a series in one sentence ("from $1.2 billion in 2021 to $1.5 billion in 2022 and $1.9 billion in 2023,
        # 58% over two years"): the change may lead to another level of the same flow in its sentence
        k.alternatives = [(new.id, x) for x in fr.in_sentence(new.subject, c.sentence) if x is not new
                          and x.id not in ids][:8]
        # a base taken from another sentence while the change's own sentence states another sum ("rose 30% to
        # $1.3 billion (a year earlier $1 billion)" read as another flow): that sum may be the base
        if len(parts) == 1 and parts[0].sentence != c.sentence:
            k.alternatives += [(parts[0].id, x) for x in fr.money_in_sentence(c.sentence)
                               if x.id not in ids and x.unit == new.unit][:4]
        # a base the text does not state (a year earlier by default) while the text states the flow for other
        # earlier years ("more than 80% higher than in 2021" with 2021, 2022 and 2023 listed): the base may be
        # one of them
        if len(parts) == 1 and old_claim is None and (cp := P.parse(c.period or new.period)):
            earlier = [nearest(xs, c.span[0]) for per, xs in fr.per_period(c.subject).items()
                       if per != c.base_period and (q := P.parse(per)) and q[1] < cp[0]
                       and q[1] - q[0] == cp[1] - cp[0]]
            k.alternatives += [(parts[0].id, x) for x in earlier if x.id not in ids][:4]
        return k
    # no base stated: bound it by figures for periods inside / around the base period
    bp = P.parse(c.base_period)
    if not bp:
        return None
    # one statement per period: the one nearest to the change
    same = [nearest(xs, c.span[0]) for xs in fr.per_period(c.subject).values()]
    lower = [x for x in same if (lambda q: q and bp[0] <= q[0] and q[1] <= bp[1])(P.parse(x.period))]
    upper = [x for x in same if (lambda q: q and q[0] <= bp[0] and bp[1] <= q[1] and q != bp)(P.parse(x.period))]
    if not lower and not upper:
        return None
    ids = ids_new + [x.id for x in lower + upper]

    def evb(env):
        lo = max((env[x.id][0] - rounding_allowance(x) for x in lower), default=0.0)
        hi = min((env[x.id][1] + rounding_allowance(x) for x in upper), default=float("inf"))
        return (lo, hi), needed(env)

    def descb(env):
        st, co = evb(env)
        bits = ([f"at least {quoted(x.text)} ({x.period})" for x in lower]
                + [f"at most {quoted(x.text)} ({x.period})" for x in upper])
        return (f"a change of {quoted(c.text)} to {quoted(new.text)} implies a {c.base_period} base of "
                f"{fi(co, cur)}; the text bounds that base to {fi(st, cur)} ({'; '.join(bits)})")
    return Constraint("bounds", ids, evb, descb, False, "", needed)
