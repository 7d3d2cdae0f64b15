"""Extraction: find every numeric claim in a text, with its span, interval, hedge, period and subject.

A small hand-written grammar over regular expressions (no language model): sentences → clauses → number
expressions (money, percentages, changes, ranges, counts, number words, fractions, folds) and verbal
probability statements. Years, dates, model names (T-72A, A-50) and list numbers are not amounts.
"""
from __future__ import annotations

import bisect
import re

from . import periods as P
from .model import Claim
from .numbers import CURRENCY_AFTER, HEDGE_RE, forms_regex
from .numreader import NumberReader
from .subjects import clause_matches, country_matches, find_dyad, trade_subject
from .period_context import (_ALONE, _ATTRIB_AFTER, _ATTRIB_BEFORE, _DASH_ONLY, _FROM_BEFORE, _JUST_PERIOD, _NOW_IN,
                             _OPENS, _POSSESSIVE, _RATE_AFTER, _RESPECTIVELY, _SIGNED, _SUBORDINATE, _TARGET, _dist,
                             _future, _period_rank, _respective_periods, _split_at, _year_before)
from .quantities import (_FRACTION_GATE, _SHARE_WORD, _VERBAL_GATE, _WORD_GATE, _money)

FORECAST_RE = re.compile(
    r"\b(?P<subj>(?:the\s+)?(?:prospects?|probability|chances?|likelihood|risk|possibility|odds)\b[^.;:!?]{0,220}?)"
    r"\b(?:is|are|remains?|seems?|appears?|looks?|was|were)\s+(?:still\s+|now\s+|also\s+)?"
    r"(?P<p>(?:very|fairly|rather|quite|extremely|relatively|increasingly)\s+(?:low|high|slim|small|remote|limited)|"
    r"low|high|slim|small|remote|negligible|minimal|moderate|considerable|significant|substantial)\b"
    r"|\b(?P<subj2>[A-Z][^.;:!?]{0,160}?)\b(?:is|are|remains?|seems?|appears?)\s+(?P<p2>(?:highly|very|most|"
    r"extremely|quite|rather|fairly)?\s*(?:unlikely|likely|improbable|probable|almost certain|virtually certain))"
    r"\s+(?:to|that)\b"
    r"|\bit is (?P<p3>(?:highly |very |most |extremely |quite |rather |fairly )?(?:unlikely|likely|improbable|probable|"
    r"almost certain|virtually certain)) that (?P<subj3>[^.;:!?]{0,160})", re.IGNORECASE)
#: verbal probability -> (low, high) probability (documented in docs/check.md)
VERBAL_PROB = [
    (r"(?:almost|virtually) certain", (0.90, 0.99)), (r"(?:highly|very|most|extremely) likely", (0.80, 0.95)),
    (r"(?:highly|very|extremely) unlikely|(?:very|extremely) (?:low|slim|small)|remote|negligible|minimal|slim",
     (0.01, 0.10)),
    (r"(?:fairly|rather|quite|relatively) unlikely|unlikely|improbable", (0.10, 0.33)),
    (r"(?:fairly|rather|quite|relatively) (?:low|small|limited)|low|small|limited", (0.10, 0.25)),
    (r"likely|probable", (0.55, 0.80)), (r"moderate", (0.30, 0.60)),
    (r"(?:very|extremely) high", (0.80, 0.95)), (r"(?:fairly|rather|quite|relatively) high|high|considerable|"
                                                 r"significant|substantial", (0.55, 0.80)),
]
LATEST_RE = re.compile(r"\b(?:most recent|latest)(?: available)? (?:data|figures|statistics|numbers)|"
                       r"\blatest available\b|\bmost recent available\b", re.IGNORECASE)
ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|No|Nos|Mrd|Mio|Tsd|approx|vs|c|e\.g|i\.e|U\.S|U\.K|St|Jan|Feb|Mar|Apr|"
                    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Art|p|pp|vol|etc|Inc|Ltd|Co|млрд|млн|тыс|руб|долл)|\b[A-Z])$")
SENT_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(\[—–\-*A-ZÀ-ÖØ-Þ\u0400-\u042f\d$\\])|\n\s*\n|\n(?=\s*[-*•])")
CLAUSE_SPLIT = re.compile(r",\s+(?:and|but|while|whereas|а|но|тогда как|в то время как|тоді як|але|und|aber|während)\s+|"
                          r";\s+|\s+(?:while|whereas|but)\s+|,\s+(?=(?:and\s+)?"
                          r"(?:in|by)\s+(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December|\d{4})\b)")
#: what follows a German ordinal's dot that keeps the sentence going ("im 1. Quartal", "vom 3. Platz")
_ORDINAL_SPLIT = re.compile(r"(?:Platz|Rang|Stelle|Quartal|Quartals|Halbjahr|Halbjahres|Jahreshälfte|Januar|Februar|"
                            r"März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")
#: a scale abbreviation after a number: a sentence may end on it ("… $6,2 млрд. В прошлом году …")
_SCALE_ABBREV = re.compile(r"(?:\d\s?(?:млрд|млн|тыс|трлн|Mrd|Mio|Tsd)|(?:млрд|млн|тыс|трлн)\.?\s(?:долл|дол|руб|грн))$")
_CURRENCY_NEXT = re.compile(r"(?:[a-zа-яіїєґäöüß\d]|(?:США|USA|US|(?i:" + forms_regex(CURRENCY_AFTER) + r")|US-Dollar|Tonnen|"
                            r"Barrel|Kubikmeter|Menschen|Personen)(?![\w\u0400-\u04ff]))")
_FORECAST_GATE = ("prospect", "probab", "chance", "likel", "risk", "possib", "odds", "certain")


#: a "sentence" longer than this (a table flattened to text, a list of thousands of numbers) is cut into pieces
#: at a comma, semicolon or space, so that the per-sentence work stays bounded and ``check`` linear in the text
MAX_SENTENCE = 800
#: within a long clause, subjects and periods are looked for this many characters either side of a number
_WINDOW = 300
_CUT = re.compile(r"[,;]\s|\s")


