"""Links between claims made from their meaning: which level a change leads to and starts from, which two
percentages a figure in points is the difference of, which currency a figure with a scale word and no currency
is in. :func:`relink` replaces the extractor's links (the oracle evaluation uses it: gold claims carry none);
the ``link_unlinked_*`` functions only fill in what the extractor left unlinked (used by :func:`frames.build`).
"""
from __future__ import annotations

import re
import unicodedata

from . import periods as P
from .model import Claim
from .numbers import CURRENCIES

MONEY = CURRENCIES          # every currency of data/check_units.yaml


_WORD_AFTER = re.compile(r"\s*[^\W\d_]")


def elliptic_currency(claims: list[Claim], text: str | None = None) -> None:
    """A sum with a scale word and no currency ("импорт — 2,10 млрд", "davon Exporte 3 Mrd.") is in the
    currency of the money figures of its sentence, when they have one currency: it takes that unit. Not when a
    word follows the scale word (it may be a currency the checker does not know: "(19.9 trillion won)"), nor
    inside parentheses (a conversion)."""
    by_sent: dict = {}
    for c in claims:
        if c.unit in MONEY:
            by_sent.setdefault(c.sentence, set()).add(c.unit)
    for c in claims:
        if c.unit is None and c.scale_text and c.kind in ("level", "balance") and len(by_sent.get(c.sentence, ())) == 1:
            if text is None or text[max(0, c.span[0] - 1):c.span[0]] == "(" or foreign_symbol(c, text):
                continue
            w = _WORD_AFTER.match(text, c.span[1], max(c.span[1], c.sentence[1]))
            # (a capital after a scale word's dot begins the next sentence: "… 0,1 млрд. Киргизская …")
            if w and not (c.text.endswith(".") and w.group(0).strip()[:1].isupper()):
                continue
            c.unit = next(iter(by_sent[c.sentence]))


def foreign_symbol(c: Claim, text: str | None) -> bool:
    """A currency symbol the checker does not read stands right before the figure ("¥4.1 trillion", "₩3
    trillion"), or a "$" that a letter before it makes another dollar ("C$594 billion", "A$", "HK$", "NZ$";
    "US$" is the US dollar): the figure's currency is not the one read (or none)."""
    if not text:
        return False
    a = c.span[0]
    before = text[max(0, a - 1):a]
    if before and unicodedata.category(before) == "Sc":
        return True
    return text[a:a + 1] == "$" and before.isalpha() and text[max(0, a - 2):a] != "US"


def link_unlinked_changes(claims: list[Claim]) -> None:
    """A change the extractor linked to no level ("They fell 16% in 2023 to €2.9 billion") takes the level of
    the same flow and period in its sentence: the first after it, else the nearest."""
    money_by_sentence: dict = {}
    for c in claims:
        if c.unit in MONEY and c.kind in ("level", "balance") and c.period:
            money_by_sentence.setdefault(c.sentence, []).append(c)
    for c in claims:
        if c.kind == "change" and c.unit == "pct" and c.indicator and not c.level_id and c.period:
            same = [x for x in money_by_sentence.get(c.sentence, []) if same_subject(x, c) and x.period == c.period]
            after = [x for x in same if x.span[0] >= c.span[1]]
            if same:
                c.level_id = (after[0] if after else min(same, key=lambda x: abs(x.span[0] - c.span[0]))).id


def link_unlinked_points(claims: list[Claim], text: str | None) -> None:
    """A figure in percentage points the extractor did not link (any kind: a figure in points is a difference)
    is linked to two percentages of its sentence (:func:`_link_points`); any link that fails
    :func:`_plausible_points` is dropped."""
    by_sentence: dict = {}
    for c in claims:
        if c.unit == "pct" and c.kind in ("level", "share"):
            by_sentence.setdefault(c.sentence, []).append(c)
    by_id = {c.id: c for c in claims}
    points: dict = {}
    for c in claims:
        if c.unit == "pp":
            points.setdefault(c.sentence, []).append(c)
    for c in claims:
        if c.unit != "pp" or c.kind == "range" or c.value is None:
            continue
        if "pp_from" not in c.__dict__:
            _link_points(c, by_sentence.get(c.sentence, []), text)
        # every link (the extractor's too) must pass the same test
        f, t = by_id.get(c.__dict__.get("pp_from")), by_id.get(c.__dict__.get("pp_to"))
        if f is not None and t is not None and not _plausible_points(c, f, t, by_sentence.get(c.sentence, []), text,
                                                                     points.get(c.sentence, [])):
            del c.__dict__["pp_from"], c.__dict__["pp_to"]
            c.__dict__.pop("pp_unordered", None)


