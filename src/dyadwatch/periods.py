"""One period grammar for the whole package: formal period labels, periods written in prose (English, German,
Russian, Ukrainian), document dates, and the comparisons callers need.

Canonical forms (what every part of dyadwatch stores and prints)::

    2023                 a calendar year
    2023-03              a month
    2023-01/2023-09      a span of months (quarters, halves, "9M", "Jan–Aug" are all written this way)
    2023-03-12           a day

Formal labels also accepted by :func:`parse`: ``2022-H2``, ``2022-Q3``, ``2023-9M``, and any two of these
joined by ``/`` (an inclusive range). :func:`read` takes a period as written in prose ("Q1 2023", "H1 2023",
"9M 2023", "Jan–Aug 2023", "1. Quartal 2023", "erstes Halbjahr 2023", "I квартал 2023", "первое полугодие
2023 года", "за 9 месяцев 2023", "январь–август 2023", "січень–серпень 2023", "12.03.2023", "12 марта 2023",
"12. März 2023", "last year" against a document date). :func:`find_date` finds a document's date.

A period is a :class:`Period` with its first and last day; months are also counted as keys ``y*12 + m-1``
(:func:`key`), which is what the claim checker's interval arithmetic uses.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dyadwatch.rxgate import gated_finditer, trie_regex, trigger  # noqa: F401 (trie_regex: P.G.trie_regex)

# --------------------------------------------------------------------------- months in four languages
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "янв", "январь", "января", "январе", "січень", "січня", "січні"),
    2: ("february", "feb", "februar", "фев", "февраль", "февраля", "феврале", "лютий", "лютого", "лютому"),
    3: ("march", "mar", "märz", "maerz", "mär", "мар", "март", "марта", "марте", "березень", "березня",
        "березні"),
    4: ("april", "apr", "апр", "апрель", "апреля", "апреле", "квітень", "квітня", "квітні"),
    5: ("may", "mai", "май", "мая", "мае", "травень", "травня", "травні"),
    6: ("june", "jun", "juni", "июнь", "июня", "июне", "червень", "червня", "червні"),
    7: ("july", "jul", "juli", "июль", "июля", "июле", "липень", "липня", "липні"),
    8: ("august", "aug", "авг", "август", "августа", "августе", "серпень", "серпня", "серпні"),
    9: ("september", "sep", "sept", "сен", "сент", "сентябрь", "сентября", "сентябре", "вересень", "вересня",
        "вересні"),
    10: ("october", "oct", "oktober", "okt", "окт", "октябрь", "октября", "октябре", "жовтень", "жовтня",
         "жовтні"),
    11: ("november", "nov", "ноя", "нояб", "ноябрь", "ноября", "ноябре", "листопад", "листопада", "листопаді"),
    12: ("december", "dec", "dezember", "dez", "дек", "декабрь", "декабря", "декабре", "грудень", "грудня",
         "грудні"),
}
MONTHS: dict[str, int] = {w: n for n, ws in _MONTH_WORDS.items() for w in ws}


#: a month name in any of the four languages (abbreviations may end with a dot)
MONTH_RE = "(?:" + trie_regex(MONTHS) + r")(?![\w\u0400-\u04ff])\.?"

#: the same, case-sensitive as prose writes them: Latin-script names capitalised ("March", "Sept.", "März"; so
#: that the verb "may" or "mar" is not a month), Cyrillic names in either case ("марта", "Березня")
MONTH_RE_CASED = "(?:" + trie_regex(
    v for w in MONTHS for v in ({w.capitalize(), w} if re.match(r"[\u0400-\u04ff]", w) else {w.capitalize()})
) + r")(?![\w\u0400-\u04ff])\.?"


def month_number(word: str) -> int | None:
    """``"March"``, ``"März"``, ``"марта"``, ``"березня"``, ``"Sept."`` → the month's number."""
    return MONTHS.get(word.strip().lower().rstrip("."))


# --------------------------------------------------------------------------- keys and canonical labels
def key(y: int, m: int) -> int:
    """Months counted from year 0: ``key(2023, 3)`` is March 2023."""
    return y * 12 + m - 1


def fmt(p: tuple[int, int] | None) -> str | None:
    """Canonical label of a span of month keys: a calendar year, a month, or ``YYYY-MM/YYYY-MM``."""
    if p is None:
        return None
    a, b = p
    ya, ma = divmod(a, 12)
    yb, mb = divmod(b, 12)
    if ma == 0 and mb == 11 and ya == yb:
        return f"{ya}"
    if a == b:
        return f"{ya}-{ma + 1:02d}"
    return f"{ya}-{ma + 1:02d}/{yb}-{mb + 1:02d}"