def _pieces(text: str, start: int, end: int):
    while end - start > MAX_SENTENCE:
        lim = start + MAX_SENTENCE
        cut = None
        for m in _CUT.finditer(text, start + MAX_SENTENCE // 2, lim):
            cut = m.end()
        cut = cut or lim
        yield start, cut
        start = cut
    yield start, end


def sentences(text: str) -> list[tuple[int, int, int]]:
    """Sentence spans ``(start, end, paragraph_no)``; paragraphs are separated by blank lines; over-long
    sentences are cut into pieces of at most :data:`MAX_SENTENCE` characters."""
    out = []
    for s, e, p in _sentences(text):
        if e - s > MAX_SENTENCE:
            out.extend((a, b, p) for a, b in _pieces(text, s, e))
        else:
            out.append((s, e, p))
    return out


def _sentences(text: str) -> list[tuple[int, int, int]]:
    out = []
    para = 0
    start = 0
    for m in SENT_END.finditer(text):
        if m.group(0)[0] == "." and ABBREV.search(text[max(0, m.start() - 6):m.start()]) and not (
                _SCALE_ABBREV.search(text, max(0, m.start() - 14), m.start()) and
                not _CURRENCY_NEXT.match(text, m.end())):
            continue                                # "Mrd. Euro" goes on; "… 6,2 млрд. В прошлом году" ends
        if m.group(0)[0] == "." and _ORDINAL_SPLIT.match(text, m.end()) and \
                re.search(r"(?<![\d.,])\d{1,2}$", text[max(0, m.start() - 4):m.start()]):
            continue                                # "im 1. Quartal 2022", "am 12. März": an ordinal, not an end
        end = m.start() + 1
        if text[start:end].strip():
            out.append((start, end, para))
        if "\n\n" in m.group(0).replace(" ", "").replace("\r", "") or re.search(r"\n\s*\n", m.group(0)):
            para += 1
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text), para))
    return out


def clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, cur = [], s
    for m in CLAUSE_SPLIT.finditer(text, s, e):
        out.append((cur, m.start()))
        cur = m.end()
    out.append((cur, e))
    return out


