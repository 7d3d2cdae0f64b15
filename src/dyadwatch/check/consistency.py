"""Consistency of a document with itself: inconsistent sets, repairs, tensions, staleness, scope, forecasts.

Each violated constraint (see :mod:`frames`) is a smallest inconsistent set: dropping any one of its claims
removes the contradiction. A *mixed* constraint (it joins both countries' statistics) whose mismatch is within
:data:`MIRROR_GAP` is a ``tension``; beyond that it is ``inconsistent``. A single-token repair (×10, ÷10,
×1000, ÷1000, a flipped direction) is proposed when changing one claim fixes violated constraints without
breaking any other.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from . import periods as P
from .frames import Constraint, build, claim_interval, fi, mid, overlap
from .model import Claim, Finding, quoted
from .numbers import fmt_money

#: largest relative gap between mirror statistics that we call a tension rather than an error
#: (CIF/FOB valuation, timing and partner attribution: 10–20% is normal; we allow 35%)
MIRROR_GAP = 0.35
#: months after the end of a period before its statistics are normally published
LAG_MONTHS = {"month": 2, "year": 3}
REPAIRS = [(10.0, "×10"), (0.1, "÷10"), (1000.0, "×1000"), (0.001, "÷1000"), (-1.0, "sign")]


def status(k: Constraint, env) -> str:
    st, co = k.evaluate(env)
    if overlap(st, co):
        return "ok"
    if k.mixed:
        m1, m2 = mid(st), mid(co)
        if m1 > 0 and m2 > 0 and max(m1, m2) / min(m1, m2) <= 1 + MIRROR_GAP:
            return "tension"
    return "violated"


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
    scales = {"million": "billion", "billion": "million", "mn": "bn", "bn": "mn", "m": "bn"}
    if factor in (1000.0, 0.001) and c.scale_text.lower() in scales:
        new = {1000.0: {"million": "billion", "mn": "bn", "m": "bn", "thousand": "million"},
               0.001: {"billion": "million", "bn": "mn", "million": "thousand"}}[factor].get(c.scale_text.lower())
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


#: words that name a trade balance; a sentence using one without a figure read as the balance may have its
#: balance read as a flow ("Der deutsche Exportüberschuss lag bei 46,4 Mrd. Euro")
BALANCE_WORDS = re.compile(r"surplus|deficit|trade balance|сальдо|профицит|дефицит|профіцит|дефіцит|überschuss|"
                           r"defizit|handelsbilanz|saldo", re.IGNORECASE)


def sentences_with_unread_balance(claims: list[Claim], text: str | None) -> set[tuple[int, int]]:
    """The sentences that name a surplus, deficit or balance but in which no figure was read as one."""
    if not text:
        return set()
    has_balance = {c.sentence for c in claims if c.kind == "balance" or c.indicator == "balance"}
    out = set()
    for sent in {c.sentence for c in claims if c.indicator in ("exports", "imports", "turnover")}:
        if sent not in has_balance and BALANCE_WORDS.search(text, sent[0], sent[1]):
            out.add(sent)
    return out


def pronoun_doubts(claims: list[Claim]) -> set[str]:
    """Figures whose flow was carried by a pronoun ("it", "er", "sie", "он") although an earlier figure of the
    same sentence has no trade subject: the pronoun may stand for that figure's noun ("Der Vorsprung schrumpfte
    auf 0,7 Mrd. Euro, nachdem er 2022 noch 50,1 Mrd. Euro betragen hatte": "er" is the lead, not a flow)."""
    out, plain = set(), set()
    for c in claims:                                      # claims are in text order
        if c.__dict__.get("by_pronoun") and c.sentence in plain:
            out.add(c.id)
        if c.value is not None and not c.indicator and c.kind in ("level", "count"):
            plain.add(c.sentence)
    return out