#: words that set one part of a sentence against another ("…, while Russia's share fell 2 points to 12%")
_CONTRAST = re.compile(r";|\b(?:while|whereas|but|however|während|wogegen|aber|jedoch)\b|(?<![\w\u0400-\u04ff])"
                       r"(?:тогда как|в то время как|тоді як|водночас|но|але|однак|однако)(?![\w\u0400-\u04ff])",
                       re.IGNORECASE)
_TO_AFTER = re.compile(r"\s*(?:to|auf|до)\s+", re.IGNORECASE)


def _plausible_points(c: Claim, f: Claim, t: Claim, pcts: list[Claim], text: str | None,
                      points: list[Claim] = ()) -> bool:
    """Whether a pair of percentages found for a figure in points by position alone is its pair: no contrast
    ("while", "während", "тогда как", ";") between the pair and the figure, the figure does not lead to a
    percentage of its own outside the pair ("fell 2 points to 12%"), and the two are not read as different flows.
    Nor when the figure stands between the two percentages and neither is marked as the earlier ("from") — it
    is then the change of the percentage just before it ("28.5% of exports (+0.7 points) and 21.7% of imports")
    and the two are of one period —, nor when another figure in points stands among the three (each percentage has its own change)."""
    if not text:
        return False
    a, b = min(f.span[0], t.span[0], c.span[0]), max(f.span[1], t.span[1], c.span[1])
    if _CONTRAST.search(text, a, b):                 # anywhere from the first of the three to the last
        return False
    if c.__dict__.get("pp_than"):                    # "N points more than": two shares compared, by its words
        return True
    lo, hi = sorted((f, t), key=lambda x: x.span[0])
    if (lo.span[1] <= c.span[0] and c.span[1] <= hi.span[0] and not (_is_from(f, text) or _is_from(t, text))
            and not (f.period and t.period and f.period != t.period)):
        return False
    if any(x is not c and a <= x.span[0] < b for x in points):
        return False
    m = _TO_AFTER.match(text, c.span[1])
    if m and any(x.span[0] == m.end() and x is not f and x is not t for x in pcts):
        return False
    return not (f.subject and t.subject and f.subject != t.subject)


def comparable(base: str | None, period: str | None) -> bool:
    """Whether a change can compare ``period`` with ``base``: the base ends before the period begins and
    both are equally long ("Q1 2019 down 11%" is not measured against the whole of 2018, and a change is
    never measured against its own period)."""
    b, p = P.parse(base), P.parse(period)
    return bool(b and p and b[1] < p[0] and b[1] - b[0] == p[1] - p[0])


def same_subject(a: Claim, b: Claim) -> bool:
    """Whether two claims speak of one flow (a turnover's two countries in any order)."""
    if a.indicator != b.indicator or not a.indicator:
        return False
    if a.indicator == "turnover":
        return {a.reporter, a.partner} == {b.reporter, b.partner}
    return a.reporter == b.reporter and a.partner == b.partner