class Extractor(NumberReader):
    def __init__(self, text: str, date: str | None = None):
        self.text = text
        self.date = date
        self.claims: list[Claim] = []
        self.dyad = find_dyad(text)
        self._n = 0
        self._fiscal: tuple[int, str] | None = None   # the fiscal year the text established: (first month, named by)
        self._prev_sure = (False, False)         # the last flow stated: (subject_sure, subject_named)
        #: the document's pair when the text establishes it (each country named at least twice), else empty
        self._firm_dyad = set(self.dyad) if len(self.dyad) == 2 and all(
            n >= 2 for n in _mentions(text, self.dyad)) else set()

    def _new(self, **kw) -> Claim:
        self._n += 1
        c = Claim(id=f"C{self._n}", **kw)
        self.claims.append(c)
        return c

    # ------------------------------------------------------------------ main loop
    def run(self) -> list[Claim]:
        text = self.text
        context_year: int | None = None
        context_period: tuple[int, int] | None = None
        doc = P.G._as_date(self.date) if self.date else None
        topic: tuple[int, int] | None = None     # the latest period the paragraph's figures took so far
        last_own: tuple[int, int] | None = None  # the period the last dated sentence's figures took
        context_unique = False                   # the sentence that set context_period named only that period
        last_para = -1
        prev_subject = None
        for s, e, para in sentences(text):
            if para != last_para:
                context_period, prev_subject, last_para, topic = None, None, para, None
            mentions = P.find_periods(text, s, e, self.date, self.dyad, self._fiscal)
            for m in mentions:                  # the document's fiscal year, once a sentence establishes it
                if m.fiscal:
                    self._fiscal = m.fiscal
            first = len(self.claims)
            self._numbers(s, e)
            low = text[s:e].lower()                 # cheap gates: most sentences have no words to look for
            if any(w in low for w in _WORD_GATE):
                self._words(s, e)
            if any(w in low for w in _FRACTION_GATE):
                self._fractions(s, e)
            if any(w in low for w in _VERBAL_GATE):
                self._verbal(s, e, first)
            if any(w in low for w in _FORECAST_GATE):
                self._forecasts(s, e)
            new = sorted(self.claims[first:], key=lambda c: c.span[0])
            self.claims[first:] = new
            mentions = [m for m in mentions if not any(c.span[0] <= m.start < c.span[1] for c in new)]
            attributive = {}                     # "X's 2022 surplus of $2.2 billion": the year dates the next figure
            for m in mentions:
                if _ATTRIB_BEFORE.search(text, max(s, m.start - 8), m.start) and _ATTRIB_AFTER.match(text, m.end) or \
                        _POSSESSIVE.match(text, m.end):  # "September's decline of 16%", "2022's surplus"
                    nxt = next((c for c in new if c.span[0] >= m.end), None)
                    if nxt is not None:
                        attributive[id(m)] = nxt
            next_fig = {}                        # mention -> the figure right after it ("за январь–август — 3,8 млрд")
            starts = [x.span[0] for x in new]
            for m in mentions:
                i = bisect.bisect_left(starts, m.end)
                if i < len(new) and new[i].span[0] < m.end + 16 and _DASH_ONLY.fullmatch(text, m.end, new[i].span[0]):
                    next_fig[id(m)] = new[i]
            own_after = {}                       # claim id -> the period written right after it ("$5bn in 2021")
            for m in mentions:
                c0 = next((c for c in reversed(new) if c.span[1] <= m.start), None)
                if c0 is None or not _JUST_PERIOD.fullmatch(text, c0.span[1], m.start):
                    continue
                own_after[c0.id] = m
                if not m.base and c0.kind != "change" and _FROM_BEFORE.search(text, max(s, c0.span[0] - 12),
                                                                              c0.span[0]):
                    m.base = True                # "from €20 million in 2021 to …": the year of the base only
            own_before = {}                      # claim id -> a comparison period written just before it, then
            for m in mentions:                   # "(" or a dash: "… прошлого года ($3,8 млрд)", "годом ранее — $1 млрд"
                i = bisect.bisect_left(starts, m.end)
                if i < len(new) and _OPEN_BEFORE.fullmatch(text, m.end, new[i].span[0]):
                    own_before[new[i].id] = m
            # periods -------------------------------------------------------------
            if context_year is None and doc is not None:
                # a month or quarter without a year before any year is named: the latest one by the document's
                # date ("in October", written on 28 November 2019, is October 2019)
                for m in mentions:
                    if m.period is None and m.months and not m.same_period and not m.earlier:
                        context_year = doc.year - (1 if m.months[1] > doc.month else 0)
                        break
            main = [m for m in mentions if not m.base]
            year0 = context_year
            if main:
                for m in main:
                    if m.earlier or m.same_period:
                        continue                    # "a year earlier" does not set the year of the sentence
                    p = P.resolve(m, context_year, context_period)
                    if p is not None:
                        context_year = P.year_of(p)
                        if year0 is not None:
                            break
            # a subordinate clause ("…, nachdem er 2022 noch …", "…, after it had …", "…, когда …") has its own period
            sent_clauses = [p for a, b in clauses(text, s, e) for p in _split_at(_SUBORDINATE, text, a, b)]
            resolvable = [m for m in main if m.earlier or P.resolve(m, context_year, context_period) is not None]
            for c in new:
                if c.kind == "forecast":
                    continue
                cands = resolvable
                cl = next(((a, b) for a, b in sent_clauses if a <= c.span[0] < b), (s, e))
                inc = [m for m in cands if cl[0] <= m.start < cl[1]]
                if inc:
                    cands = inc
                elif cands:
                    # no period in the claim's clause: one written before it in the sentence; else the period
                    # in context (a later clause's period belongs to that clause: "… auf 64,7 Mrd. Euro zurück;
                    # im 1. Quartal 2022 hatte …"); only without a context the period of a later clause
                    before = [m for m in cands if m.end <= c.span[0] and not (
                        doc is not None and m.period is not None and _future(m.period, doc))]
                    # … or a trailing one that no other figure stands before ("$89 billion recorded a decade
                    # earlier, in 2013")
                    trail = [m for m in cands if m.start >= c.span[1] and not any(
                        x is not c and c.span[1] <= x.span[0] < m.start for x in new) and not any(
                        a <= m.start < b and any(a <= x.span[0] < b for x in new) for a, b in sent_clauses)]
                    cands = before or trail or ([] if context_period is not None else cands)
                if len(cands) > 8:                       # a long piece: only mentions near the number compete
                    cands = [m for m in cands if abs(m.start - c.span[0]) < _WINDOW] or cands
                # "a year earlier", "im Vorjahreshalbjahr" date only the figure they follow; an attributive year
                # ("Kazakhstan's 2022 surplus of …") only the first figure after it
                # (… or open the sentence: "Im Vorjahr hatte der Abstand …", "A year earlier, exports were …")
                cands = [m for m in cands if (not m.earlier or own_after.get(c.id) is m or
                                              _OPENS.fullmatch(text, s, m.start)) and not (
                    id(m) in attributive and attributive[id(m)] is not c)]
                # a rate ("$100 billion a year", "11 млн тонн в год") whose clause names no period has none: the
                # period in context is not carried to it
                free = not inc and (_RATE_AFTER.match(text, c.span[1]) is not None or
                                    _TARGET.search(text, cl[0], c.span[0]) is not None or
                                    _NOW_IN.search(text, cl[0], c.span[0]) is not None)
                if free:
                    cands = []
                att = [m for m in mentions if attributive.get(id(m)) is c]
                if att and own_after.get(c.id) is None:
                    cands = att[-1:]             # "than September's decline of 16%": its own, even in a comparison
                ob = own_before.get(c.id)
                if ob is not None and (ob.base or ob.same_period or ob.earlier):
                    cands = [ob]                 # "… за аналогичный период прошлого года ($3,8 млрд)"
                oa = own_after.get(c.id)
                if oa is not None and oa.base and c.kind != "change" and (
                        oa.period is not None or oa.months or oa.same_period or oa.earlier):
                    cands = [oa]
                if cands:
                    # a period written after this figure but just before another one is that one's ("за
                    # январь–июль … 3,4 млрд, за январь–август — 3,8 млрд")
                    best = min(cands, key=lambda m: _period_rank(text, m, c) + (
                        200 if m.start >= c.span[1] and next_fig.get(id(m), c) is not c and
                        _period_rank(text, m, c) > 0 else 0))
                    cur = context_period
                    opening = best.earlier and _OPENS.fullmatch(text, s, best.start) is not None
                    if (best.earlier or best.same_period) and not opening:   # before the figures before it
                        prev = next((P.parse(x.period) for x in reversed(new[:new.index(c)]) if x.period), None)
                        cur = prev or (last_own if best.same_period and best.year_shift == 0 and last_own else cur)
                    c.period = P.fmt(P.resolve(best, context_year, cur))
                    c.period_sure = c.period is not None
                    c.__dict__["own_period"] = c.period_sure
                    if opening:
                        c.__dict__["comparison"] = True   # a look back does not move the period in context
                elif context_period is not None and not free:
                    c.period = P.fmt(context_period)
                    # carried over: sure only when the sentence it comes from named no other period
                    c.period_sure = context_unique
                day = P.day_alone(text, cl[0], c.span[0], context_year, doc)
                if day is not None:              # "On 12 March alone, 1,400 lorries …": that day's
                    c.period, c.period_sure = day, True
                if c.kind == "change":
                    bases = [m for m in mentions if m.base]
                    cur = P.parse(c.period)
                    if bases:
                        b = min(bases, key=lambda m: _dist(m.start, m.end, *c.span))
                        c.base_period = P.fmt(P.resolve(b, P.year_of(cur), cur))
                    elif cur is not None:
                        c.base_period = P.fmt((cur[0] - 12, cur[1] - 12))
            if "respectiv" in low or "соответственно" in low or "відповідно" in low:
                _respective_periods(text, s, e, new, mentions, context_year, context_period)
            for a_, b_ in zip(new, new[1:]):
                # a comparison pair without a period of its own: the earlier figure is the same quantity a year
                # before ("949 Mio. Dollar nach 451 Mio. Dollar", "$3,4 млрд против $2,8 млрд", "narrowed to $30.8
                # billion from $51.1 billion", "fell from €1.36 billion to €1.03 billion", "sank von 20,2 % auf
                # 19,9 %", "з 28,1 млрд до 20,3 млрд")
                if a_.kind != b_.kind or a_.unit != b_.unit or a_.kind not in ("level", "share", "balance"):
                    continue
                if _BASE_BETWEEN.fullmatch(text, a_.span[1], b_.span[0]):
                    now, old = a_, b_
                elif _TO_BETWEEN.fullmatch(text, a_.span[1], b_.span[0]) and _FROM_BEFORE.search(
                        text, max(s, a_.span[0] - 12), a_.span[0]) and a_.period == b_.period:
                    now, old = b_, a_
                else:
                    continue
                pa = P.parse(now.period)
                if pa is not None and own_after.get(old.id) is None:
                    old.period = P.fmt((pa[0] - 12, pa[1] - 12))
                    old.__dict__["comparison"] = True
            own = [c.period for c in new if c.period and c.kind != "forecast" and not c.__dict__.get("comparison")
                   and len(c.period) != 10]     # (a day named as an aside is not the period in context)
            if doc is not None:                     # a period after the document's date is the horizon of a target
                own = [x for x in own if not _future(P.parse(x), doc)]   # ("$10 billion by 2030"): never carried
            if own and any(c.__dict__.get("own_period") for c in new):
                # the period in context for the next sentence: the one most of this sentence's figures take (a
                # comparison figure, "nach 17,5 Mrd. Euro ein Jahr zuvor", "than the $24.2 billion recorded in
                # 2022", does not move the topic); (see the tie rule below)
                counts = {}
                for x in own:
                    counts[x] = counts.get(x, 0) + 1
                top = max(counts.values())
                # a tie goes to the latest period (comparisons look back: "€6.3 billion in 2021, rose to €9.73
                # billion in 2022 and to €11.4 billion in 2023")
                p_own = max((P.parse(x) for x in counts if counts[x] == top), key=lambda k: (k[1], k[0]))
                context_unique = len(counts) == 1
                last_own = p_own                 # "за тот же период" in the next sentence means this one
                if context_period is not None and context_period[0] <= p_own[0] and p_own[1] <= context_period[1] \
                        and p_own != context_period and _ALONE.search(text, s, e):
                    p_own = context_period       # "In the first quarter alone …": an aside within the period in context
                if topic is not None and p_own[1] < topic[0]:
                    # a sentence about an earlier period is a look back: the next one returns to the text's
                    # latest period ("… 2023 … In 2022 exports were X. Imports came to Y" dates Y 2023)
                    p_own = topic
                context_period = p_own
                context_year = P.year_of(p_own)
                if topic is None or p_own[1] > topic[1]:
                    topic = p_own
            elif main:
                # a look back ("Im Vorjahr hatte …", "Годом ранее …") in a sentence whose figures took the period
                # in context does not move that period
                last = max(main, key=lambda m: m.start)
                p = P.resolve(last, _year_before(mentions, last.start, context_year, context_period), context_period)
                if new and last.earlier or doc is not None and _future(p, doc):
                    p = None
                if p is not None:
                    dated = {c.period for c in new if c.period and c.kind != "forecast"}
                    context_unique = dated == {P.fmt(p)} or len({P.fmt(P.resolve(
                        m, _year_before(mentions, m.start, context_year, context_period), context_period))
                        for m in main}) == 1
                    context_period = p
            # subjects -------------------------------------------------------------
            if new:
                prev_subject = self._subjects(new, s, e, prev_subject)
            elif e - s < MAX_SENTENCE and _FLOW_WORDS.search(text, s, e):
                # a sentence without numbers can still name the flow the next one calls "it"/"sie"/"он"
                subj = trade_subject(text, s, e, (e, e), self.dyad, None, clause_matches(text, s, e))
                if subj is not None and subj[0] in ("exports", "imports") and subj[1] and subj[2]:
                    prev_subject = subj
                    self._prev_sure = (self._sure_flow(subj, s, e),) * 2
            self._respectively(new, s, e)
            self._link(new)
            if LATEST_RE.search(text, s, e):
                for c in new:
                    c.latest_data = True
            if new:
                self._sure(new, s, e)
        return self.claims

    def _sure(self, new: list[Claim], s: int, e: int) -> None:
        """Mark each claim whose subject is established by its own sentence (see Claim.subject_sure); a period
        carried over from an earlier sentence is not established when the claim's own sentence names a period
        that none of its figures took ("Im Vorjahr hatte der Abstand noch 50,1 Mrd. Euro betragen": the look back
        was not read, so the figure kept the paragraph's year)."""
        carried = [c for c in new if c.period_sure and not c.__dict__.get("own_period")]
        if carried:
            spans = [c.span for c in new]
            own = [m for m in P.find_periods(self.text, s, e, self.date, self.dyad, self._fiscal)
                   if not m.base and not any(a <= m.start < b for a, b in spans)]
            # a period no figure of the sentence took (more periods named than figures dated by them)
            if len(own) > sum(1 for c in new if c.__dict__.get("own_period")):
                for c in carried:
                    c.period_sure = False
        named = None
        for c in new:
            if not (c.reporter and c.partner):
                continue
            if c.__dict__.get("by_topic"):
                c.subject_sure = c.subject_named = False
                continue
            if c.__dict__.get("by_pronoun"):
                # "Sie stiegen um 21 Prozent": the flow named in the sentence before
                c.subject_sure, c.subject_named = self._prev_sure
                continue
            if named is None:
                named = {iso for m in country_matches(self.text, s, e) if (iso := P.country(m.group(1)))}
            both = {c.reporter, c.partner}
            c.subject_named = both <= named
            # one of the pair named and the other the document's other country, no third country named; a
            # turnover "between the two states" needs no name
            c.subject_sure = c.subject_named or (both <= self._firm_dyad and named <= self._firm_dyad and (
                bool(both & named) or c.indicator == "turnover"))
            if not c.subject_sure:
                # "Sie stiegen um 21 Prozent auf 78,4 Milliarden Euro": the subject an earlier figure of the
                # sentence established
                twin = next((x for x in new if x.span[0] < c.span[0] and x.subject == c.subject and x.subject_sure), None)
                if twin is not None:
                    c.subject_sure, c.subject_named = True, twin.subject_named
        flows = [c for c in new if c.indicator in ("exports", "imports", "turnover") and c.reporter and c.partner]
        if flows:
            self._prev_sure = (flows[-1].subject_sure, flows[-1].subject_named)

    def _sure_flow(self, subj, s: int, e: int) -> bool:
        """Whether both countries of a flow named by a sentence without numbers are named there."""
        named = {iso for m in P.COUNTRY_RE.finditer(self.text, s, e) if (iso := P.country(m.group(1)))}
        return {subj[1], subj[2]} <= named

    def _recent(self, since: int):
        """The claims found so far that end after offset ``since``, last first (stops there: stays linear)."""
        for x in reversed(self.claims):
            if x.span[1] < since:
                return
            yield x

    def _in_sentence(self, s: int):
        """This sentence's claims found so far, last first."""
        for x in reversed(self.claims):
            if x.sentence[0] != s:
                return
            yield x

    def _previous(self, s: int, pos: int) -> Claim | None:
        """The last claim found in this sentence before offset ``pos``."""
        for c in reversed(self.claims):
            if c.sentence[0] != s:
                return None
            if c.span[1] <= pos:
                return c
        return None

    def _forecasts(self, s: int, e: int) -> None:
        for m in FORECAST_RE.finditer(self.text, s, e):
            g = "p" if m["p"] else ("p2" if m["p2"] else "p3")
            phrase = m[g].strip()
            lo, hi = next(r for pat, r in VERBAL_PROB if re.fullmatch(pat, phrase.lower()))
            subj = (m["subj"] or m["subj2"] or m["subj3"] or "").strip()
            start, end = m.start(g), m.end(g)
            self._new(text=self.text[start:end], span=(start, end), kind="forecast", value=round((lo + hi) / 2, 3),
                      low=lo, high=hi, unit="probability", hedge=phrase.lower(), subject=subj[:160] or None,
                      number_text=phrase, sentence=(s, e))

    # ------------------------------------------------------------------ subjects and links
    def _subjects(self, new: list[Claim], s: int, e: int, prev_subject):
        cls = clauses(self.text, s, e)
        sent_subject = None
        seen: dict = {}                                  # clause -> its subject-pattern matches
        memo: dict = {}                                  # match -> what it says (trade_subject, perf)
        for c in new:
            if c.kind == "forecast" or (c.kind in ("count", "range") and c.unit not in (None, "pct", "pp")
                                        and not _money(c)):
                continue
            cs, ce = next(((a, b) for a, b in cls if a <= c.span[0] < b), (s, e))
            if (cs, ce) not in seen:
                seen[(cs, ce)] = clause_matches(self.text, cs, ce)
            ms = seen[(cs, ce)]
            if ce - cs > _WINDOW * 2:                    # a long clause: only matches near the number compete
                ms = tuple([x for x in part if abs(x[-1].start() - c.span[0]) < _WINDOW] if part and
                           isinstance(part[0], tuple) else [x for x in part if abs(x.start() - c.span[0]) < _WINDOW]
                           for part in ms)
            # the other numbers of the clause after this one (only the last of them matters to trade_subject)
            later = next(([x.span[0]] for x in reversed(new) if x is not c and c.span[1] < x.span[0] < ce
                          and x.kind != "forecast"), [])
            subj = trade_subject(self.text, cs, ce, c.span, self.dyad, sent_subject, ms, later, prev_subject,
                                 memo)
            if subj is None and sent_subject is not None and c.unit not in ("pp",) and not _TOTAL_WORD.search(
                    self.text, cs, ce):                  # "die Ausfuhren insgesamt": not the flow named before
                subj = sent_subject
            if subj is None and prev_subject is not None and re.search(
                    r"\b(?:it|this|the figure|the value|they|sie|er|(?:waren|sind|war|ist)\s+es)\b|(?<![\w\u0400-\u04ff])(?:он|она|оно|они|він|"
                    r"вона|воно|вони)(?![\w\u0400-\u04ff])", self.text[cs:c.span[0]], re.I):
                subj = prev_subject
                c.__dict__["by_pronoun"] = True
            if subj is None and prev_subject is not None and prev_subject[0] in _TOPIC_FLOWS and (
                    _money(c) or c.kind == "change") and not _FLOW_WORDS.search(self.text, cs, ce) and \
                    not _SHARE_WORD.search(self.text, cs, ce) and not _TOTAL_WORD.search(self.text, cs, ce) and \
                    _names_only(self.text, s, e, prev_subject[1:]) and (
                    prev_subject[0] == "turnover" or not _PART_FLOW.search(self.text, cs, ce)):
                # "For 2022 as a whole Moscow cites a record $65 billion": the turnover the text is about (a guess:
                # never "sure", so no check calls it an error)
                subj = prev_subject
                c.__dict__["by_topic"] = True
            if subj is None or subj[0] in ("exports", "imports") and _money(c) and _product_part(self.text, c.span[1]):
                continue                                 # "$44 billion of farm products": a part of the flow
            if subj[0] in ("exports", "imports") and c.unit == "pct":
                w = _SHARE_FLOW_AFTER.match(self.text, c.span[1])
                if w and w["w"].lower().startswith(("imp", "einf", "purch", "имп", "імп")) != (subj[0] == "imports"):
                    # "China bought 15% of Vietnam's exports and supplied 32.8% of its imports", "nahm 15,6 % der
                    # Exporte ab und lieferte 24,9 % der Importe", "47% экспорта и 31% импорта": the flow the share
                    # is of, named right after it, with the same two countries
                    subj = ("imports" if subj[0] == "exports" else "exports",) + tuple(subj[1:])
            c.indicator, c.reporter, c.partner = subj
            c.subject = _subject_text(*subj)
            if c.indicator == "balance" and c.value is not None and _is_deficit(self.text, cs, c.span) and \
                    c.kind == "level":
                c.value, c.low, c.high = -c.value, -c.high, -c.low
            if c.indicator == "balance" and c.kind == "level":
                c.kind = "balance"
            sent_subject = subj
        return sent_subject or prev_subject

    def _respectively(self, new: list[Claim], s: int, e: int) -> None:
        seg = self.text[s:e]
        if len(new) < 2 or not _RESPECTIVELY.search(seg):
            return
        self._respectively_order(new, s, e)
        if "respectively" not in seg.lower():
            return
        # "exports to and imports from China", "China's exports to Russia and its imports from Russia"
        ind = re.search(r"\b(exports|imports|turnover|trade balance)\b(?:\s+(?:to|from|of)(?:\s+" + P.COUNTRY_NC + r")?)?"
                        r"(?:\s*,\s*|\s+and\s+)(?:(?:\w+\s+){0,2})"
                        r"\b(exports|imports|turnover|trade balance)\b", seg, re.I)
        yrs = re.search(r"\bin\s+((?:19|20)\d\d)\s+and\s+((?:19|20)\d\d),?\s+respectively", seg, re.I)
        group = [c for c in new if c.kind != "forecast"]
        if ind:
            names = [ind.group(1).lower(), ind.group(2).lower()]
            tail = [c for c in group if c.span[0] > s + ind.end()]
            by_kind = {}
            for c in tail:
                by_kind.setdefault(c.kind, []).append(c)
            for cl in by_kind.values():
                if len(cl) == 2:
                    for c, nm in zip(cl, names):
                        nm = "balance" if "balance" in nm else nm
                        c.indicator = nm
                        if c.reporter is None and self.dyad:
                            c.reporter = self.dyad[0]
                        if c is cl[1] and {names[0], nm} == {"exports", "imports"} and cl[0].reporter and \
                                cl[0].partner:
                            # one country's exports and imports: the same two countries
                            c.reporter, c.partner = cl[0].reporter, cl[0].partner
                        c.subject = _subject_text(c.indicator, c.reporter, c.partner)
        two = _RESP_SUBJECTS.search(self.text, s, e)
        if two and not ind:
            a, b = P.country(two.group("a")), P.country(two.group("b"))
            money = [c for c in group if c.span[0] > two.end() and _money(c)][:2]
            if a and b and a != b and len(money) == 2:
                verb = two.group("v").lower()
                indicator = "imports" if verb.startswith(("import", "bought", "purchas")) else "exports"
                for c, (rep, par) in zip(money, ((a, b), (b, a))):
                    c.indicator, c.reporter = indicator, rep
                    if c.partner in (None, a, b):
                        c.partner = par
                    c.subject = _subject_text(c.indicator, c.reporter, c.partner)
        if yrs:
            money = [c for c in group if c.span[0] < s + yrs.start()][-2:]
            for c, y in zip(money, (yrs.group(1), yrs.group(2))):
                c.period, c.period_sure = y, True

    def _respectively_order(self, new: list[Claim], s: int, e: int) -> None:
        """Two figures before "respectively" take, in order, the subjects named for them: the two flows stated just
        before ("sold $4 billion and bought $3 billion, 5% and 2% more respectively") or the two countries of an
        "A and B" before them, as the partners of the flow they were read with ("France and Spain followed with
        $9 billion and $7 billion respectively")."""
        text = self.text
        resp = _RESPECTIVELY.search(text, s, e)
        group = [c for c in new if c.kind != "forecast"]
        figs = [c for c in group if c.span[1] <= resp.start()][-2:]
        if len(figs) != 2 or not _AND_ONLY.fullmatch(text, figs[0].span[1], figs[1].span[0]):
            return
        earlier = [c for c in group if c.span[1] <= figs[0].span[0] and c.kind in ("level", "balance") and
                   c.indicator in ("exports", "imports", "turnover", "balance") and c.reporter and c.partner][-2:]
        if figs[1].kind == "change" and figs[0].unit == figs[1].unit and len(earlier) == 2 and earlier[0].subject != earlier[1].subject \
                and figs[0].subject == figs[1].subject:
            for c, x in zip(figs, earlier):
                c.indicator, c.reporter, c.partner, c.subject = x.indicator, x.reporter, x.partner, x.subject
            return
        two = None
        for m in _RESP_PAIR.finditer(text, max(s, figs[0].span[0] - 200), figs[0].span[0]):
            two = m
        if two is None or _RESP_SUBJECTS.match(text, two.start()):
            return
        a, b = P.country(two["a"]), P.country(two["b"])
        if not a or not b or a == b or any(two.end() <= c.span[0] < figs[0].span[0] for c in group):
            return
        home = self.dyad[0] if self.dyad else None
        for c, x in zip(figs, (a, b)):
            if c.indicator in ("exports", "imports", "balance") and c.reporter and c.reporter not in (a, b):
                c.partner = x
            elif c.indicator == "turnover" and home and home in (c.reporter, c.partner) and x != home:
                c.reporter, c.partner = sorted((home, x))
            else:
                continue
            c.subject = _subject_text(c.indicator, c.reporter, c.partner)

    def _link(self, new: list[Claim]) -> None:
        pcts = [x for x in new if x.unit == "pct" and x.kind in ("level", "share") and x.value is not None]
        for c in new:
            if c.unit == "pp" and c.kind == "change" and len(pcts) >= 2:
                # "rose from 14.5% to 16.0%, a gain of 2.5 percentage points": to − from = the change
                frm = [x for x in pcts if x.span[1] <= c.span[0] and _FROM_PCT.search(self.text, max(0, x.span[0] - 8),
                                                                                         x.span[0])]
                if frm:
                    tos = [x for x in pcts if frm[-1].span[1] < x.span[0] and _TO_PCT.search(
                        self.text, max(0, x.span[0] - 8), x.span[0])]
                    if tos:
                        c.__dict__["pp_from"], c.__dict__["pp_to"] = frm[-1].id, tos[0].id
        for c in new:
            if c.kind != "change":
                continue
            levels = [x for x in new if x.kind in ("level", "balance") and x.subject == c.subject and _money(x)]
            after = [x for x in levels if x.span[0] >= c.span[1] and
                     re.match(r"[\s,]*(?:to|at|reaching|and stood at)\s", self.text[c.span[1]:x.span[0]] + " ")]
            frm = [x for x in levels if x.span[1] <= c.span[0] + 200 and re.search(
                r"\bfrom\s+$", self.text[max(0, x.span[0] - 6):x.span[0]])]
            old = frm[0] if frm else None
            if old is not None:
                rest = [x for x in levels if x is not old and x.unit == old.unit]   # one currency: not a conversion
                tos = [x for x in rest if x.span[0] > old.span[1] and re.match(
                    r"\s*(?:in\s+\d{4}\s+)?to\s", self.text[old.span[1]:x.span[0]])]
                newl = tos[0] if tos else (after[0] if after else (min(rest, key=lambda x: abs(x.span[0] - c.span[0]))
                                                                   if rest else None))
                if newl is not None:
                    if (old.period and newl.period == old.period and c.period and c.period != old.period
                            and newl.span[0] > old.span[1]):
                        # "dropped by a third in 2021, from $900 million in 2020 to $600 million": the "to"
                        # figure is dated by the change, not by the base year written just before it
                        newl.period = c.period
                        newl.period_sure = c.period_sure
                    c.level_id = newl.id
                    c.period = newl.period or c.period
                if old.period and old.period != c.period:
                    c.base_period = old.period
                elif c.base_period:
                    old.period = c.base_period
                c.__dict__["old_id"] = old.id
                continue
            before = [x for x in levels if x.span[1] <= c.span[0] and x.period == c.period]
            if after:
                c.level_id = after[0].id
            elif before:
                c.level_id = before[-1].id


