"""Consistency of a document with itself: inconsistent sets, repairs, tensions, staleness, scope, forecasts.

Each violated constraint (see :mod:`frames`) is a smallest inconsistent set: dropping any one of its claims
removes the contradiction. A *mixed* constraint (it joins both countries' statistics) whose mismatch is within
:data:`MIRROR_GAP` is a ``tension``; beyond that it is ``inconsistent``. A single-token repair (×10, ÷10,
×1000, ÷1000, a flipped direction) is proposed when changing one claim fixes violated constraints without
breaking any other. A violated constraint that rests on a reading the text does not establish, or that another
statement of the text explains, is a ``tension`` too (the rules are in :mod:`doubts`).
"""
from __future__ import annotations

import datetime as dt
import math

from . import periods as P
from .doubts import (MIRROR_GAP, carried_doubts, far_apart, one_passage, moved_doubts, restated_doubts, fits_elsewhere, from_doubts, misdated, part_doubts, world_doubts,  # noqa: F401,E501
                     pronoun_doubts, swapped,
                     sentences_with_unread_balance, span_doubts, status, target_doubts, two_sources, unsure)
from .frames import add, build, claim_interval, fi, flow_key, mid, overlap
from .model import Claim, Finding, quoted
from .numbers import fmt_money

#: months after the end of a period before its statistics are normally published
LAG_MONTHS = {"month": 2, "year": 3}
REPAIRS = [(10.0, "×10"), (0.1, "÷10"), (1000.0, "×1000"), (0.001, "÷1000"), (-1.0, "sign")]


def _printed_rate(c: Claim) -> bool:
    """An unhedged rate of change printed with a finite interval ("26.3%", "fell 31%")."""
    return (c.kind == "change" and c.unit == "pct" and not c.hedge and c.low is not None and c.high is not None
            and math.isfinite(c.low) and math.isfinite(c.high) and c.high > c.low)


def _rate_interval(c: Claim) -> tuple[float, float]:
    """A published rate of change is computed from unrounded and often revised levels, and some sources cut it
    off rather than round it ("31%" for a fall of 31.65%): it is allowed one unit in its last printed digit on
    either side, not half of one, but never half-way closer to zero than printed, so that its sign stays (a "0.1%
    rise" between two levels that fell is still an error). A planted slip (20.5% for 28.8%) stays far outside."""
    lo, hi = claim_interval(c)
    half = (hi - lo) / 2
    lo, hi = lo - half if lo <= 0 else max(lo - half, lo / 2), hi + half if hi >= 0 else min(hi + half, hi / 2)
    return lo, hi


def _two_values(k, slot: Claim | None, alt: Claim) -> bool:
    """A change check that holds with another statement of the level it leads to, of the same flow and period, both
    read surely in the change's own sentence ("rose 55.36% in 2022 to $18.7 billion, climbing from $33.9 billion to
    $52.6 billion"): not another quantity misread but one flow given two values for one period."""
    return (k.kind == "change" and slot is not None and slot.id == k.claims[1] and alt.subject == slot.subject
            and alt.period == slot.period and alt.sentence == slot.sentence and alt.kind == slot.kind
            and all(x.subject_sure and x.period_sure and x.subject_named for x in (slot, alt)))


def _precise(c: Claim | None) -> bool:
    """A level printed to a thousandth of its value or finer ("$676.540 million", "$240.1 billion")."""
    if c is None or c.hedge or c.low is None or c.high is None or not (math.isfinite(c.low) and math.isfinite(c.high)):
        return False
    return bool(c.value) and (c.high - c.low) / 2 <= 0.001 * abs(c.value)


def _rate_rounding_explains(k, by_id: dict, env) -> bool:
    """A change check between levels printed precisely that holds once the rate is given one unit in its last
    digit (:func:`_rate_interval`): the rate's own rounding, not an error. With levels printed roughly ("$24
    billion") their rounding already covers the rate's, and nothing is added."""
    if k.kind not in ("change", "bounds") or not _printed_rate(c := by_id.get(k.claims[0])):
        return False
    if not all(_precise(by_id.get(x)) for x in k.claims[1:]):
        return False
    saved, env[c.id] = env[c.id], _rate_interval(c)
    try:
        return status(k, env) == "ok"
    finally:
        env[c.id] = saved


def _variant(c: Claim, factor: float) -> tuple[float, float] | None:
    lo, hi = claim_interval(c)
    if factor == -1.0:
        if c.kind not in ("change", "balance"):
            return None
        return -hi, -lo
    if c.kind == "change" or c.kind == "forecast":
        if factor not in (10.0, 0.1):
            return None
    return (lo * factor, hi * factor) if factor > 0 else None