def relink(claims: list[Claim], text: str) -> None:
    """Link every change to the levels it joins, from the claims' meaning (subject, period, kind) and their
    sentences only, replacing the extractor's links: the level a change leads to (same flow and period, in
    its sentence, else the nearest in the text), the level it starts from (same flow, an earlier period, in
    its sentence; it sets the base period), and the two percentages a percentage-point change is the
    difference of. Used by the oracle evaluation (gold claims carry no links)."""
    money = [c for c in claims if c.unit in MONEY and c.kind in ("level", "balance") and c.period]
    for c in claims:
        if c.kind != "change":
            continue
        c.__dict__.pop("old_id", None)
        c.level_id = None
        if c.unit == "pp":
            _link_points(c, claims, text)
            continue
        if c.unit != "pct" or not c.indicator or not c.period:
            continue
        mine = [x for x in money if same_subject(x, c)]
        here = [x for x in mine if x.sentence == c.sentence]
        new = [x for x in here if x.period == c.period] or [x for x in mine if x.period == c.period]
        if new:
            after = [x for x in new if x.span[0] >= c.span[1] and x.sentence == c.sentence]
            c.level_id = (after[0] if after else min(new, key=lambda x: abs(x.span[0] - c.span[0]))).id
    # a level another change of the sentence leads to is that change's, not an earlier level of this one ("January
    # was the strongest month at $382.22 million (+17.80%), while April slipped 21.15% to $283.53 million")
    led_to = {(c.level_id, c.sentence) for c in claims if c.kind == "change" and c.level_id}
    for c in claims:
        if c.kind != "change" or c.unit != "pct" or not c.indicator or not c.period:
            continue
        here = [x for x in money if same_subject(x, c) and x.sentence == c.sentence]
        cur = P.parse(c.period)
        olds = [x for x in here if comparable(x.period, c.period) and (
            (x.id, c.sentence) not in led_to or x.id == c.level_id)]
        if olds:
            old = min(olds, key=lambda x: abs(x.span[0] - c.span[0]))
            c.__dict__["old_id"] = old.id
            c.base_period = old.period
        elif cur and not comparable(c.base_period, c.period):
            c.base_period = P.fmt((cur[0] - 12, cur[1] - 12))


_FROM_PCT_WORDS = ("from", "von", "nach", "after", "с", "со", "з", "із", "против", "проти")


def _is_from(x: Claim, text: str | None) -> bool:
    return bool(text) and re.search(r"(?:^|[^\w])(?:" + "|".join(_FROM_PCT_WORDS) + r")\s*$",
                                    text[max(0, x.span[0] - 8):x.span[0]], re.IGNORECASE) is not None


#: a comparison right after a figure in points ("0.9 points more than", "0,9 Prozentpunkte mehr als", "на 0,9 п.п.
#: больше, чем"): the two percentages compared stand before the figure and after these words
_THAN_AFTER = re.compile(r"[^.;:\d%]{0,40}?\b(?:more|less|higher|lower)\s+than\b|[^.;:\d%]{0,40}?\b(?:mehr|weniger|"
                         r"höher|niedriger)\s+als\b|[^.;:\d%]{0,40}?(?<![\w\u0400-\u04ff])(?:больше|меньше|выше|ниже|"
                         r"більше|менше|вище|нижче)(?:,?\s+(?:чем|ніж))?", re.IGNORECASE)


def _link_points(c: Claim, claims: list[Claim], text: str | None) -> None:
    """The two percentages a percentage-point change is the difference of, among the claims of its sentence:
    "from"/"von"/"nach"/"с" marks the earlier one; else two percentages of different periods are ordered by
    period; else, two percentages in a sentence with no order stated, the check compares sizes only
    ("47% against an average of 24%, 13 points more")."""
    pcts = [x for x in claims if x.sentence == c.sentence and x.unit == "pct" and x.kind in ("level", "share")
            and x.value is not None and x is not c]
    if c.indicator:
        pcts = [x for x in pcts if same_subject(x, c)] or pcts
    if len(pcts) < 2 and text and (m := _THAN_AFTER.match(text, c.span[1])):
        # "15.7%, 0.9 points more than Canada with 15.2%": the share before against the one after "more than"
        whole = [x for x in claims if x.sentence == c.sentence and x.unit == "pct" and x.kind in ("level", "share")
                 and x.value is not None and x is not c]
        before = [x for x in whole if x.span[1] <= c.span[0]]
        after = [x for x in whole if x.span[0] >= m.end()]
        if before and after and before[-1].period == after[0].period:
            c.__dict__["pp_from"], c.__dict__["pp_to"] = after[0].id, before[-1].id
            c.__dict__["pp_unordered"] = c.__dict__["pp_than"] = True
        return
    if len(pcts) > 2 and not any(_is_from(x, text) for x in pcts):
        # more than two: the pair just before the figure in points ("47% ... 24%, up 13 points"), else the
        # pair just after it ("up 2.5 points, 14.5% against 12%")
        before = [x for x in pcts if x.span[1] <= c.span[0]]
        pcts = before[-2:] if len(before) >= 2 else [x for x in pcts if x.span[0] >= c.span[1]][:2]
    if len(pcts) < 2:
        return
    frm = [x for x in pcts if _is_from(x, text)]
    if len(pcts) == 2:
        a, b = pcts
        pa, pb = P.parse(a.period), P.parse(b.period)
        if pa and pb and pa != pb:
            f, t = (a, b) if pa < pb else (b, a)
        elif frm:
            f = frm[0]
            t = b if f is a else a
        else:
            f, t = a, b
            c.__dict__["pp_unordered"] = True
    elif frm:
        f = frm[-1]
        later = [x for x in pcts if x.span[0] > f.span[1]]
        if not later:
            return
        t = later[0]
    else:
        return
    c.__dict__["pp_from"], c.__dict__["pp_to"] = f.id, t.id