#: what stands between a comparison period and the figure it dates: a bracket or dash ("… прошлого года ($3,8 млрд)"),
#: "mit" ("im Vorjahreszeitraum mit 28,7 Mio. Tonnen"), or a "when" clause ("the same period of 2022, when it stood
#: at $1.4 billion", "mehr als 2022, als es 45,6 Mrd. Złoty waren", "чем в 2021 году, когда он составил")
_OPEN_BEFORE = re.compile(r"(?:\s+(?:годом|году|года|год|роком|році|року|рік|г\.|р\.))?"
                          r"\s*(?:\(|[—–]\s*|\s-\s*|,?\s*(?:mit|with)\s+|,\s*(?:when|als|da|wo|когда|коли|где|де)\s"
                          r"[^,;.\d()$€£]{0,40}?)\s*", re.IGNORECASE)
#: between an amount and its year-earlier comparison: "949 Mio. Dollar nach 451 Mio. Dollar", "$3,4 млрд против
#: $2,8 млрд", "3,1 млрд проти 2,7 млрд", "to $30.8 billion from $51.1 billion"; or its "to" ("from X to Y")
#: (also ", up from", and a balance named between: "von einem Plus von 156 Mio. auf ein Minus von 519 Mio.")
_BASE_BETWEEN = re.compile(r",?\s*(?:(?:up|down)\s+)?(?:nach|против|проти|from)\s+" + _SIGNED + r"(?:(?:" + HEDGE_RE +
                           r")\s+)?", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"\s*(?:to|auf|до|bis)\s+" + _SIGNED + r"(?:(?:" + HEDGE_RE + r")\s+)?", re.IGNORECASE)