def _suggest_text(c: Claim, factor: float) -> tuple[float, str]:
    v = (c.value or 0.0) * factor
    txt = c.text.replace("\\$", "$")
    if factor == -1.0:
        what = "surplus ↔ deficit" if c.kind == "balance" else "rise ↔ fall"
        return v, f"{txt} ({what})"
    if factor in (1000.0, 0.001) and c.scale_text:
        new = {1000.0: {"million": "billion", "mn": "bn", "m": "bn", "thousand": "million", "mio.": "Mrd.",
                        "млн": "млрд", "млн.": "млрд", "тыс.": "млн", "тис.": "млн"},
               0.001: {"billion": "million", "bn": "mn", "million": "thousand", "mrd.": "Mio.", "млрд": "млн",
                       "млрд.": "млн"}}[factor].get(c.scale_text.lower())
        if new:
            return v, txt.replace(c.scale_text, new, 1)
    if c.number_text and c.number_text in txt:
        try:
            dec = len(c.number_text.split(".")[1]) if "." in c.number_text else 0
            base = float(c.number_text.replace(",", ""))
            newn = base * factor
            s = f"{newn:,.{max(0, dec - (1 if factor == 10 else 0))}f}" if factor >= 1 else f"{newn:,.{dec + 1}f}"
            if "," not in c.number_text:
                s = s.replace(",", "")
            return v, txt.replace(c.number_text, s, 1)
        except ValueError:
            pass
    return v, txt