def unsure(k: Constraint, by_id: dict, unread_balance: set | None = None,
           text: str | None = None, pronoun_doubt: set | None = None) -> list[tuple[Claim, str]]:
    """The claims of a check whose meaning the text does not establish in their own sentence, each with the
    reason: a subject filled in from the document's country pair or from an earlier sentence ("subject"), a
    period carried over ("period"), a flow in a sentence that names a balance no figure was read as
    ("may be the balance"), a multiple ("sixfold") measured against a base period the text does not state
    ("base period"). A check resting on such a reading may be misreading the text, not finding an error: it is
    never INCONSISTENT. The *same* check (one flow stated twice) needs both countries named at each statement."""
    out = []
    total = by_id.get(k.claims[0]) if k.kind in ("sum", "balance") else None
    for cid in k.claims:
        c = by_id.get(cid)
        if c is None:
            continue
        if not c.period_sure and not _follows(c, total, text):
            why = "period"
        elif not (c.subject_named if k.kind == "same" else c.subject_sure) and not _part_of(c, total) and not \
                _names_pair(c, total, text):
            why = "subject"
        else:
            why = ""
        if c.unit == "pct" or c.unit == "pp":
            # a change is dated by the levels it links
            why = "" if c.period_sure or c.kind == "change" else "period"
        if (not why and c.kind == "change" and c.__dict__.get("ratio") and not c.__dict__.get("old_id")
                and (p := P.parse(c.period)) and P.parse(c.base_period) == (p[0] - 12, p[1] - 12)):
            why = "base period"                     # "das Sechsfache": of which year's level?
        if not why and unread_balance and c.sentence in unread_balance and c.indicator in (
                "exports", "imports", "turnover"):
            why = "may be the balance"
        if not why and c.id in (pronoun_doubt or ()):
            why = "the pronoun may stand for another noun"
        if why:
            out.append((c, why))
    return out


def _part_of(c: Claim, total: Claim | None) -> bool:
    """A flow stated in the same sentence as the established turnover or balance it is checked against is one
    of its parts ("trade came to $171 billion: exports $61 billion, imports $111 billion"): its countries are
    the total's, whichever way round the flow was read (a sum and a balance of one pair do not depend on it)."""
    return (total is not None and c is not total and c.sentence == total.sentence and total.subject_sure
            and total.period_sure and c.indicator in ("exports", "imports"))


def _follows(c: Claim, total: Claim | None, text: str | None) -> bool:
    """A flow whose period is carried over from the sentence right before it, where the established total it
    is checked against is stated for that period ("Two-way trade came to $18.4 billion in January-March. Korea's
    exports to Japan fell 22% to $6.39 billion, imports …"): the flow continues that total's topic, so its
    period is the total's."""
    return (total is not None and text is not None and c is not total and c.indicator in ("exports", "imports")
            and total.period_sure and total.subject_sure and c.period == total.period
            and (c.subject_sure or _names_pair(c, total, text))
            and total.sentence[1] <= c.sentence[0] and not text[total.sentence[1]:c.sentence[0]].strip())


def _names_pair(c: Claim, total: Claim | None, text: str | None) -> bool:
    """A flow in the sentence right after the established total of a pair, read as a flow of that pair, whose
    sentence names one of the two countries and no other ("Exports to Turkey reached $3.6 billion" after the
    Azerbaijan–Turkey turnover): its other country is the total's other one."""
    if total is None or text is None or c is total or c.indicator not in ("exports", "imports") or not (
            total.subject_sure and total.period_sure and total.sentence[1] <= c.sentence[0]
            and not text[total.sentence[1]:c.sentence[0]].strip()):
        return False
    pair = {total.reporter, total.partner}
    if {c.reporter, c.partner} != pair:
        return False
    named = {P.country(m.group(1)) for m in P.COUNTRY_RE.finditer(text, c.sentence[0], c.sentence[1])} - {None}
    return bool(named) and named <= pair