_DEFICIT = re.compile(r"deficit|defizit|importüberschuss|einfuhrüberschuss|\bimport\s+surplus|дефицит|дефіцит|отрицательн|негативн|від.ємн|\bnegative|"
                      r"\bminus\b|минус|мінус", re.I)
_SURPLUS = re.compile(r"(?<!import\s)surplus|(?<!import)(?<!einfuhr)überschuss|\bExportüberschuss|профицит|профіцит|положительн|позитивн|"
                      r"\bpositive", re.I)


def _is_deficit(text: str, cs: int, span) -> bool:
    """Whether a balance is a deficit: the nearest balance word before the figure in its clause ("surplus of
    $2.2 billion into a deficit of …" is a surplus), else one just after it ("$1.2 billion deficit")."""
    before = text[max(cs, span[0] - 90):span[0]]
    words = [(m.start(), True) for m in _DEFICIT.finditer(before)] + [(m.start(), False) for m in _SURPLUS.finditer(before)]
    if words:
        return max(words)[1]
    after = text[span[1]:span[1] + 40]
    d, sp = _DEFICIT.search(after), _SURPLUS.search(after)
    return bool(d) and (sp is None or d.start() < sp.start())


#: a total of a flow ("die Ausfuhren insgesamt", "total exports"), not of a period ("im gesamten ersten Halbjahr",
#: "over the total period", "за весь год")
_TOTAL_WORD = re.compile(r"(?:\b(?:insgesamt|in\s+total|overall|total|gesamte[nrs]?)\b|(?<![\w\u0400-\u04ff])(?:всего|в\s+целом|загалом|общ[\u0400-\u04ff]*|загальн[\u0400-\u04ff]*|"
                         r"усього)(?![\w\u0400-\u04ff]))(?!\s+(?:[\w\u0400-\u04ff]+\s+)?(?:Jahr|Halbjahr|Quartal|Monat|Zeitraum|"
                         r"year|half|quarter|month|period|год|полугод|квартал|месяц|период|рік|півріч|місяц|період)"
                         r"(?![a-z]))", re.IGNORECASE)