@dataclass(frozen=True, order=True)
class Period:
    """A period from its first to its last day (both inclusive)."""
    start: dt.date
    end: dt.date

    @property
    def first_month(self) -> int:
        return key(self.start.year, self.start.month)

    @property
    def last_month(self) -> int:
        return key(self.end.year, self.end.month)

    @property
    def keys(self) -> tuple[int, int]:
        """(first, last) month keys."""
        return self.first_month, self.last_month

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    @property
    def whole_months(self) -> bool:
        return self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]

    @property
    def is_year(self) -> bool:
        return self.whole_months and self.start.month == 1 and self.end.month == 12 and \
            self.start.year == self.end.year

    @property
    def n_months(self) -> int:
        return self.last_month - self.first_month + 1

    def months(self) -> tuple[str, ...]:
        """Every month it covers, as ``YYYY-MM``."""
        return tuple(f"{k // 12}-{k % 12 + 1:02d}" for k in range(self.first_month, self.last_month + 1))

    @property
    def label(self) -> str:
        """The canonical label (a day, a year, a month or a span of months; other day spans as two days)."""
        if self.is_day:
            return self.start.isoformat()
        if self.whole_months:
            return fmt(self.keys) or ""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def shifted(self, years: int) -> "Period":
        """The same months ``years`` later (negative: earlier); a 29 February becomes the 28th."""
        return Period(_replace_year(self.start, self.start.year + years),
                      _month_end(self.end.year + years, self.end.month) if self.end.day ==
                      calendar.monthrange(self.end.year, self.end.month)[1] else
                      _replace_year(self.end, self.end.year + years))


def _replace_year(d: dt.date, y: int) -> dt.date:
    return d.replace(year=y, day=min(d.day, calendar.monthrange(y, d.month)[1]))


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def from_keys(a: int, b: int | None = None) -> Period:
    """The period from month key ``a`` to month key ``b`` (default ``a``)."""
    b = a if b is None else b
    return Period(dt.date(a // 12, a % 12 + 1, 1), _month_end(b // 12, b % 12 + 1))


def month_keys(y: int, m0: int, m1: int) -> tuple[int, int]:
    """Months ``m0``..``m1`` of year ``y`` as (first, last) keys. A range that wraps the turn of the year
    ("November–February 2024", "April–January" of a fiscal year) ends in ``y`` and begins the year before."""
    return key(y - (m0 > m1), m0), key(y, m1)


def months_of(y: int, m0: int, m1: int) -> Period:
    return from_keys(*month_keys(y, m0, m1))


# --------------------------------------------------------------------------- formal labels
_ONE = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<m>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01]))?|H(?P<h>[12])|"
                  r"Q(?P<q>[1-4])|(?P<n>[1-9]|1[01])M))?")


