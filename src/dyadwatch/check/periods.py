"""Periods and countries as written in prose, and the small grammar that finds them.

A period is kept as ``(start, end)`` months counted from year 0 (``y*12 + m-1``) and printed in the
observation format: ``"2021"`` (a calendar year), ``"2022-02"`` (a month), ``"2023-01/2023-07"`` (a span).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from dyadwatch import periods as G
from dyadwatch.rxgate import gated_finditer, trigger

from . import names as N
from dyadwatch.periods import MONTHS, fmt, key  # noqa: F401  (the one period grammar; re-exported here)

MONTH_RE = G.MONTH_RE_CASED
ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
       "ninth": 9, "tenth": 10, "eleventh": 11, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10, "11": 11}

# --------------------------------------------------------------------------- countries
#: ISO3 -> names and adjectives as they appear in prose (lower case): every country of the package's crosswalk
#: in English, the region's countries also in German, Russian and Ukrainian (see :mod:`.names`)
_NAME_TO_ISO = dict(N.name_table())
COUNTRIES: dict[str, tuple[str, ...]] = {}
for _n, _iso in _NAME_TO_ISO.items():
    COUNTRIES.setdefault(_iso, ())
    COUNTRIES[_iso] += (_n,)
_CYR = N.cyrillic_table()
_GER_ADJ = {v: k for k, v in N.GERMAN_ADJ.items()}
_COUNTRY_ALTS = (
    r"(?i:" + N.trie_regex(sorted(_NAME_TO_ISO, key=len, reverse=True)) + r")"
    r"|(?i:" + N.trie_regex(sorted(_GER_ADJ)) + r")[a-zäöüß]*"
    r"|(?i:" + N.trie_regex(sorted(_CYR)) + r")[\u0400-\u04ff']*"
    r"|" + N.trie_regex(sorted(N.ABBREVIATIONS)))
#: not "США" in "дол. США" (the currency, not the country)
_COUNTRY_BEFORE = r"(?<![\w-])(?<!дол\. )(?<!долл\. )(?<!дол\.)(?<!долл\.)(?<!доларів )(?<!долларов )(?<!доллара )"
#: not "US" in "US$", "US dollars" (the currency, not the country)
_COUNTRY_AFTER = r"(?:['’]s|['’])?(?![\w-]|\$|\s+[Dd]ollars?\b)"
#: the same without a capturing group (for patterns that name their own groups)
COUNTRY_NC = _COUNTRY_BEFORE + "(?:" + _COUNTRY_ALTS + ")" + _COUNTRY_AFTER
COUNTRY_RE = re.compile(_COUNTRY_BEFORE + "(" + _COUNTRY_ALTS + ")" + _COUNTRY_AFTER)


@lru_cache(maxsize=4096)
def country(name: str) -> str | None:
    raw = re.sub(r"['’]s?$", "", name.strip())
    if raw in N.ABBREVIATIONS:
        return N.ABBREVIATIONS[raw]
    n = raw.lower()
    got = _NAME_TO_ISO.get(n) or _NAME_TO_ISO.get(name.strip().lower())
    if got:
        return got
    if any("\u0400" <= ch <= "\u04ff" for ch in n):
        for k in range(len(n), 1, -1):
            if n[:k] in _CYR:
                return _CYR[n[:k]]
        return None
    for stem, iso in _GER_ADJ.items():
        if n.startswith(stem):
            return iso
    return None


# --------------------------------------------------------------------------- periods
def parse(s: str | None) -> tuple[int, int] | None:
    """A formal period label (``2021``, ``2022-02``, ``2023-01/2023-07``, ``2022-H2``) → (first, last) month keys."""
    return G.parse_keys(s)


@dataclass
class PeriodMention:
    start: int
    end: int
    period: tuple[int, int] | None   # None while the year is unknown (resolved from context)
    base: bool                       # "on 2021", "compared with 2020", "the same period in 2022"
    months: tuple[int, int] | None = None   # for month-only mentions: (first, last) month numbers
    same_period: bool = False        # "the same period (in 2022|last year)"
    year_shift: int | None = None    # "last year" -> -1
    earlier: bool = False            # "a year earlier", "ein Jahr zuvor": a year before the period in context
    fiscal: tuple[int, str] | None = None   # the fiscal year this mention establishes: (first month, named by)


YEAR = r"(?:19[5-9]\d|20\d\d)"
#: "the first nine months of India's fiscal year": not the calendar year's first months
_NOT_FISCAL = r"(?!\s+of\s+(?:the\s+|its\s+|this\s+|that\s+|[\w.]+['’]s\s+)?(?:fiscal|financial))"
#: a comparison marker before a period in any of the four languages ("than in 2021", "compared with the same period
#: of 2022", "чем в 2022 году", "ніж у першому півріччі", "als im Vorjahr", "по сравнению с аналогичным периодом
#: 2005 года", "gegenüber dem Vorjahr"): the period is the base of a comparison, not the figure's own. The marker may
#: be followed by a preposition or article and by "the same period / аналогичный период / gleichen Zeitraum".
_MARKER = (r"(?:\b(?:wie|als|on|compared\s+(?:with|to)|(?<!\bdates\s)(?<!\bdating\s)(?<!\bdated\s)from|versus|vs\.?|than|relative\s+to|over|since|against|above|below|"
           r"levels?\s+of|gegenüber|im\s+Vergleich\s+zu|verglichen\s+mit|seit|Niveaus?\s+von)"
           r"|(?<![\w\u0400-\u04ff])(?:чем|ніж|с|со|з|із|від|по\s+сравнению\s+с|в\s+сравнении\s+с|против|"
           r"относительно|к\s+уровню|от\s+уровня|порівняно\s+з|проти|відносно|до\s+рівня))")
_MARKER_TAIL = (r"\s+(?:(?:in|im|the|dem|der|den|des|в|во|у|за)\s+)?(?:level\s+of\s+|year\s+|Jahre?\s+|"
                r"(?:same|gleichen|selben|аналогичн[\u0400-\u04ff]*|соответствующ[\u0400-\u04ff]*|відповідн[\u0400-\u04ff]*|"
                r"аналогічн[\u0400-\u04ff]*)\s+(?:period|Zeitraum|период[\u0400-\u04ff]*|період[\u0400-\u04ff]*)\s+"
                r"(?:(?:of|in|des\s+Jahres)\s+)?)?$")
_BASE_BEFORE = re.compile(_MARKER + _MARKER_TAIL, re.I)
#: "Over July-October, …", "Over the first half, …": an "over" that opens a sentence or clause is "during", no base
_OVER_OPENS = re.compile(r"(?:^|[.;:!?]\s+|\n\s*|,\s+and\s+|,\s+)[Oo]ver\s+(?:the\s+)?$")
#: "the 2022 level", "2021 levels", "the 2020 average": the period is a base of comparison
_BASE_AFTER = re.compile(r"\s+(?:level|levels|average|figure|figures|base|peak|high|Niveau|уровн[\u0400-\u04ff]*|"
                         r"рівн[\u0400-\u04ff]*)(?![\w\u0400-\u04ff])", re.I)
PERIOD_RE = re.compile(
    r"(?P<same>the same (?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2}) )?(?:period|months?|quarter|"
    r"time) (?:(?:of|in) (?P<sy>" + YEAR + r")|(?:a year earlier|last year|"
    r"of the previous year|the previous year|a year ago))|(?:[Аа]налогичн|[Сс]оответствующ|[Вв]ідповідн|[Аа]налогічн)"
    r"[\u0400-\u04ff]*\s+период[\u0400-\u04ff]*\s+(?:прошлого|предыдущего|минулого|попереднього)\s+(?:года|року)|"
    r"(?:im\s+)?Vorjahres(?:zeitraum|quartal|monat|halbjahr)[s]?|(?:gleichen|selben)\s+Zeitraum\s+des\s+Vorjahres|"
    r"відповідн[\u0400-\u04ff]*\s+період[\u0400-\u04ff]*\s+(?:минулого|попереднього)\s+року|"
    # "тот же период 2022 года", "аналогичный период 2021 г.", "відповідний період 2021 року", "gleichen Zeitraum
    # 2022", "the same months of 2021": the months in context, of that year
    r"(?:(?:тот|того|том|той|тому)\s+(?:же|ж|самый|самий|самого)|[Аа]налогичн[\u0400-\u04ff]*|[Сс]оответствующ[\u0400-\u04ff]*|"
    r"[Вв]ідповідн[\u0400-\u04ff]*|[Аа]налогічн[\u0400-\u04ff]*)\s+(?:период|період)[\u0400-\u04ff]*\s+(?P<sy2>" + YEAR + r")|"
    r"(?:gleichen|selben)\s+Zeitraum\s+(?:des\s+[A-Za-zäöüß]*[Jj]ahres\s+|von\s+)?(?P<sy3>" + YEAR + r"))"

    r"|(?:the )?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th) (?P<part>half|quarter)(?: of (?P<py>" + YEAR +
    r"))?"
    r"|\b(?P<h>[HQ])(?P<hn>[1-4]) (?P<hy>" + YEAR + r")"
    r"|(?:the )?first (?P<nm>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2}) months(?: of (?P<ny>"
    + YEAR + r"))?" + _NOT_FISCAL +
    r"|(?P<m1>" + MONTH_RE + r")(?:\s*(?:[-–—]|to|through|and)\s*(?P<m2>" + MONTH_RE + r"))?(?: (?P<my>" + YEAR
    + r"))?(?![\w])"
    r"|(?P<y1>" + YEAR + r")(?:\s*[-–—/]\s*(?P<y2>" + YEAR + r"))?(?![\d%]|[.,]\d|\s*(?:tonnes|tons|soldiers|troops|"
    r"men|people|persons|staff|units|tanks|vehicles))")

#: the literal starts of PERIOD_RE's alternatives: it is tried only where one stands (perf; see dyadwatch.rxgate)
_PERIOD_TRIGGER = trigger(["тот", "того", "том", "той", "тому", "the ", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "19", "20", "im",
                           "Vorjahres", "gleichen", "selben", "Аналогичн", "аналогичн", "Соответствующ", "соответствующ",
                           "Відповідн", "відповідн", "Аналогічн", "аналогічн", *(a + b for a in "HQ" for b in "1234"),
                           *(v for w in MONTHS for v in (w.capitalize(), w))])

#: periods that take the one in context ("over the year", "im Gesamtjahr", "за год"; "over the same period", "за тот
#: же период"): a separate pattern, tried only on sentences that hold one of their words
_CTX_GATE = re.compile(r"same period|(?:for|over|during|in) (?:the|this|that) period|the (?:whole |full |entire )?year|Gesamtjahr|Zeitraum|за (?:весь |увесь )?(?:год|рік)|"
                       r"же период|этот период|самый период|самий період|цей період|же період|итогам|підсумками|"
                       r"полгода|півроку|півріччя|months|месяц|місяц", re.I)
_CTX_KEYS = ("same period", "period", "year", "gesamtjahr", "zeitraum", "период", "період", "год", "рік", "итогам", "підсумк",
             "полгода", "півроку", "півріччя", "months", "месяц", "місяц")
_CTX_RE = re.compile(
    r"(?P<now>(?:over\s+|in\s+|during\s+)?the\s+same\s+period(?!\s+(?:of|in|a|last|the))|"
    # "over those months", "за те полгода", "за ці дев'ять місяців": the period named before
    r"(?:(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or|за|в|у)\s+)?(?:those|these|те|эти|ті|ці)\s+(?:[\w\u0400-\u04ff']+\s+)?"
    r"(?:months|полгода|півроку|півріччя|месяц[\u0400-\u04ff]*|місяц[\u0400-\u04ff]*)(?![\w\u0400-\u04ff])|"
    r"(?:im|in\s+diesem|im\s+gleichen|im\s+selben)\s+(?:gleichen\s+|selben\s+)?Zeitraum(?!\s+(?:des|von|\d))|"
    # "for the period", "over this period", "für diesen Zeitraum": the period named before
    r"(?:[Ff]or|[Oo]ver|[Dd]uring|[Ii]n)\s+(?:the|this|that)\s+period(?!\s+(?:of|in|from|since|to|between|when|\d))(?![\w-])|"
    r"(?:[Ff]ür|[Ii]n|[Ww]ährend)\s+(?:diesen|diesem|den|dem)\s+Zeitraum(?!\s+(?:des|von|\d))|"
    r"(?:за\s+|в\s+)?(?:тот\s+же|этот\s+же|этот|тот\s+самый|той\s+же)\s+период(?![\w\u0400-\u04ff])(?!\s+(?:прошлого|предыдущего|\d))|"
    r"(?:за\s+|у\s+)?(?:той\s+самий|цей\s+же|цей|той\s+же)\s+період(?![\w\u0400-\u04ff])(?!\s+(?:минулого|попереднього|\d)))"
    r"|(?P<whole>(?:[Oo]ver|[Ff]or|[Dd]uring|[Ii]n)\s+the\s+(?:whole\s+|full\s+|entire\s+)?year(?!\s+(?:before|earlier|ago))\b|"
    r"(?:im|für\s+das)\s+Gesamtjahr\b|(?<![\w\u0400-\u04ff])за\s+(?:весь\s+|увесь\s+|весь\s+этот\s+)?(?:год|рік)"
    r"(?![\w\u0400-\u04ff])|(?<![\w\u0400-\u04ff])[Пп]о\s+итогам\s+(?:всего\s+)?года|[Зз]а\s+підсумками\s+(?:всього\s+)?року)"
    # "over the eight months", "за полгода", "за півроку": the first months of the year in context
    r"|(?:(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or)\s+the\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+"
    r"months(?!\s+(?:to|through|till|until|ending|ended|before|earlier|ago|later))\b|(?<![\w\u0400-\u04ff])[Зз]а\s+(?P<half>полгода|півроку|півріччя)"
    r"(?![\w\u0400-\u04ff]))")


#: relative years that count from the period in context, not from the document's date: "$21.4 billion a year
#: earlier", "nach 17,5 Mrd. Euro ein Jahr zuvor", "годом ранее", "роком раніше", "im Vorjahr"
_EARLIER = re.compile(r"earlier|before|previous|zuvor|davor|vorjahr|ранее|раніше|предыдущ|попередн", re.I)
_PERIOD_WORD_BEFORE = re.compile(r"(?<![\w\u0400-\u04ff])(?:период|період)[\u0400-\u04ff]*\s+$", re.I)
#: "the largest since relations were normalised in 1995", "the lowest since independence in 1991": the year of an
#: event a record is counted from, not the figure's period
_SINCE_CLAUSE = re.compile(r"\b(?:since|seit)\s+(?:[\w'’-]+\s+){1,5}(?:in|im)\s+$", re.I)
_STATED_WORDS = ("said", "announced", "reported", "stated", "statement", "published", "release", "told", "wrote",
                 "interview", "speech", "report")
_STATED_BEFORE = re.compile(r"\b(?:said|announced|reported|stated|published|released|told\s+\w+|wrote)\s+"
                            r"(?:on\s+|in\s+|(?:in\s+)?(?:late|early|mid)[\s-]+)?$", re.I)
_STATED_AFTER = re.compile(r"(?:\s+\d{4})?\s+(?:statement|report|press\s+release|release|announcement|interview|speech)\b", re.I)
_FISCAL_WORD = re.compile(r"fiscal|financial|(?-i:FY)|Fiskal|Finanzjahr|финансов|фінансов", re.I)
_DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}\.?\s*$")
#: a day number after a month without a year: "April 20 -", "Jan 22": a date (a dateline), not a period
_DAY_AFTER = re.compile(r"\.?\s+\d{1,2}(?![\d.,%])(?!\s*(?:%|percent|per\b|billion|million|bn\b|mln\b|thousand|tonnes|tons))")
_END_OF = re.compile(r"\b(?:by|at|as\s+of)\s+the\s+end\s+of\s+$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"\d{4}(?:\s*[-–—/]\s*\d{4})?(?!-[\u0400-\u04ff])\D{0,6}")


#: the months of a fiscal year written after its label: "FY24, which ran from April to March", "2023/24 (July-June)"
_FISCAL_MONTHS = re.compile(r"[\s,(]*(?:(?:which|that)\s+(?:ran|runs|run)\s+)?(?:from\s+)?(?P<a>" + G.MONTH_RE + r")\s*"
                            r"(?:to|through|until|[-–—]|bis|по|до)\s*(?P<b>" + G.MONTH_RE + r")(?![\w\u0400-\u04ff])", re.I)


def fiscal_country(text: str, start: int, end: int, pos: int, countries=(), hint=None,
                   after: int | None = None) -> tuple[int, str] | None:
    """Whose fiscal year a fiscal-year label at ``text[pos:after]`` is, as (first month, "end"|"start"): its months
    written right after it ("FY24, which ran from April to March"); else the country named with a possessive right
    before it ("India's fiscal year", "India's largest trading partner in 2023-24"); else ``hint`` (the fiscal year the document established before); else the
    first country of the sentence ``text[start:end]``, then of ``countries`` (the document's pair), that has a fiscal
    year other than the calendar year; None when none has."""
    table = G.fiscal_table()
    if after is not None and (fm := _FISCAL_MONTHS.match(text, after, min(end, after + 50))):
        a, b = G.month_number(fm["a"]), G.month_number(fm["b"])
        if a and b and b == (a + 10) % 12 + 1:
            return a, "end"
    near = re.search(r"(\S+?)['’]s?\s+(?:[\w-]+\s+){0,4}$", text[max(start, pos - 50):pos])
    if near and (iso := country(near[1])) and iso in table:
        return table[iso]
    if hint:
        return hint
    found = [country(m[1]) for m in COUNTRY_RE.finditer(text, start, end)]
    # the document's own countries first: "China edged past the United States as India's largest trading partner
    # in 2023-24" (an India-China text) is India's fiscal year
    for iso in (*(c for c in found if c in countries), *countries, *found):
        if iso in table:
            return table[iso]
    return None


def find_periods(text: str, start: int, end: int, date: str | None = None, countries=(),
                 fiscal=None) -> list[PeriodMention]:
    """Period mentions in ``text[start:end]`` (absolute offsets): the English grammar below, completed by the
    package's period grammar (German, Russian, Ukrainian, Q1/H1/9M, relative years against ``date``). A fiscal
    year takes its months from the country it belongs to (see :func:`fiscal_country`; ``countries``: the
    document's pair)."""
    out = _find_english(text, start, end)
    if "end of" in text[start:end]:
        for pm in out:
            if pm.months and pm.months[0] == pm.months[1] and not pm.base and _END_OF.search(
                    text, max(0, pm.start - 24), pm.start):
                # "by the end of November shipments stood at …": the months of the year so far
                pm.months = (1, pm.months[1])
                if pm.period is not None:
                    pm.period = (pm.period[1] - pm.months[1] + 1, pm.period[1])
    if not G.PROSE_GATE.search(text, start, end):
        low = text[start:end].lower()
        if not any(w in low for w in G.PROSE_WORDS):
            return _drop_stated(text, start, end, out, date)
    for gm in G.mentions(text, start, end):
        if gm.day or _BARE_YEAR.fullmatch(text, gm.start, gm.end):
            continue
        if gm.period is None and gm.months and gm.months[0] == gm.months[1] and (_DAY_BEFORE.search(
                text, max(0, gm.start - 4), gm.start) or _DAY_AFTER.match(text, gm.end)):
            continue                                   # "am 30. September", "13 октября", "April 20": a day
        earlier = False
        fiscal_first = None
        if gm.ending is not None or (gm.period is not None and gm.fiscal is None and _FISCAL_WORD.search(text, gm.start, gm.end)):
            # "the fiscal year that ended in June", "the financial year to March 2023": the months of a fiscal year
            if _FISCAL_WORD.search(text, gm.start, gm.end):
                last = gm.ending or (gm.period.keys[1] % 12 + 1 if gm.period else None)
                if last and (gm.ending or gm.period.n_months == 12):
                    fiscal_first = (last % 12 + 1, "end")
        if gm.relative is not None:
            p = gm.resolve(doc_date=date)
            earlier = gm.relative == -1 and bool(_EARLIER.search(text, gm.start, gm.end))
            if p is None and not earlier:
                continue
            period, months = (p.keys if p else None), None
        else:
            period = gm.period.keys if gm.period else None
            months = gm.months
            if gm.fiscal is not None and (fc := fiscal_country(text, start, end, gm.start, countries, fiscal, gm.end)):
                period = G.fiscal_period(gm.fiscal[0], gm.fiscal[1], *fc).keys
                fiscal_first = fc
        before = text[max(0, gm.start - 60):gm.start]
        base = bool(_BASE_BEFORE.search(before) or _BASE_AFTER.match(text, gm.end)) and not _OVER_OPENS.search(before)
        pm = PeriodMention(gm.start, gm.end, period, base, months, earlier=earlier, fiscal=fiscal_first)
        if gm.relative == -1 and _PERIOD_WORD_BEFORE.search(before):
            # "к тому же периоду прошлого года", "до того ж періоду минулого року": the same months a year before
            pm = PeriodMention(gm.start, gm.end, None, True, same_period=True, year_shift=-1)
        over = [x for x in out if x.start < gm.end and gm.start < x.end]
        if over and gm.ending is None and gm.period is not None and gm.period.n_months == 12 and all(
                gm.start <= x.start and x.end <= gm.end or x.period is None and x.months == (1, 12) for x in over):
            # "in the year ended March 2017": the twelve months replace "March 2017"; "in the year" stays (it
            # names no year of its own)
            out = [x for x in out if not (gm.start <= x.start and x.end <= gm.end)] + [pm]
            continue
        if not over:
            out.append(pm)
        elif all(gm.start <= x.start and x.end <= gm.end for x in over) and \
                gm.end - gm.start > max(x.end - x.start for x in over):
            out = [x for x in out if x not in over] + [pm]
    out.sort(key=lambda x: x.start)
    return _compose(text, _drop_stated(text, start, end, out, date), date)


_AS_OF = re.compile(r"\bas\s+(?:of|at)\s+(?:the\s+end\s+of\s+)?$", re.I)


def _as_of_latest(text: str, out: list[PeriodMention], date: str) -> None:
    """"As of June, investors had 877 projects": a stock stated as current is at the latest such month by the
    document's date, not in the year of the sentence before."""
    d = G._as_date(date)
    if d is None:
        return
    for x in out:
        if x.period is None and x.months and x.months[0] == x.months[1] and not x.base and \
                _AS_OF.search(text, max(0, x.start - 24), x.start):
            mo = x.months[0]
            k = key(d.year - (1 if mo > d.month else 0), mo)
            x.period = (k, k)


def _drop_stated(text: str, start: int, end: int, out: list[PeriodMention], date=None) -> list[PeriodMention]:
    """Without the months that date a statement, not figures: "the agency said in February", "in an October 2023
    statement" (a figure stated then is not that month's); "as of June" dated (see :func:`_as_of_latest`)."""
    if date and "as " in text[start:end].lower():
        _as_of_latest(text, out, date)
    if not any(w in text[start:end].lower() for w in _STATED_WORDS):
        return out
    return [x for x in out if not (x.months and x.months[0] == x.months[1] and not x.base and (
        _STATED_BEFORE.search(text, max(0, x.start - 40), x.start) or _STATED_AFTER.match(text, x.end)))]


_GLOSS = re.compile(r"\s*\([^()\d]{0,30}\)")
_JOIN = re.compile(r"[\s,]*(?:of\s+|des\s+)?")


def _compose(text: str, out: list[PeriodMention], date: str | None) -> list[PeriodMention]:
    """Two mentions written side by side are one period: a period alone in brackets right after another restates
    it ("Fiskaljahr 2023/24 (April bis März)", "H1 (January–June)"; not "(2022: $5 billion)"); "the same period" beside a relative year is the
    same months of that year ("В прошлом году за тот же период", "за цей період минулого року")."""
    keep: list[PeriodMention] = []
    for m in out:
        prev = keep[-1] if keep else None
        if prev is not None and prev.end <= m.start:
            gl = _GLOSS.match(text, prev.end)
            if gl and m.end <= gl.end() and (prev.period is not None or prev.same_period):
                continue
            if _JOIN.fullmatch(text, prev.end, m.start):
                same, rel = (prev, m) if prev.same_period and prev.year_shift == 0 else (m, prev)
                g = G.mentions(text, rel.start, rel.end)
                if same.same_period and same.year_shift == 0 and not rel.same_period and g and \
                        g[0].relative is not None and g[0].months is None:
                    keep[-1] = PeriodMention(prev.start, m.end, None, same.base or rel.base, same_period=True,
                                             year_shift=g[0].relative)
                    continue
        keep.append(m)
    return keep


def _find_english(text: str, start: int, end: int) -> list[PeriodMention]:
    out: list[PeriodMention] = []
    seg = text[start:end]
    low = seg.lower()
    if any(k in low for k in _CTX_KEYS) and _CTX_GATE.search(seg):
        for m in _CTX_RE.finditer(seg):
            s, e = m.start() + start, m.end() + start
            if m["now"]:                      # "over the same period", "за тот же период": the period in context
                out.append(PeriodMention(s, e, None, False, same_period=True, year_shift=0))
            elif m["whole"]:                  # "over the year", "im Gesamtjahr", "за год": the context's year
                out.append(PeriodMention(s, e, None, False, (1, 12)))
            else:                             # "over the eight months", "за півроку": its first months
                n = 6 if m["half"] else COUNT.get(m["n"].lower())
                if n:
                    out.append(PeriodMention(s, e, None, False, (1, n)))
    for m in gated_finditer(PERIOD_RE, _PERIOD_TRIGGER, seg):
        s, e = m.start() + start, m.end() + start
        if m["y1"] and (text[max(0, s - 1):s] in ("$", "€", "£") or
                        re.search(r"(?:No\.?|\bNo|©|#)\s*$", text[max(0, s - 6):s])):
            continue
        before = text[max(0, s - 60):s]
        # a comparison in any language: "compared with 2022", "порівняно з 2022 роком", "gegenüber 2021"
        base = bool(_BASE_BEFORE.search(before) or _BASE_AFTER.match(text, e) or _SINCE_CLAUSE.search(before)) and \
            not _OVER_OPENS.search(before)
        pm: PeriodMention
        if m["same"]:
            y = m["sy"] or m["sy2"] or m["sy3"]
            pm = PeriodMention(s, e, None, True, same_period=True, year_shift=None if y else -1)
            if y:
                pm.months = None
                pm.period = (key(int(y), 1), key(int(y), 12))
        elif m["nth"]:
            n = ORD[m["nth"].lower()]
            size = 6 if m["part"].lower() == "half" else 3
            months = (size * (n - 1) + 1, size * n)
            if size == 6 and n > 2 or n > 4:
                continue
            y = m["py"]
            pm = PeriodMention(s, e, (key(int(y), months[0]), key(int(y), months[1])) if y else None, base, months)
        elif m["h"]:
            n, y = int(m["hn"]), int(m["hy"])
            size = 6 if m["h"] == "H" else 3
            if size == 6 and n > 2:
                continue
            months = (size * (n - 1) + 1, size * n)
            pm = PeriodMention(s, e, (key(y, months[0]), key(y, months[1])), base, months)
        elif m["nm"]:
            n = COUNT[m["nm"].lower()]
            y = m["ny"]
            pm = PeriodMention(s, e, (key(int(y), 1), key(int(y), n)) if y else None, base, (1, n))
        elif m["m1"]:
            w1 = m["m1"].lower().rstrip(".")
            a = MONTHS[w1]
            b = MONTHS[m["m2"].lower().rstrip(".")] if m["m2"] else a
            # "16 May 2024", "12. März": a date (not "… in 2023. June …": the end of a year)
            if _DAY_BEFORE.search(text, max(0, s - 4), s):
                if m["my"]:
                    pm = PeriodMention(s, e, None, base)
                    pm.period = (key(int(m["my"]), a), key(int(m["my"]), a))
                    pm.months = (a, a)
                    out.append(pm)
                continue
            y = m["my"]
            if not y and a == b and _DAY_AFTER.match(text, e):
                continue                                 # "April 20 -": a dateline, not a period
            pm = PeriodMention(s, e, G.month_keys(int(y), a, b) if y else None, base, (a, b))
        else:
            y1 = int(m["y1"])
            y2 = int(m["y2"]) if m["y2"] else y1
            if y2 < y1:
                continue
            pm = PeriodMention(s, e, (key(y1, 1), key(y2, 12)), base)
        out.append(pm)
    out.sort(key=lambda x: x.start)
    return out


#: a single day named as an aside: "On 12 March alone, …", "June 3 alone", "allein am 3. Mai", "лише 10 лютого",
#: "только 5 мая" (the figures of its clause are that day's)
_MON = "(?:" + G.MONTH_RE + ")"
DAY_ALONE = re.compile(
    r"\b(?P<d1>\d{1,2})\s+(?P<m1>" + _MON + r")\s+alone\b|\b(?P<m2>" + _MON + r")\s+(?P<d2>\d{1,2})\s+alone\b|"
    r"\bam\s+(?P<d3>\d{1,2})\.\s*(?P<m3>" + _MON + r")\s+allein\b|\ballein\s+am\s+(?P<d4>\d{1,2})\.\s*(?P<m4>" + _MON + r")|"
    r"(?<![\w\u0400-\u04ff])(?<!не\s)(?:только|лишь|лише|тільки)\s+(?:за\s+|в\s+|у\s+)?(?P<d5>\d{1,2})\s+(?P<m5>" + _MON + r")",
    re.IGNORECASE)


def day_alone(text: str, a: int, b: int, year: int | None, doc) -> str | None:
    """The day named as an aside in ``text[a:b]`` ("On 12 March alone"), as ``YYYY-MM-DD``: its year is the year in
    context, else the latest by the document's date; None when there is none or no year is known."""
    if not any(w in text[a:b].lower() for w in ("alone", "allein", "только", "лишь", "лише", "тільки")):
        return None
    import datetime as dt
    for m in reversed(list(DAY_ALONE.finditer(text, a, b))):
        i = next(k for k in range(1, 6) if m[f"d{k}"])
        d, mo = int(m[f"d{i}"]), G.month_number(m[f"m{i}"])
        if mo is None:
            continue
        y = year if year else (None if doc is None else doc.year - (1 if mo > doc.month else 0))
        try:
            return dt.date(y, mo, d).isoformat() if y else None
        except ValueError:
            continue
    return None


def year_of(p: tuple[int, int] | None) -> int | None:
    return None if p is None else p[1] // 12


def resolve(pm: PeriodMention, context_year: int | None, current: tuple[int, int] | None) -> tuple[int, int] | None:
    """Complete a mention that lacks a year from the context year, or "the same period" from ``current``."""
    if pm.earlier and current is not None:
        return current[0] - 12, current[1] - 12
    if pm.same_period and pm.year_shift == 0:
        return current
    if pm.same_period:
        if current is None:
            return pm.period
        if pm.period is not None:             # "the same period in 2022": months of current, that year
            y = pm.period[0] // 12
            cy = current[0] // 12
            return current[0] + (y - cy) * 12, current[1] + (y - cy) * 12
        shift = 12 * (pm.year_shift if pm.year_shift is not None else -1)
        return current[0] + shift, current[1] + shift
    if pm.period is not None:
        return pm.period
    if pm.months and context_year:
        return G.month_keys(context_year, *pm.months)
    return None