_FROM_PCT = re.compile(r"(?:\bfrom|\bvon|(?<![\w\u0400-\u04ff])(?:с|со|з|із))\s+$", re.IGNORECASE)
_TO_PCT = re.compile(r"(?:\bto|\bauf|(?<![\w\u0400-\u04ff])до)\s+$", re.IGNORECASE)
#: "Armenia and Georgia exported $2.1bn and $0.8bn respectively": one subject each
_RESP_SUBJECTS = re.compile(r"(?P<a>" + P.COUNTRY_NC + r")\s+(?:and|und|и|і|та)\s+(?P<b>" + P.COUNTRY_NC +
                            r")\s+(?:\w+\s+){0,2}?(?P<v>exported|imported|exports|imports|sold|shipped|bought|purchased)\b",
                            re.IGNORECASE)


#: a flow of one kind of goods: "$44 billion of Vietnamese farm products", "$34 billion worth of agricultural goods"
#: (not "of goods", "of its goods", "of Brazilian goods", "of goods and services")
_PRODUCT_AFTER = re.compile(r"\s*(?:worth\s+)?of\s+(?:" + P.COUNTRY_NC + r"\s+)?(?P<q>(?:[a-z-]+\s+){1,2})"
                            r"(?:goods|products|produce|commodities)\b", re.IGNORECASE)