def _one(text: str) -> Period | None:
    m = _ONE.fullmatch(text)
    if not m:
        return None
    y = int(m["y"])
    if m["d"]:
        try:
            d = dt.date(y, int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        return Period(d, d)
    if m["m"]:
        return months_of(y, int(m["m"]), int(m["m"]))
    if m["h"]:
        h = int(m["h"])
        return months_of(y, 6 * h - 5, 6 * h)
    if m["q"]:
        q = int(m["q"])
        return months_of(y, 3 * q - 2, 3 * q)
    if m["n"]:
        return months_of(y, 1, int(m["n"]))
    return months_of(y, 1, 12)


@lru_cache(maxsize=4096)
def parse(text: str | None) -> Period | None:
    """A formal label (``2021``, ``2022-02``, ``2021-02-24``, ``2022-H2``, ``2022-Q3``, ``2023-9M``, or ``A/B``
    of any two of them) → :class:`Period`; None when it is not one (or a range ends before it starts)."""
    if text is None:
        return None
    s = str(text).strip()
    if not s:
        return None
    first, sep, last = s.partition("/")
    a = _one(first)
    if a is None:
        return None
    if not sep:
        return a
    b = _one(last)
    if b is None or b.end < a.start:
        return None
    return Period(a.start, b.end)


def parse_keys(text: str | None) -> tuple[int, int] | None:
    """A formal label → (first, last) month keys (the claim checker's form)."""
    p = parse(text)
    return p.keys if p else None


def canonical(text: str | None) -> str | None:
    """A formal label in its canonical form (``2022-H2`` → ``2022-07/2022-12``), or None."""
    p = parse(text)
    return p.label if p else None


def words(text: str | None) -> str:
    """A formal label in words for readers: ``2023-01/2023-07`` → 'January–July 2023', ``2022-11/2023-02`` →
    'November 2022–February 2023', ``2023-03`` → 'March 2023', ``2023-03-12`` → '12 March 2023', ``2021/2022``
    → '2021–2022'. Text that is not a label comes back unchanged (None as '')."""
    p = parse(text)
    if p is None:
        return "" if text is None else str(text)
    if p.is_day:
        return f"{p.start.day} {calendar.month_name[p.start.month]} {p.start.year}"
    if not p.whole_months:
        return f"{words(p.start.isoformat())}–{words(p.end.isoformat())}"
    (y0, m0), (y1, m1) = (p.start.year, p.start.month), (p.end.year, p.end.month)
    if m0 == 1 and m1 == 12:
        return str(y0) if y0 == y1 else f"{y0}–{y1}"
    if (y0, m0) == (y1, m1):
        return f"{calendar.month_name[m0]} {y0}"
    if y0 == y1:
        return f"{calendar.month_name[m0]}–{calendar.month_name[m1]} {y0}"
    return f"{calendar.month_name[m0]} {y0}–{calendar.month_name[m1]} {y1}"


def contains(outer: str, inner: str) -> bool:
    a, b = parse(outer), parse(inner)
    return bool(a and b and a.contains(b))


def overlaps(p: str, q: str) -> bool:
    a, b = parse(p), parse(q)
    return bool(a and b and a.overlaps(b))


def compare(p: str, q: str) -> int:
    """-1, 0 or 1 as period ``p`` starts before, with or after ``q`` (then by end); labels must parse."""
    a, b = parse(p), parse(q)
    if a is None or b is None:
        raise ValueError(f"not a period: {p if a is None else q!r}")
    return (a > b) - (a < b)


# --------------------------------------------------------------------------- prose
YEAR = r"(?:19[5-9]\d|20\d\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORD_WORDS = {
    # English
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    # German (inflected forms share their stems)
    "erste": 1, "ersten": 1, "erstes": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweites": 2, "dritte": 3,
    "dritten": 3, "drittes": 3, "vierte": 4, "vierten": 4, "viertes": 4,
    # Russian
    "первый": 1, "первом": 1, "первое": 1, "первого": 1, "первом,": 1, "второй": 2, "втором": 2, "второе": 2,
    "второго": 2, "третий": 3, "третьем": 3, "третьего": 3, "четвертый": 4, "четвёртый": 4, "четвертом": 4,
    "четвёртом": 4, "четвертого": 4, "четвёртого": 4, "первую": 1, "вторую": 2, "первой": 1, "первая": 1,
    # Ukrainian
    "перший": 1, "першому": 1, "першого": 1, "перше": 1, "другий": 2, "другому": 2, "другого": 2, "друге": 2,
    "першій": 1, "другій": 2, "перша": 1, "друга": 2, "третій": 3, "третьому": 3, "третього": 3, "четвертий": 4, "четвертому": 4, "четвертого": 4,
}
_ORD_RE = ("(?:" + "|".join(sorted((re.escape(w) for w in _ORD_WORDS), key=len, reverse=True)) +
           r"|[1-4]\.|[1-4]-?(?:й|м|го|е)|I{1,3}|IV)")
_QUARTER_WORDS = r"(?:quartals|quartal|quarter|квартале|квартала|кварталі|кварталу|квартал)(?![\w\u0400-\u04ff])"
_HALF_WORDS = (r"(?:half-year|halbjahres|halbjahrs|halbjahr|jahreshälfte|half|полугодие|полугодии|полугодия|полугодье|"
               r"половин[аеуыі]|півріччя|півріччі)(?![\w\u0400-\u04ff])")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
                "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "два": 2, "три": 3, "четыре": 4, "пять": 5,
                "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "дві": 2,
                "чотири": 4, "п'ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9, "десять ": 10}
_COUNT_RE = "(?:" + "|".join(sorted((re.escape(w) for w in _COUNT_WORDS), key=len, reverse=True)) + r"|\d{1,2})"
_MONTHS_WORD = r"(?:months|monaten|monate|месяцев|месяца|місяців|місяці)"
_YEAR_TAIL = r"(?:-(?:му|м|го|й|ом|ому)(?![\w\u0400-\u04ff])|\s*(?:г\.|гг\.|года|году|год|р\.|року|рік))?"
_DASH = r"\s*(?:[-–—]|to|through|bis|по|до|and|und)\s*"