#: a preposition that makes the country after it a partner ("surplus in trade with China", "профіцит … з КНР")
#: a preposition that makes the country after it a partner ("deficit with Russia", "дефицит торговли с Россией")
WITH_BEFORE = re.compile(r"(?:\bwith|\bmit|\bgegenüber|\bagainst|(?<![\w\u0400-\u04ff])(?:с|со|з|із|зі))\s+$",
                         re.IGNORECASE)


def reown_balances(claims: list[Claim], text: str | None) -> None:
    """A balance read as the balance of a country its sentence names only as the partner, after "with", "mit",
    "с", "з" ("профіцит України в торгівлі з КНР" read as China's), while the sentence names the pair's other
    country otherwise: the balance is that other country's (the surplus or deficit is the owner's, so its sign
    stays). Without such a country the owner stays unestablished (see doubts.owner_unnamed)."""
    if not text:
        return
    for c in claims:
        if c.indicator != "balance" or not c.reporter or not c.partner:
            continue
        as_partner, other = False, set()
        for m in P.COUNTRY_RE.finditer(text, c.sentence[0], c.sentence[1]):
            iso = P.country(m.group(1))
            after_with = bool(WITH_BEFORE.search(text, max(0, m.start() - 12), m.start()))
            if iso == c.reporter:
                if not after_with:
                    break                                 # the owner is named as such: nothing to do
                as_partner = True
            elif iso and not after_with:
                other.add(iso)
        else:
            if as_partner and other == {c.partner}:
                c.reporter, c.partner = c.partner, c.reporter
                c.subject = f"{c.reporter} trade balance with {c.partner}"
                c.__dict__["reowned"] = True


#: words opening a sentence that splits the previous sentence's total ("Of this, …", "Davon …", "Из них …")
_OF_WHICH = re.compile(r"\s*(?:of (?:this|that|which|these)|davon|hiervon|darunter|из (?:них|этого|этой суммы)|"
                       r"з (?:них|цього|цієї суми))\b", re.IGNORECASE)


def of_which_total(claims: list[Claim], text: str | None) -> None:
    """A sum with no flow ("Nach Angaben des Ministeriums summierte er sich auf 65,6 Mrd. Dollar") followed by a
    sentence that opens with "Davon", "Of this", "Из них" and states one pair's exports and imports for the same
    period: the sum is that pair's turnover, split by the next sentence (its subject is established by the split).
    Only when the sum is the only money figure of its sentence and the split names both directions."""
    if not text:
        return
    by_sent: dict = {}
    for c in claims:
        if c.unit in MONEY and c.value is not None:
            by_sent.setdefault(c.sentence, []).append(c)
    starts = {s[0]: s for s in by_sent}
    for sent, cs in by_sent.items():
        if len(cs) != 1:
            continue
        t = cs[0]
        if t.indicator or t.kind != "level" or not t.period or not t.period_sure:
            continue
        nxt = next((starts[i] for i in range(sent[1], min(sent[1] + 3, len(text) + 1)) if i in starts), None)
        if nxt is None or not _OF_WHICH.match(text, nxt[0]):
            continue
        flows = [x for x in by_sent[nxt] if x.indicator in ("exports", "imports") and x.period == t.period
                 and x.unit == t.unit and x.reporter and x.partner and x.subject_sure]
        dirs = {(x.reporter, x.partner) if x.indicator == "exports" else (x.partner, x.reporter) for x in flows}
        if len(dirs) == 2 and len({frozenset(d) for d in dirs}) == 1:
            f = flows[0]   # the first flow's direction (a set's order would change with the hash seed)
            a, b = (f.reporter, f.partner) if f.indicator == "exports" else (f.partner, f.reporter)
            t.indicator, t.reporter, t.partner = "turnover", a, b
            t.subject = f"turnover {a}-{b}"
            t.subject_sure = True
            t.__dict__["of_which"] = True