_NOT_PRODUCT = {"its", "their", "his", "her", "the", "all", "those", "these", "such", "other", "worth", "of", "and",
                "total", "merchandise", "domestic", "foreign", "imported", "exported", "non-oil", "more", "most"}


def _product_part(text: str, end: int) -> bool:
    m = _PRODUCT_AFTER.match(text, end)
    return m is not None and any(w.lower() not in _NOT_PRODUCT and P.country(w) is None for w in m["q"].split())


#: between the two figures of "X and Y respectively" (with an optional word: "$4 billion and $3 billion", "5% и 2%")
_AND_ONLY = re.compile(r"\s*,?\s*(?:and|und|и|і|та)\s+", re.IGNORECASE)
#: two countries joined by "and": "France and the UK", "Germany and the Netherlands"
_RESP_PAIR = re.compile(r"(?P<a>" + P.COUNTRY_NC + r")\s+(?:and|und|и|і|та)\s+(?:the\s+)?(?P<b>" + P.COUNTRY_NC + r")",
                        re.IGNORECASE)


#: the flows a figure with no subject of its own may take from the sentence before (a guess, never "sure"):
#: "Pakistan's exports to China grew 11% … Shipments totalled $1.9 billion in January-June"
_TOPIC_FLOWS = ("turnover", "exports", "imports")
#: a part of a flow named in the clause ("energy purchases alone slipped 20%", "Gasausfuhren", "of that"): not
#: the whole flow of the sentence before
_PART_FLOW = re.compile(r"\b(?!(?:the|its|their|these|those|such|total|overall|monthly|annual|June|July|May)\b)"
                        r"[a-z]{3,}\s+(?:purchases|shipments|sales|deliveries|supplies)\b|\balone\b|\bof\s+(?:that|this|"
                        r"which|them)\b|\ballein\b|\bdavon\b|(?<![\w\u0400-\u04ff])(?:из\s+них|з\s+них|в\s+том\s+числе|"
                        r"у\s+тому\s+числі)(?![\w\u0400-\u04ff])", re.IGNORECASE)