#: relative years: phrase -> offset from the document's year
RELATIVE_YEARS: dict[str, int] = {
    "last year": -1, "the previous year": -1, "the year before": -1, "a year earlier": -1, "a year ago": -1,
    "this year": 0, "the current year": 0, "next year": 1, "the year before last": -2,
    "торік": -1, "торiк": -1, "позаторік": -2, "цьогоріч": 0, "минувшем году": -1, "минувшего года": -1,
    "нынешнем году": 0, "нынешнего года": 0, "im vergangenen jahr": -1, "vergangenen jahres": -1,
    "vergangenes jahr": -1, "im letzten jahr": -1, "the past year": -1,
    "ein jahr zuvor": -1, "ein jahr früher": -1, "годом ранее": -1, "годом раньше": -1, "роком раніше": -1,
    "letztes jahr": -1, "letzten jahr": -1, "im vorjahr": -1, "vorjahr": -1, "vorjahres": -1, "des vorjahres": -1,
    "dieses jahr": 0, "diesem jahr": 0, "dieses jahres": 0, "laufenden jahres": 0, "im laufenden jahr": 0,
    "прошлый год": -1, "прошлом году": -1, "прошлого года": -1, "предыдущий год": -1, "предыдущего года": -1,
    "этот год": 0, "этом году": 0, "этого года": 0, "текущем году": 0, "текущего года": 0,
    "позапрошлом году": -2,
    # the year after the document's ("next year" in four languages) and German inflections of the current year
    "следующем году": 1, "следующего года": 1, "будущем году": 1, "наступного року": 1, "наступному році": 1,
    "nächstes jahr": 1, "nächsten jahr": 1, "nächsten jahres": 1, "kommenden jahr": 1, "kommenden jahres": 1,
    "laufende jahr": 0, "das laufende jahr": 0,
    "im jahr davor": -1, "das jahr davor": -1, "jahr davor": -1,
    "минулий рік": -1, "минулому році": -1, "минулого року": -1, "попереднього року": -1,
    "цей рік": 0, "цьому році": 0, "цього року": 0, "поточному році": 0, "поточного року": 0,
}
RELATIVE_RE = ("(?:" + "|".join(sorted((re.escape(w) for w in RELATIVE_YEARS), key=len, reverse=True)) + ")")

PROSE_RE = re.compile(
    # 12.03.2023 / 12/03/2023 (day first, as in all four languages' usage here)
    r"(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>" + YEAR + r")(?!\d)" + _YEAR_TAIL +
    # a span of days is read as the months it covers: "from 1 July to 19 September 2016", "с 1 июля по 19 сентября
    # 2016 года", "vom 1. Juli bis zum 19. September" → 2016-07/2016-09
    r"|(?:from\s+|vom\s+|с\s+|со\s+|з\s+|від\s+)(?P<rd1>\d{1,2})\.?(?:\s+(?P<rm1>" + MONTH_RE + r"))?\s+(?:to|until|till|"
    r"bis(?:\s+zum|\s+zur)?|по|до)\s+(?P<rd2>\d{1,2})\.?\s+(?P<rm2>" + MONTH_RE + r")(?:\s+(?P<ry>" + YEAR + r"))?" +
    _YEAR_TAIL +
    # 12 March 2023, 12. März 2023, 12 марта 2023 г.
    r"|(?P<td>\d{1,2})\.?\s+(?P<tm>" + MONTH_RE + r")\s+(?P<ty>" + YEAR + r")" + _YEAR_TAIL +
    # March 12, 2023
    r"|(?<![\w\u0400-\u04ff])(?P<um>" + MONTH_RE + r")\s+(?P<ud>\d{1,2}),?\s+(?P<uy>" + YEAR + r")"
    # Q1 2023, Q1/2023, 1Q23? (only four-digit years), H1 2023, 9M 2023, 9M2023
    r"|\b(?P<qh>[QH])(?P<qn>[1-4])(?:\s*|/|-)(?P<qy>" + YEAR + r")?\b"
    r"|\b(?P<nmn>[1-9]|1[01])M(?:\s*|-)(?P<nmy>" + YEAR + r")?\b"
    # first quarter of 2023, 1. Quartal 2023, I квартал 2023 года, первое полугодие, у першому півріччі
    r"|(?:the\s+|im\s+|in\s+|в\s+|у\s+)?(?P<ord>" + _ORD_RE + r")\s+(?P<part>" + _QUARTER_WORDS + "|" + _HALF_WORDS +
    r")(?:\s+(?:of\s+|des\s+|)?(?P<py>" + YEAR + r")" + _YEAR_TAIL + r"|\s+(?:of\s+|des\s+)?(?P<prel>" + RELATIVE_RE +
    r")(?![\w\u0400-\u04ff]))?" +
    # first nine months of 2023, die ersten neun Monate 2023, за 9 месяцев 2023 года, за 9 місяців
    r"|(?:the\s+first\s+|die\s+ersten\s+|den\s+ersten\s+|in\s+den\s+ersten\s+|за\s+|первые\s+|перші\s+)(?P<nm>"
    + _COUNT_RE + r")\s+(?:первых\s+|перших\s+)?" + _MONTHS_WORD + r"(?:\s+(?:of\s+)?(?P<ny>" + YEAR + r")" +
    _YEAR_TAIL + r"|\s+(?:of\s+)?(?P<nrel>" + RELATIVE_RE + r")(?![\w\u0400-\u04ff]))?" +
    # (not "the first nine months of India's fiscal year": those are not the calendar year's)
    r"(?!\s+of\s+(?:the\s+|its\s+|this\s+|that\s+|[\w.]+['’]s\s+)?(?:fiscal|financial))" +
    # "9 месяцев 2024 г.", "nine months 2023": a count of months with a year is the year's first months
    r"|(?<![\w\u0400-\u04ff.,])(?P<bnm>" + _COUNT_RE + r")\s+" + _MONTHS_WORD + r"\s+(?P<bny>" + YEAR + r")" + _YEAR_TAIL +
    # a span of months across years: "April 2008-March 2009", "between April 2022 and March 2023", "von April 2022
    # bis März 2023", "с апреля 2022 по март 2023 года"
    r"|(?<![\w\u0400-\u04ff])(?:(?P<xb>between|zwischen)\s+)?(?P<xm1>" + MONTH_RE + r")\s+(?P<xy1>" + YEAR + r")" + _YEAR_TAIL +
    r"\s*(?:[-–—]|to|through|until|bis(?:\s+zum|\s+zur)?|по|до|(?(xb)(?:and|und)|(?!)))\s*(?P<xm2>" + MONTH_RE +
    r")\s+(?P<xy2>" + YEAR + r")" + _YEAR_TAIL +
    # January–August 2023, Jan-Aug 2023, январь–август 2023, січень-серпень, im März 2023, March 2023
    # (not within a word: "jan" in "Azerbaijan")
    r"|(?<![\w\u0400-\u04ff])(?P<m1>" + MONTH_RE + r")(?:" + _DASH + r"(?P<m2>" + MONTH_RE + r"))?(?:\s+(?P<my>" + YEAR + r")" +
    _YEAR_TAIL + r"|\s+(?:of\s+|des\s+)?(?P<mrel>" + RELATIVE_RE + r")(?![\w\u0400-\u04ff]))?" +
    r"|(?:(?<![\w\u0400-\u04ff])(?:в|у|in|за)\s+)?(?P<rel>" + RELATIVE_RE + r")(?![\w\u0400-\u04ff])"
    r"|(?P<y1>" + YEAR + r")(?:\s*[-–—/]\s*(?P<y2>" + YEAR + r"))?" + _YEAR_TAIL + r"(?!\d)",
    re.IGNORECASE)