def check(claims: list[Claim], doc_date: str | None = None, text: str | None = None) -> list[Finding]:
    """Findings of a document about itself; ``text`` (the document) lets the checks see the words of a
    claim's sentence (without it, the balance-word rule of :func:`unsure` is off)."""
    by_id = {c.id: c for c in claims}
    cons = build(claims, text)
    env = {c.id: claim_interval(c) for c in claims if c.value is not None}
    states = [status(k, env) for k in cons]
    unread = sentences_with_unread_balance(claims, text)
    pron = pronoun_doubts(claims)
    doubts = {i: unsure(cons[i], by_id, unread, text, pron) for i, s in enumerate(states) if s == "violated"}
    for i, d in doubts.items():
        if d:
            states[i] = "unsure"
    elsewhere = {}
    for i, s in enumerate(states):
        if s == "violated" and (alt := fits_elsewhere(cons[i], env)) is not None:
            states[i], elsewhere[i] = "elsewhere", alt
        elif s == "violated" and far_apart(cons[i], env):
            states[i] = "apart"
        elif s == "violated" and misdated(cons[i], by_id, env):
            states[i] = "misdated"
        elif s == "violated" and two_sources(cons[i], by_id, text):
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


def fits_elsewhere(k: Constraint, env) -> tuple[str, Claim] | None:
    """Another statement of the total a violated sum or balance computes that the parts do fit (the same
    pair in another period, or the same flow stated again): then the parts are most likely read right and the
    stated total is another quantity or period than the checker read, not an error."""
    for slot, alt in k.alternatives:
        # an open bound ("over $100 billion") fits nearly anything: it says nothing about the parts
        if alt.id not in env or slot not in env or not all(map(math.isfinite, env[alt.id])):
            continue
        saved, env[slot] = env[slot], env[alt.id]
        try:
            ok = status(k, env) != "violated"
        finally:
            env[slot] = saved
        if ok:
            return slot, alt
    return None


#: words that attribute a figure to a source ("according to Chinese customs", "Kazakh statistics show",
#: "по данным", "laut Destatis", "за даними")
SOURCE_WORDS = re.compile(r"according to|\bcustoms\b|statistic|\bdata\b|\bcites?\b|\bput (?:it|trade|the figure)|"
                          r"\bestimate|по данным|по информации|по оценк|статистик|таможн|laut\b|nach Angaben|Angaben|"
                          r"Statisti|Zoll|за даними|статистик|митн", re.IGNORECASE)


def two_sources(k: Constraint, by_id: dict, text: str | None) -> bool:
    """Two statements of one flow (the *same* check) whose sentences each attribute their figure to a source:
    two sources' statistics (mirror data, a ministry and a statistics office), which differ normally; within
    :data:`MIRROR_GAP` that is a tension, not an error."""
    if k.kind != "same" or not text:
        return False
    a, b = (by_id.get(i) for i in k.claims)
    return bool(a and b and SOURCE_WORDS.search(text, *a.sentence) and SOURCE_WORDS.search(text, *b.sentence))


def misdated(k: Constraint, by_id: dict, env) -> bool:
    """A figure for a much shorter period (less than a quarter of the longer one: a month against a year or a
    half-year) that is about as large as the longer period's figure (at most :data:`MIRROR_GAP` above it): more
    likely the whole period's figure dated by a nearby month ("revised figures released in February show …
    for the year") than a month larger than its year. A quarter against its year, a half against its year, and
    a month several times its year (a slip of scale) stay errors."""
    if k.kind != "contains":
        return False
    inner, outer = (by_id.get(i) for i in k.claims)
    pi, po = (P.parse(x.period) if x else None for x in (inner, outer))
    if not (pi and po) or (pi[1] - pi[0] + 1) * 4 >= po[1] - po[0] + 1:
        return False
    a, b = mid(env[inner.id]), mid(env[outer.id])
    return b > 0 and a / b <= 1 + MIRROR_GAP


def far_apart(k: Constraint, env) -> bool:
    """Two statements of one flow (the *same* check) further apart than mirror statistics explain and not
    reconciled by a slip of scale (×10, ×1000): more likely two different quantities read alike (a monthly
    average beside a total, another country's flow) than one figure misstated."""
    if k.kind != "same":
        return False
    st, co = k.evaluate(env)
    a, b = abs(mid(st)), abs(mid(co))
    if not (a and b and math.isfinite(a) and math.isfinite(b)) or max(a, b) / min(a, b) <= 1 + MIRROR_GAP:
        return False
    return not any(overlap((st[0] * f, st[1] * f), co) for f in (10.0, 0.1, 1000.0, 0.001))


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