#: the flow a percentage is a share of, named right after it: "32.8% of its imports", "24,9 % der Schweizer Importe",
#: "10,1 Prozent der Einfuhren", "31% импорта", "62% експорту"
_SHARE_FLOW_AFTER = re.compile(r"\s*(?:of\s+(?:(?:its|their|the|all|total|[\w.]+['’]s?)\s+){0,2}|(?:der|aller)\s+"
                               r"(?:[\wäöüÄÖÜ]+\s+){0,2}?|(?:всего\s+|усього\s+|всього\s+)?)"
                               r"(?P<w>imports|exports|purchases|Importe|Exporte|Einfuhren|Ausfuhren|импорта|экспорта|"
                               r"імпорту|експорту)(?![\w\u0400-\u04ff])", re.IGNORECASE)
_FLOW_WORDS = re.compile(r"export|import|ausfuhr|einfuhr|экспорт|импорт|експорт|імпорт", re.IGNORECASE)


def _mentions(text: str, isos) -> list[int]:
    """How often each of ``isos`` is named in (the first 200,000 characters of) ``text``."""
    n = dict.fromkeys(isos, 0)
    for m in P.COUNTRY_RE.finditer(text[:200_000]):
        iso = P.country(m.group(1))
        if iso in n:
            n[iso] += 1
    return list(n.values())


def _names_only(text: str, s: int, e: int, isos) -> bool:
    """Whether the countries named in ``text[s:e]`` are all among ``isos`` (capitals and adjectives count)."""
    for m in P.COUNTRY_RE.finditer(text, s, e):
        iso = P.country(m.group(1))
        if iso and iso not in isos:
            return False
    return True




def _subject_text(indicator, reporter, partner) -> str:
    if indicator == "turnover":
        if reporter and not partner:
            return f"{reporter} total trade"             # with the whole world
        return f"turnover {reporter or '?'}-{partner or '?'}" if reporter and partner else "turnover"
    if indicator == "exports":
        return f"{reporter or '?'} exports to {partner or '?'}"
    if indicator == "imports":
        return f"{reporter or '?'} imports from {partner or '?'}"
    if indicator == "balance":
        return f"{reporter or '?'} trade balance with {partner or '?'}"
    return indicator or ""


def extract(text: str, date: str | None = None) -> list[Claim]:
    """Every numeric claim in ``text`` (see module docstring); ``date`` (YYYY-MM-DD) resolves "last year"."""
    return Extractor(text, date).run()