#: fiscal and marketing years and spans of days: a separate pattern, tried only where one of its words stands
SPAN_RE = re.compile(
    # fiscal and marketing years: "fiscal 2023-24", "FY2023/24", "Fiskaljahr 2023/24" (April–March), "marketing
    # year 2022/23", "Saison 2022/23", "сезон 2022/23" (July–June)
    r"(?P<fyw>(?:the\s+)?fiscal(?:\s+year)?|FY|Fiskaljahr(?:es)?|Finanzjahr(?:es)?|финансов[\u0400-\u04ff]*\s+год[\u0400-\u04ff]*|"
    r"фінансов[\u0400-\u04ff]*\s+р[оі]к[\u0400-\u04ff]*|marketing\s+year|crop\s+year|season|Saison|Wirtschaftsjahr(?:es)?|"
    r"сезон[\u0400-\u04ff]*|маркетингов[\u0400-\u04ff]*\s+год[\u0400-\u04ff]*)\s*(?P<fy1>" + YEAR +
    r")\s*[-–/]\s*(?P<fy2>\d{2}(?!\d)|" + YEAR + r")"
    # twelve months that end in a named month: "the fiscal year to March 2023", "the year ending June 2022", "the
    # 12 months to September 2021"
    r"|(?:(?:fiscal|financial)\s+)?(?:year|12\s+months|twelve\s+months|four\s+quarters)\s+(?:to|through|ending|ended)\s+"
    r"(?:in\s+|the\s+end\s+of\s+)?(?P<ytm>" + MONTH_RE + r")(?:\s+(?P<yty>" + YEAR + r"))?(?![\w\u0400-\u04ff])(?!\s+\d)"
    # a fiscal year named by its last month, the year left to the document's date: "the financial year that ended
    # on March 31", "the fiscal year ending in March 2009", "fiscal years ending March 2020"
    r"|(?:fiscal|financial)\s+years?,?\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?:on\s+|in\s+)?(?:\d{1,2}\s+)?"
    r"(?P<fem>" + MONTH_RE + r")(?:\s+\d{1,2}(?!\d))?(?:,?\s+(?P<fey>" + YEAR + r"))?"
    # a year with the next one's last two digits is a fiscal or marketing year: "in 2013-14", "the 2022/23
    # season" (July-June), "the 2023-24 fiscal year" (April-March, the default)
    r"|(?<![\d./-])(?P<sy1>" + YEAR + r")\s*[-–/]\s*(?P<sy2>\d{2})(?![\d/%-]|[.,]\d)(?:\s+(?P<syw>season|marketing\s+year|"
    r"crop\s+year|Saison|сезон[\u0400-\u04ff]*))?"
    # one fiscal year named by one year: "FY24", "FY2024", "fiscal 2023", "fiscal year 2024" (which year that is
    # depends on the country: see fiscal_years.yaml)
    r"|(?<![\w-])(?:(?-i:FY)\s?['’]?(?P<fs2>\d{2})(?![\d/–-])|(?:(?-i:FY)\s?|fiscal\s+(?:year\s+)?)(?P<fs4>" + YEAR +
    r")(?!\s*[-–/]\s*\d)(?!\d))",
    re.IGNORECASE)