def check(claims: list[Claim], doc_date: str | None = None, text: str | None = None) -> list[Finding]:
    """Findings of a document about itself; ``text`` (the document) lets the checks see the words of a
    claim's sentence (without it, the balance-word rule of :func:`unsure` is off)."""
    by_id = {c.id: c for c in claims}
    cons = build(claims, text)
    env = {c.id: claim_interval(c) for c in claims if c.value is not None}
    for k in cons:
        if k.kind == "sum" and k.mixed and one_passage(k, by_id, text):
            k.mixed, k.note = False, ""                # one source's split of its own total
    states = [status(k, env) for k in cons]
    for i, k in enumerate(cons):
        if states[i] == "violated" and _rate_rounding_explains(k, by_id, env):
            states[i] = "ok"
    unread = sentences_with_unread_balance(claims, text)
    pron, targets, parts = pronoun_doubts(claims), target_doubts(claims, text), part_doubts(claims, text)
    froms, world, spans = from_doubts(claims, text), world_doubts(claims, text), span_doubts(claims, text)
    moved, restated = moved_doubts(claims, text), restated_doubts(claims, env, targets)
    carried = carried_doubts(claims, text)
    levels_in: dict = {}                                # the levels of each sentence (for doubts.unsure)
    for c in claims:
        if c.kind == "level":
            levels_in.setdefault(c.sentence, []).append(c)
    doubts = {i: unsure(cons[i], by_id, unread, text, pron, targets, parts, froms, world, spans, moved, restated,
                        levels_in, carried) for i, s in enumerate(states) if s == "violated"}
    for i, d in doubts.items():
        if d:
            states[i] = "unsure"
    elsewhere, twice = {}, {}
    for i, s in enumerate(states):
        if s == "violated" and (alt := fits_elsewhere(cons[i], env)) is not None:
            if _two_values(cons[i], by_id[alt[0]], alt[1]):
                twice[i] = alt[1]                   # one flow, one period, two values: an error either way
                continue
            states[i], elsewhere[i] = "elsewhere", alt
        elif s == "violated" and far_apart(cons[i], env):
            states[i] = "apart"
        elif s == "violated" and misdated(cons[i], by_id, env):
            states[i] = "misdated"
        elif s == "violated" and two_sources(cons[i], by_id, text) and not swapped(cons[i], env):
            cons[i].mixed = True
            cons[i].note = "the two statements are attributed to sources of their own (two sources' statistics)"
            states[i] = status(cons[i], env)
    violated = [i for i, s in enumerate(states) if s == "violated"]
    findings: list[Finding] = []
    # repairs: one claim, one token, fixing violated constraints and breaking none --------------------
    best: dict[int, tuple[int, Claim, float, str]] = {}
    cand_ids = {cid for i in violated for cid in cons[i].claims}
    of_claim: dict[str, list[int]] = {}
    for i, k in enumerate(cons):
        for cid in k.claims:
            if cid in cand_ids:
                of_claim.setdefault(cid, []).append(i)
    for cid in sorted(cand_ids):
        c = by_id[cid]
        involved = of_claim[cid]
        for factor, label in REPAIRS:
            var = _variant(c, factor)
            if var is None:
                continue
            saved, env[cid] = env[cid], var           # try the variant in place (env is large)
            try:
                new_states = {i: status(cons[i], env) for i in involved}
            finally:
                env[cid] = saved
            if any(s == "violated" and states[i] != "violated" for i, s in new_states.items()):
                continue
            fixed = [i for i, s in new_states.items() if states[i] == "violated" and s != "violated"]
            if not fixed:
                continue
            for i in fixed:
                score = (len(fixed), -abs(math.log10(abs(factor))) if factor > 0 else -0.5)
                if i not in best or score > best[i][0]:
                    best[i] = (score, c, factor, label)
    for i, k in enumerate(cons):
        s = states[i]
        if s == "ok":
            findings.append(Finding("consistent", k.claims, "consistent: " + k.describe(env)))
        elif s == "elsewhere":
            slot, alt = elsewhere[i]
            findings.append(Finding("tension", k.claims, (
                f"tension: {k.describe(env)}. This may be a misreading rather than an error: the check holds with "
                f"{quoted(alt.text)} ({alt.subject}, {alt.period}), stated elsewhere in the text, in place of "
                f"{quoted(by_id[slot].text)}, which may be another quantity or period than read")))
        elif s == "misdated":
            findings.append(Finding("tension", k.claims, (
                f"tension: {k.describe(env)}. A figure for so short a period about as large as the whole period's "
                f"is more likely the whole period's figure dated by a nearby month than an error")))
        elif s == "apart":
            findings.append(Finding("tension", k.claims, (
                f"tension: {k.describe(env)}. The two figures are too far apart for one figure misstated (and no "
                f"slip of scale reconciles them): more likely two different quantities read as one flow")))
        elif s == "unsure":
            why = ", ".join(f"{quoted(c.text)} ({w})" for c, w in doubts[i])
            findings.append(Finding("tension", k.claims, (
                f"tension: {k.describe(env)}. This may be a misreading rather than an error: the text does not "
                f"establish the subject or period of every figure in its own sentence ({why})")))
        elif s == "tension":
            st, co = k.evaluate(env)
            gap = abs(mid(co) - mid(st)) / max(mid(st), mid(co))
            extra = ""
            if k.needed is not None:
                nd = k.needed(env)
                cur = (by_id[k.claims[0]].unit if k.claims[0] in by_id else None) or "USD"
                extra = f" It holds only with a base of about {fmt_money(mid(nd), cur)} {fi(nd, cur)}."
            findings.append(Finding("tension", k.claims, (
                f"tension: {k.describe(env)}. {k.note[:1].upper() + k.note[1:]}; the gap ({gap:.0%}) is within what "
                f"mirror statistics (CIF/FOB, timing) explain.{extra}")))
        else:
            repair = None
            ids = list(k.claims)
            expl = "inconsistent: " + k.describe(env)
            if k.mixed:
                expl += f". {k.note[:1].upper() + k.note[1:]}; the gap is beyond what mirror statistics explain"
            if i in twice:
                expl += (f". The text also gives {quoted(twice[i].text)} for the same flow and period, which fits: one "
                         f"flow stated with two values")
            if i in best:
                _, c, factor, label = best[i]
                val, txt = _suggest_text(c, factor)
                repair = {"claim": c.id, "suggested_value": val, "suggested_text": txt}
                n = best[i][0][0]
                expl += (f". The likely error is {quoted(c.text)}: one edit, {quoted(c.text)} → {quoted(txt)} "
                         f"({label}), makes this{' and ' + str(n - 1) + ' other check(s)' if n > 1 else ''} "
                         f"consistent")
                ids = [c.id] + [x for x in ids if x != c.id]      # the claim to repair comes first
            findings.append(Finding("inconsistent", ids, expl, repair))
    findings += _swapped_direction(claims, env, text)
    findings += _stale(claims, doc_date)
    for c in claims:
        if c.ambiguous_scope:
            findings.append(Finding("ambiguous", [c.id], (
                f"scope unclear: does {quoted(c.text)} count only the {c.unit or 'first item'} or also "
                f"{quoted(c.ambiguous_scope)}? Kept as a lower bound on an unclear total.")))
        if c.kind == "forecast":
            findings.append(Finding("forecast", [c.id], (
                f"verbal probability {quoted(c.text)} about {c.subject or 'an outcome'!s}: read as {c.low:.0%}–{c.high:.0%}"
                f"; horizon not stated. Register it and score it when it resolves.")))
    return findings


