"""The period step's helpers for the claim extractor (check/extract.py): where a figure's period is read from its
sentence — comparison sides, "respectively" lists of periods, "now" and targets that carry no period, rates, asides,
distances between a period mention and a figure."""
from __future__ import annotations

import re

from . import periods as P
from .model import Claim
from .numbers import HEDGE_RE

_SIGNED = r"(?:(?:a|an|einem|ein|einer)\s+(?:surplus|deficit|Plus|Minus|Überschuss|Defizit)\s+(?:of|von)\s+)?"


def _dist(a: int, b: int, s: int, e: int) -> int:
    if b <= s:
        return s - b
    if a >= e:
        return int((a - e) * 1.2)
    return 0


_OPENS = re.compile(r"\s*(?:(?:[Ii]n|[Ii]m|[Bb]y|[Вв]|[Уу]|[Зз]а)\s+)?")
_RESPECTIVELY = re.compile(r"\brespectively\b|(?<![\w\u0400-\u04ff])(?:соответственно|відповідно)(?![\w\u0400-\u04ff])",
                           re.IGNORECASE)
_RUN_SEP = re.compile(r"\s*(?:,|,?\s+(?:and|und|и|і|та)\s)?\s*")
_SPAN_OPEN = re.compile(r"(?:\b(?:between|zwischen|from|von)|(?<![\w\u0400-\u04ff])(?:между|між|с|з|від))\s+$", re.IGNORECASE)
_LIST_AND = re.compile(r"\s+(?:and|und|и|і|та)\s+")


def _respective_periods(text, s, e, new, mentions, context_year, context_period) -> None:
    """A run of k figures followed by "respectively" whose sentence names exactly k periods before it, in a list
    ("In March and April the share was 13% and 14% respectively"; "fell 2% in 2019, 3% in 2020 and 4% in 2021,
    while imports dropped 5%, 6% and 7% respectively"): the figures take those periods in order."""
    for rm in _RESPECTIVELY.finditer(text, s, e):
        run, pos = [], rm.start()
        for c in reversed([c for c in new if c.span[1] <= rm.start()]):
            if not _RUN_SEP.fullmatch(text, c.span[1], pos):
                break
            run.insert(0, c)
            pos = c.span[0]
        if len(run) < 2 or len({c.kind for c in run}) > 1:
            continue
        periods = []
        for m in mentions:
            if m.base or m.start >= run[0].span[0] or m.same_period or m.earlier:
                continue
            if _SPAN_OPEN.search(text, max(s, m.start - 12), m.start):
                periods = []                     # "between 1991 and 2021": the ends of one span, not a list
                break
            if m.months and m.months[0] != m.months[1] and _LIST_AND.search(text, m.start, m.end):
                y = context_year if m.period is None else m.period[0] // 12
                periods += [P.fmt((P.key(y, k), P.key(y, k))) if y else None for k in m.months]   # "March and April"
            else:
                periods.append(P.fmt(P.resolve(m, context_year, context_period)))
        if len(periods) == len(run) and None not in periods and len(set(periods)) == len(run):
            for c, p in zip(run, periods):
                c.period, c.period_sure = p, True


def _period_rank(text: str, m, c: Claim) -> float:
    """How well a period mention fits a claim (lower is better): right after it ("$5bn in 2023") is best;
    otherwise by distance, and a mention before the claim that is separated from it by "and" belongs to the
    previous conjunct ("18 prisoners in July 2024 and 16 more in August")."""
    if m.start >= c.span[1] and _JUST_PERIOD.fullmatch(text, c.span[1], m.start):
        return 0
    d = _dist(m.start, m.end, *c.span) + 1
    if m.end <= c.span[0] and _AND.search(text, m.end, c.span[0]):
        d += 40
    return d


_ATTRIB_BEFORE = re.compile(r"(?:['’]s|\bits|\btheir)\s+$", re.IGNORECASE)
_ATTRIB_AFTER = re.compile(r"\s+(?:trade\s+)?(?:surplus|deficit|exports|imports|turnover|trade|figure|level|total)\b",
                           re.IGNORECASE)