@lru_cache(maxsize=1)
def fiscal_table() -> dict[str, tuple[int, str]]:
    """Countries whose government fiscal year is not the calendar year: ISO3 → (first month, "end"|"start": the
    year a one-year label such as "FY24" names); from ``data/fiscal_years.yaml`` (each row with its source)."""
    from importlib.resources import files
    from dyadwatch.safeyaml import load
    name = "data/fiscal_years.yaml"
    raw = load(files("dyadwatch").joinpath(name).read_text(encoding="utf-8"), name) or {}
    return {str(k): (int(v["first"]), str(v.get("named_by", "end"))) for k, v in raw.items()}


def fiscal_period(year: int, single: bool, first: int = 4, named_by: str = "end") -> "Period":
    """The fiscal year that starts in month ``first``: a two-year label "2021-22" (``year`` = 2021, not
    ``single``) or a one-year label "FY24"/"fiscal 2023" (``year`` as written, ``single``)."""
    if first == 1:
        y0 = year + 1 if not single else year
        return from_keys(key(y0, 1), key(y0, 12))
    y0 = year - 1 if single and named_by == "end" else year
    return from_keys(key(y0, first), key(y0 + 1, first - 1))
_SPAN_GATE = re.compile(r"fiscal|financial|(?-i:FY)|season|Saison|Fiskal|Finanzjahr|Wirtschaftsjahr|marketing|crop\s+year|сезон|"
                        r"финансов|фінансов|маркетинг|(?:from|vom|с|со|з|від)\s+\d|(?:year|months|quarters)\s+(?:to|end|through)|"
                        r"\d{4}\s*[-–/]\s*\d\d(?![\d/-]|[.,]\d)", re.IGNORECASE)


#: words that also open the prose grammar (tested as substrings of the lower-cased text, which is cheaper than more
#: alternatives in PROSE_GATE)
PROSE_WORDS = ("fiscal", "season", "marketing year", "crop year", "saison", "fiskal", "finanzjahr", "wirtschaftsjahr",
               "past year", "vergangen", "gesamtjahr", "year to", "year end", "months to", "months end", "months through",
               "year through", "financial", "quarters to")


#: a cheap test that a text can hold a period the English grammar of the claim checker does not read
PROSE_GATE = re.compile(r"[\u0400-\u04ff]|(?-i:FY)|\b[QH][1-4]\b|\b\d{1,2}M\b|Quartal|Halbjahr|Monate|last year|this year|year earlier|year ago|Jahr zuvor|Jahr früher|"
                        r"year before|previous year|current year|next year|Vorjahr|Jahr|Januar|Februar|März|Mai|Juni|"
                        r"Juli|Oktober|Dezember|\d\.\d{1,2}\.\d{4}|\d{4}\s*[-–/]\s*\d\d(?![\d/-]|[.,]\d)", re.I)

#: the literal starts of PROSE_RE's alternatives: it is tried only where one stands (perf; see dyadwatch.rxgate)
_PROSE_TRIGGER = trigger(["between", "zwischen", "from", "vom", "с", "з", "від", "the", "im", "in", "в", "у", "die", "den", "за", "первые",
                          "перші", *"0123456789", *(a + b for a in "qh" for b in "1234"), *_ORD_WORDS, *MONTHS,
                          *RELATIVE_YEARS, *_COUNT_WORDS], extra=[r"(?:i{1,3}|iv)\s"], flags=re.IGNORECASE)


def _ord(word: str) -> int | None:
    w = word.strip().lower()
    if w in _ORD_WORDS:
        return _ORD_WORDS[w]
    if w.upper() in ("I", "II", "III", "IV"):
        return _ROMAN[w]
    m = re.match(r"([1-4])", w)
    return int(m[1]) if m else None