def _names_partner(f: Claim, claims: list[Claim], text: str) -> bool:
    # ``claims``: those of f's sentence
    """Whether the words of flow ``f`` since the previous figure of its sentence about something else (its own change
    does not count), or since the sentence's start, name its partner ("Китай импортировал из России товаров на …",
    "Поставки из России в Китай … увеличились на 15,1% и составили …")."""
    start = max([c.span[1] for c in claims if c.span[1] <= f.span[0]
                 and c.subject != f.subject],
                default=f.sentence[0])
    return any(P.country(m.group(1)) == f.partner for m in P.COUNTRY_RE.finditer(text, start, f.span[0]))


def _swapped_direction(claims: list[Claim], env, text: str | None) -> list[Finding]:
    """A pair's turnover stated with two flows of the pair in one passage, both read surely as going the same way,
    none the other way, that add up to the turnover ("Two-way trade reached $79.4 billion, with Vietnamese exports
    to Korea at $53.5 billion … imports from Vietnam $25.9 billion"): one of the two is the flow the other way
    round, its direction swapped (an error kind of issue 11)."""
    from .doubts import one_passage

    def sure(c):
        return c.subject_sure and c.period_sure and c.subject_named and c.id in env and all(
            map(math.isfinite, env[c.id]))
    flows: dict = {}
    in_sentence: dict = {}
    for c in claims:
        in_sentence.setdefault(c.sentence, []).append(c)
        if c.kind == "level" and c.indicator in ("exports", "imports") and c.reporter and c.partner and c.period:
            flows.setdefault((c.period, c.unit, frozenset((c.reporter, c.partner))), []).append(c)
    out = []
    for t in claims:
        if not (t.kind == "level" and t.indicator == "turnover" and t.reporter and t.partner and sure(t)):
            continue
        mine = flows.get((t.period, t.unit, frozenset((t.reporter, t.partner))), [])
        ways = {flow_key(f) for f in mine}
        if len(mine) != 2 or len(ways) != 1 or not all(map(sure, mine)):
            continue
        f1, f2 = mine
        if f1.indicator == f2.indicator:
            continue                                # one country's flow read twice: a misreading of a verb, not a swap
        if text is not None and not all(_names_partner(f, in_sentence[f.sentence], text) for f in mine):
            continue                                # a direction the clause does not state may be misread
        k = type("K", (), {"claims": [t.id, f1.id, f2.id]})()
        if not overlap(env[t.id], add(env[f1.id], env[f2.id])) or not one_passage(k, {c.id: c for c in (t, f1, f2)},
                                                                                   text):
            continue
        cur = t.unit or "USD"
        out.append(Finding("inconsistent", [f1.id, f2.id, t.id], (
            f"inconsistent: {quoted(f1.text)} ({f1.subject}) and {quoted(f2.text)} ({f2.subject}) are both the flow "
            f"from {flow_key(f1)[0]} to {flow_key(f1)[1]} in {t.period}, yet together they make the turnover "
            f"{quoted(t.text)} {fi(env[t.id], cur)}: one of them is the flow the other way round (direction "
            f"swapped)")))
    return out


def _stale(claims: list[Claim], doc_date: str | None) -> list[Finding]:
    latest = [c for c in claims if c.latest_data and c.period]
    if not latest or not doc_date:
        return []
    try:
        d = dt.date.fromisoformat(doc_date[:10])
    except ValueError:
        return []
    ends = [P.parse(c.period)[1] for c in latest if P.parse(c.period)]
    if not ends:
        return []
    end = max(ends)
    doc_m = P.key(d.year, d.month)
    avail_month = doc_m - LAG_MONTHS["month"] - 1        # a month's data are out ~2 months after it ends
    year_end = P.key(end // 12, 12)
    full_year_out = year_end + LAG_MONTHS["year"]          # a year's data are out ~3 months after it ends
    if avail_month - end < 3:
        return []
    yr = end // 12
    why = (f"full-year {yr} data are normally published by {P.fmt((full_year_out, full_year_out))}"
           if doc_m > full_year_out and end % 12 != 11 else
           f"monthly data up to about {P.fmt((avail_month, avail_month))} are normally out by then")
    return [Finding("stale", [c.id for c in latest], (
        f"stale: the text calls data ending {P.fmt((end, end))} 'the most recent', but the document is dated "
        f"{doc_date} and {why}."))]