#: a figure introduced as the other side of a comparison ("from €20 million in 2021", "against €15.2 billion in
#: 2023", "nach 13,5 Mrd. Euro im ersten Quartal 2017", "than the $24.2 billion recorded in 2022", "против $5,8 млрд за
#: тот же период", "з 28,1 млрд"): the period written right after it is its own, a base, and dates no other figure
_FROM_BEFORE = re.compile(r"(?:\b(?:from|von|nach|against|versus|vs\.?|compared\s+(?:with|to)|than(?:\s+the)?|on\s+the|"
                          r"gegenüber)|(?<![\w\u0400-\u04ff])(?:с|со|з|із|від|против|проти|чем|ніж))\s+" + _SIGNED +
                          r"(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
_DASH_ONLY = re.compile(r"(?:\s+(?:годом|году|года|год|роком|році|року|рік|г\.|р\.))?\s*[—–:-]?\s*")
_JUST_PERIOD = re.compile(r"(?:[\s,]*(?:(?:[a-z]+ed\s+)?(?:in|for|during)(?:\s+the\s+year)?|of|(?:by|at)\s+the\s+end\s+of)?|"
                          r"\s*(?:im(?:\s+Jahre?)?|für|в|во|у|за|за\s+весь|за\s+увесь))\s*",
                          re.IGNORECASE)
_AND = re.compile(r"\band\b")


#: "now", "today", "currently" within the clause before a figure ("China now takes about 40% of …", "Today, there are
#: about 2000 …", "сейчас на Россию приходится …"): the present, not the period in context (not "by now", "bis heute")
_NOW_IN = re.compile(r"(?<!\bby\s)(?<!\buntil\s)(?<!\bup\sto\s)\bnow\b(?![-–])|\b(?:today|currently|at\s+present|nowadays|"
                     r"derzeit|gegenwärtig|zurzeit)\b|(?<!bis\s)\bheute\b|(?<![\w\u0400-\u04ff])(?:сейчас|теперь|сегодня|"
                     r"в\s+настоящее\s+время|зараз|нині|наразі|тепер|сьогодні)(?![\w\u0400-\u04ff])", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\s")
#: a rate, not a total of one period: "a year", "per year", "each year", "annually", "pro Jahr", "jährlich", "в год",
#: "ежегодно", "на рік", "щороку" (not "a year earlier")
_RATE_AFTER = re.compile(r"[^\d.;:()]{0,30}?(?:\b(?:a|per|each|every)\s+(?:year|month)\b(?!\s+(?:earlier|before|ago|later))|"
                         r"\bannually\b|\b(?:pro|jedes)\s+(?:Jahr|Monat)\b|\bjährlich|"
                         r"(?<![\w\u0400-\u04ff])(?:в\s+год|в\s+месяц|ежегодно|на\s+рік|щороку|на\s+місяць|щомісяця)"
                         r"(?![\w\u0400-\u04ff]))", re.IGNORECASE)
#: a target or goal before a figure in its clause ("aim to lift trade to $10 billion", "поставили цель довести
#: оборот до", "мета — 15 млрд"): a figure of no period unless its clause names one; not carried from context
_TARGET = re.compile(r"\b(?:aims?|aimed|aiming|targets?|goals?|wants?|hopes?|plans?|ambitions?|potential|within\s+reach|"
                     r"Ziel|Zielmarke|anstreben|wollen|will|Potenzial)\b|"
                     r"(?<![\w\u0400-\u04ff])(?:цель|цели|целью|задач[\u0400-\u04ff]*|довести|довест[\u0400-\u04ff]*|выйти\s+на|"
                     r"потенциал[\u0400-\u04ff]*|мета|мету|метою|ціль|вийти\s+на|потенціал[\u0400-\u04ff]*)"
                     r"(?![\w\u0400-\u04ff])", re.IGNORECASE)
#: "alone", "allein", "только", "лише": a sub-period named as an aside (not "не только", "не лише": "not only")
_ALONE = re.compile(r"\balone\b|\ballein\b|(?<![\w\u0400-\u04ff])(?<!не\s)(?:только|лишь|лише|тільки)(?![\w\u0400-\u04ff])",
                    re.IGNORECASE)


_SUBORDINATE = re.compile(r",\s+(?:nachdem|after|when|als|когда|после того как|коли|після того як)\s", re.IGNORECASE)


def _split_at(rx: re.Pattern, text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, cur = [], a
    for m in rx.finditer(text, a, b):
        out.append((cur, m.start()))
        cur = m.start() + 1
    out.append((cur, b))
    return out


def _future(p, doc) -> bool:
    """The period starts after the document's month (the horizon of a target or forecast)."""
    return p is not None and p[0] > doc.year * 12 + doc.month - 1


def _year_before(mentions, pos, context_year, context_period):
    yrs = [P.year_of(m.period) for m in mentions if m.period is not None and m.start <= pos and not m.same_period
           and not m.earlier]
    return yrs[-1] if yrs else context_year