@dataclass
class Mention:
    """A period written in prose, at ``text[start:end]``. ``period`` is None while its year is unknown; then
    ``months`` holds its first and last month (resolved against a context year), ``relative`` a year offset
    from the document's year ("last year" → -1)."""
    start: int
    end: int
    period: Period | None
    months: tuple[int, int] | None = None
    relative: int | None = None
    day: bool = False                                # a date ("12 March 2023"), not a period of figures
    ending: int | None = None                        # twelve months to this month of a year left to the date
    fiscal: tuple[int, bool] | None = None           # a fiscal year as labelled: (year, one-year label?)

    def resolve(self, year: int | None = None, doc_date: str | dt.date | None = None) -> Period | None:
        """The period, completing a missing year from ``year`` (the context) or a relative one from the
        document date."""
        if self.period is not None:
            return self.period
        if self.relative is not None:
            d = _as_date(doc_date)
            if d is None:
                return None
            y = d.year + self.relative
            if self.ending is not None:          # the latest such month by the date: "the year that ended in March"
                k = key(y - (1 if self.ending > d.month else 0), self.ending)
                return from_keys(k - 11, k)
            return months_of(y, *(self.months or (1, 12)))
        if self.months and year:
            return months_of(year, *self.months)
        return None


def _as_date(d) -> dt.date | None:
    if d is None:
        return None
    if isinstance(d, dt.date):
        return d
    try:
        return dt.date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def _relative(words: str) -> int:
    return RELATIVE_YEARS[re.sub(r"\s+", " ", words.lower())]


def _mention(m: re.Match) -> Mention | None:
    s, e = m.start(), m.end()
    gi = m.re.groupindex
    if "ytm" in gi and m["ytm"]:              # SPAN_RE: twelve months to a named month
        mo = month_number(m["ytm"])
        if mo is None:
            return None
        if not m["yty"]:                       # "the twelve months to August": the latest by the date
            return Mention(s, e, None, None, 0, ending=mo)
        k = key(int(m["yty"]), mo)
        return Mention(s, e, from_keys(k - 11, k))
    if "fem" in gi and m["fem"]:              # SPAN_RE: a fiscal year by its last month
        mo = month_number(m["fem"])
        if mo is None:
            return None
        if m["fey"]:
            k = key(int(m["fey"]), mo)
            return Mention(s, e, from_keys(k - 11, k))
        return Mention(s, e, None, None, 0, ending=mo)
    if "sy1" in gi and m["sy1"]:               # SPAN_RE: "2013-14", "the 2022/23 season"
        y1 = int(m["sy1"])
        if int(m["sy2"]) != (y1 + 1) % 100:
            return None
        first = 7 if m["syw"] else 4
        return Mention(s, e, from_keys(key(y1, first), key(y1 + 1, first - 1)), fiscal=None if m["syw"] else (y1, False))
    if "fy1" in gi and m["fy1"]:               # SPAN_RE: a fiscal or marketing year
        y1 = int(m["fy1"])
        y2 = int(m["fy2"]) if len(m["fy2"]) == 4 else (y1 // 100) * 100 + int(m["fy2"])
        if y2 != y1 + 1:
            return None
        fiscal = bool(re.match(r"(?:the\s+)?fiscal|FY|Fiskal|Finanz|финанс|фінанс", m["fyw"], re.I))
        first = 4 if fiscal else 7
        return Mention(s, e, from_keys(key(y1, first), key(y2, first - 1)), fiscal=(y1, False) if fiscal else None)
    if "fs2" in gi and (m["fs2"] or m["fs4"]):  # SPAN_RE: "FY24", "fiscal 2023"
        y = int(m["fs4"]) if m["fs4"] else 2000 + int(m["fs2"])
        return Mention(s, e, fiscal_period(y, True), fiscal=(y, True))
    try:
        if m["dd"]:
            d = dt.date(int(m["dy"]), int(m["dm"]), int(m["dd"]))
            return Mention(s, e, Period(d, d), day=True)
        if m["td"] or m["ud"]:
            mo = month_number(m["tm"] or m["um"])
            d = dt.date(int(m["ty"] or m["uy"]), mo, int(m["td"] or m["ud"]))
            return Mention(s, e, Period(d, d), day=True)
    except (ValueError, TypeError):
        return None
    if "rd2" in gi and m["rd2"]:
        a, b = month_number(m["rm1"] or m["rm2"]), month_number(m["rm2"])
        if a is None or b is None or b < a:
            return None
        y = m["ry"]
        return Mention(s, e, months_of(int(y), a, b) if y else None, (a, b))
    if m["qh"]:
        n = int(m["qn"])
        size = 3 if m["qh"].upper() == "Q" else 6
        if size == 6 and n > 2:
            return None
        months = (size * (n - 1) + 1, size * n)
        y = m["qy"]
        return Mention(s, e, months_of(int(y), *months) if y else None, months)
    if m["nmn"]:
        months = (1, int(m["nmn"]))
        y = m["nmy"]
        return Mention(s, e, months_of(int(y), *months) if y else None, months)
    if m["ord"]:
        n = _ord(m["ord"])
        part = m["part"].lower()
        size = 3 if part.startswith(("quart", "кварт")) else 6
        if n is None or (size == 6 and n > 2):
            return None
        months = (size * (n - 1) + 1, size * n)
        y = m["py"]
        if m["prel"]:                          # "the first quarter of this year", "у першому кварталі цього року"
            return Mention(s, e, None, months, _relative(m["prel"]))
        return Mention(s, e, months_of(int(y), *months) if y else None, months)
    if m["nm"] or m["bnm"]:
        w = (m["nm"] or m["bnm"]).lower()
        n = int(w) if w.isdigit() else _COUNT_WORDS.get(w)
        if not n or n > 11:
            return None
        y = m["ny"] or m["bny"]
        if m["nrel"]:                          # "the first nine months of this year"
            return Mention(s, e, None, (1, n), _relative(m["nrel"]))
        return Mention(s, e, months_of(int(y), 1, n) if y else None, (1, n))
    if m["xm1"]:
        a, b = month_number(m["xm1"]), month_number(m["xm2"])
        if a is None or b is None or key(int(m["xy1"]), a) > key(int(m["xy2"]), b):
            return None
        return Mention(s, e, from_keys(key(int(m["xy1"]), a), key(int(m["xy2"]), b)))
    if m["m1"]:
        a = month_number(m["m1"])
        b = month_number(m["m2"]) if m["m2"] else a
        if a is None or b is None or b < a:
            return None
        y = m["my"]
        if m["mrel"]:
            return Mention(s, e, None, (a, b), _relative(m["mrel"]))
        return Mention(s, e, months_of(int(y), a, b) if y else None, (a, b))
    if m["rel"]:
        return Mention(s, e, None, None, _relative(m["rel"]))
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if m["y2"] else y1
    if y2 < y1:
        return None
    return Mention(s, e, from_keys(key(y1, 1), key(y2, 12)))


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every period or date written in ``text[start:end]`` (absolute offsets), in order."""
    end = len(text) if end is None else end
    spans = []
    if _SPAN_GATE.search(text, start, end):
        spans = [pm for m in SPAN_RE.finditer(text, start, end) if (pm := _mention(m)) is not None]
    out = list(spans)
    for m in gated_finditer(PROSE_RE, _PROSE_TRIGGER, text, start, end):
        if spans and any(x.start < m.end() and m.start() < x.end for x in spans):
            continue
        pm = _mention(m)
        if pm is not None:
            out.append(pm)
    out.sort(key=lambda x: x.start)
    return out


def read(text: str, doc_date: str | dt.date | None = None, year: int | None = None) -> Period | None:
    """A period as written in prose (the whole of ``text``), resolved against the document date or a context
    year: ``read("H1 2023")``, ``read("январь–август", year=2023)``, ``read("last year", "2024-03-15")``."""
    s = text.strip()
    m = SPAN_RE.fullmatch(s) or PROSE_RE.fullmatch(s)
    if m is None:
        return parse(s)
    pm = _mention(m)
    return pm.resolve(year, doc_date) if pm else None


def normalise(text: str, doc_date: str | dt.date | None = None, year: int | None = None) -> str | None:
    """The canonical label of a formal or written period, or None: ``normalise("9M 2023")`` →
    ``"2023-01/2023-09"``, ``normalise("2022-H2")`` → ``"2022-07/2022-12"``."""
    p = parse(text) or read(text, doc_date, year)
    return p.label if p else None


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def find_date(text: str, limit: int = 1500) -> str | None:
    """A document's date: the first full date in its first ``limit`` characters (ISO, DD.MM.YYYY, "16 May
    2024", "May 16, 2024", "16. Mai 2024", "16 мая 2024 г.", "16 травня 2024 р."), as YYYY-MM-DD."""
    head = text[:limit]
    best: tuple[int, dt.date] | None = None
    for m in _ISO_DATE.finditer(head):
        try:
            best = (m.start(), dt.date(int(m[1]), int(m[2]), int(m[3])))
            break
        except ValueError:
            continue
    for pm in mentions(head):
        if pm.day and pm.period is not None and (best is None or pm.start < best[0]):
            best = (pm.start, pm.period.start)
            break
    return best[1].isoformat() if best else None
