"""Subjects: whose flow a number is about (indicator, reporter, partner), and what a count counts.

``reporter`` is the country whose flow it is: "Ukraine's imports from Belarus" → (imports, UKR, BLR);
"Belarus exported … to Ukraine" → (exports, BLR, UKR); turnover "between the two states" → (turnover,
A, B) with the document's dyad. This also says whose statistics a figure most likely comes from, which is
what the consistency checks need to tell an error from a mirror-statistics tension.
"""
from __future__ import annotations

import re
from collections import Counter

from .periods import COUNTRY_NC, COUNTRY_RE, country

C = COUNTRY_NC
# named-group versions of the country pattern
def _c(name: str) -> str:
    return r"(?P<" + name + r">" + C + r")"


FLOW_PATTERNS = [
    # Ukraine's imports from Belarus / Ukrainian exports to Belarus
    ("p1", re.compile(_c("a") + r"\s+(?:total\s+|overall\s+|goods\s+|merchandise\s+)?(?P<ind>exports|imports|"
                      r"deliveries|shipments|purchases|sales)(?:\s+of\s+goods)?\s+(?P<prep>to|from|into)\s+" + _c("b"),
                      re.I)),
    # exports from Ukraine to Belarus / imports into Ukraine from Belarus
    ("p2", re.compile(r"\b(?P<ind>exports|imports)(?:\s+of\s+goods)?\s+(?P<prep>from|of|into|by)\s+" + _c("a") +
                      r"\s+(?:to|into|from)\s+" + _c("b"), re.I)),
    # Belarus imported goods ... from Ukraine (partner optional)
    ("p3", re.compile(_c("a") + r"\s+(?:\w+\s+){0,2}?(?P<verb>imported|exported|imports|exports|importing|exporting|"
                      r"bought|sold|shipped|purchased)\b(?:[^,;]*?\b(?P<prep>to|from)\s+" + _c("b") + r")?", re.I)),
    # exports to Belarus (reporter implied by the dyad)
    ("p4", re.compile(r"\b(?P<ind>exports|imports|deliveries|shipments)(?:\s+of\s+goods)?\s+(?P<prep>to|from)\s+"
                      + _c("b"), re.I)),
    # a verb alone: "while exporting goods worth"
    ("p5", re.compile(r"\b(?P<verb>imported|exported|importing|exporting)\b", re.I)),
    # German, Russian, Ukrainian, noun first: "Экспорт России в Беларусь", "импорт из Беларуси", "Експорт України
    # до Польщі", "Exporte Deutschlands nach Russland", "Importe aus Russland"
    ("p6", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>экспорт[\u0400-\u04ff]*|импорт[\u0400-\u04ff]*|"
                      r"поставк[\u0400-\u04ff]*|експорт[\u0400-\u04ff]*|імпорт[\u0400-\u04ff]*|Exporte?n?|Importe?n?|"
                      r"Ausfuhren|Einfuhren|Lieferungen)\s+(?:товаров\s+|товарів\s+|von\s+Waren\s+)?"
                      r"(?:(?:из\s+|з\s+|aus\s+)?" + _c("a") + r"\s+)?(?P<prep>в|во|на|до|из|с|з|із|nach|aus|in\s+die|"
                      r"in\s+den)\s+" + _c("b"), re.I)),
    # adjective first: "deutsche Exporte nach Russland", "российский экспорт в Беларусь"
    ("p7", re.compile(_c("a") + r"\s+(?P<ind>Exporte?n?|Importe?n?|Ausfuhren|Einfuhren|экспорт[\u0400-\u04ff]*|"
                      r"импорт[\u0400-\u04ff]*|експорт[\u0400-\u04ff]*|імпорт[\u0400-\u04ff]*)"
                      r"(?:\s+(?P<prep>nach|aus|in\s+die|in\s+den|в|во|из|до|з)\s+" + _c("b") + r")?", re.I)),
    # the indicator alone: "turnover … with exports at $2.1 billion and imports at $2.6 billion"
    ("p8", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>exports|imports|Exporte|Importe|Ausfuhren|Einfuhren|экспорт|"
                      r"импорт|експорт|імпорт)(?![\w\u0400-\u04ff])", re.I)),
]
TURNOVER = re.compile(r"(?<![\w\u0400-\u04ff])(?:two-way\s+trade|(?:bilateral\s+)?trade\s+turnover|turnover|bilateral\s+trade|"
                      r"trade\s+volume|(?:goods\s+)?trade\s+(?=between|with)|commerce\s+(?=between)|"
                      r"товарооборот[\u0400-\u04ff]*|(?<=\s)оборот[\u0400-\u04ff]*|товарообіг[\u0400-\u04ff]*|товарообмін[\u0400-\u04ff]*|"
                      r"внешнеторгов[\u0400-\u04ff]*\s+оборот[\u0400-\u04ff]*|торгов[\u0400-\u04ff]*\s+оборот[\u0400-\u04ff]*|"
                      r"Außenhandelsumsatz|Handelsumsatz|Warenumsatz|Handelsvolumen|Warenaustausch|Warenverkehr|"
                      r"(?:bilaterale[nr]?\s+)?Handel(?:s)?\s+(?=zwischen|mit))"
                      r"(?:\s*(?:(?:between|of|with|между|між|zwischen|mit|von)\s+)?(?:" + _c("a") +
                      r"\s+(?:and|и|і|та|und)\s+(?:the\s+|der\s+|den\s+|dem\s+)?" + _c("b") +
                      r"|the\s+two\s+(?:states|countries|sides|nations|neighbours|neighbors)|" + _c("w") + r"))?",
                      re.I)
BALANCE = re.compile(r"(?:" + _c("a") + r"\s+(?:had\s+|ran\s+|posted\s+|recorded\s+)?(?:an?\s+)?)?"
                     r"(?<![\w\u0400-\u04ff])(?:positive\s+|negative\s+)?(?:trade\s+)?(?P<k>surplus|deficit|balance|"
                     r"сальдо|профицит[\u0400-\u04ff]*|дефицит[\u0400-\u04ff]*|профіцит[\u0400-\u04ff]*|"
                     r"дефіцит[\u0400-\u04ff]*|Überschuss|Defizit|Handelsbilanz)(?![\w\u0400-\u04ff])"
                     r"(?:\s+(?:for|of)\s+" + _c("f") + r")?(?:\s+(?:with|vis-à-vis|vis-a-vis|mit|im\s+Handel\s+mit|с|со|"
                     r"в\s+торговле\s+с|з|у\s+торгівлі\s+з)\s+" + _c("b") + r")?",
                     re.I)
EXPORT_WORDS = {"exports", "exported", "exporting", "sold", "shipped", "deliveries", "shipments", "sales"}


def find_dyad(text: str) -> tuple[str, ...]:
    """The two countries a document is about: the two mentioned most often (first mention breaks ties)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in COUNTRY_RE.finditer(text[:200_000]):
        iso = country(m.group(1))
        if iso:
            counts[iso] += 1
            first.setdefault(iso, m.start())
    top = sorted(counts, key=lambda k: (-counts[k], first[k]))[:2]
    return tuple(top)


def _other(dyad, iso):
    if iso and len(dyad) == 2 and iso in dyad:
        return dyad[1] if dyad[0] == iso else dyad[0]
    return None


def _dist(ms: int, me: int, span) -> float:
    s, e = span
    if me <= s:
        return s - me
    if ms >= e:
        return (ms - e) * 1.3
    return 0


#: cheap tests that a clause can match the patterns above at all (most clauses cannot)
_FLOW_HINT = re.compile(r"export|import|deliveri|shipment|shipped|purchase|sales|sold|bought|экспорт|импорт|поставк|"
                        r"експорт|імпорт|ausfuhr|einfuhr|lieferung", re.I)
_TURNOVER_HINT = re.compile(r"turnover|trade|commerce|товарооб|оборот|handel|warenaus|warenverk|umsatz", re.I)
_BALANCE_HINT = re.compile(r"surplus|deficit|balance|сальдо|профиц|дефиц|профіц|дефіц|überschuss|defizit|bilanz", re.I)
_COUNTRY_FIRST = {"p1", "p3", "p7"}


def clause_matches(text: str, cs: int, ce: int):
    """The flow, turnover and balance matches in clause ``text[cs:ce]`` (a clause often holds several numbers:
    callers may keep the result for the next number of the same clause)."""
    seg = text[cs:ce]
    flows = []
    if _FLOW_HINT.search(seg):
        starts = None
        for name, rx in FLOW_PATTERNS:
            if name not in _COUNTRY_FIRST:
                flows += [(name, rx, m) for m in rx.finditer(text, cs, ce)]
                continue
            # patterns that begin with a country name are tried only where a country name begins (the same
            # matches as finditer, much faster than trying every offset)
            if starts is None:
                starts = [m.start() for m in COUNTRY_RE.finditer(text, cs, ce)]
            last = cs
            for st in starts:
                if st < last:
                    continue
                m = rx.match(text, st, ce)
                if m:
                    flows.append((name, rx, m))
                    last = m.end()
    turn = list(TURNOVER.finditer(text, cs, ce)) if _TURNOVER_HINT.search(seg) else []
    bal = list(BALANCE.finditer(text, cs, ce)) if _BALANCE_HINT.search(seg) else []
    return flows, turn, bal


def trade_subject(text: str, cs: int, ce: int, span, dyad, sent_subject, matches=None, later=(), prev_subject=None):
    """(indicator, reporter, partner) for the number at ``span`` in clause ``text[cs:ce]``, or None.
    ``matches`` is :func:`clause_matches` of that clause when the caller already has it. ``later``: offsets of
    the other numbers of the clause; a flow named after this number and followed by one of them is theirs
    ("exports to X were $2.9 billion, imports from X $1.4 billion")."""
    cands = []
    last_later = max(later, default=-1)              # "followed by one of them" = ends before the last of them
    flows, turn, bal = matches if matches is not None else clause_matches(text, cs, ce)
    for name, rx, m in flows:
        a = country(m["a"]) if "a" in rx.groupindex and m["a"] else None
        b = country(m["b"]) if "b" in rx.groupindex and m["b"] else None
        word = (m["ind"] if "ind" in rx.groupindex and m["ind"] else m["verb"]).lower()
        exp = word in EXPORT_WORDS or word.startswith(("export", "экспорт", "експорт", "ausfuhr", "поставк", "liefer"))
        if name == "p4" or (name in ("p6", "p7") and a is None):
            a = _other(dyad, b)
        if name == "p8":
            a = sent_subject[1] if sent_subject is not None and sent_subject[1] else (dyad[0] if dyad else None)
            # "die Ausfuhren in die EU stiegen …, die Einfuhren um …": the partner just named
            b = (sent_subject[2] if sent_subject is not None and sent_subject[1] == a and sent_subject[2]
                 else _other(dyad, a))
        if name == "p5" or (name == "p3" and b is None):
            if a is None and sent_subject is not None:
                a = sent_subject[1]
            b = b or (sent_subject[2] if sent_subject and sent_subject[1] == a else None) or _other(dyad, a)
        if a is None and b is None:
            continue
        if a is not None and b is None:
            b = _other(dyad, a)
        if a == b:
            continue
        ind = "exports" if exp else "imports"
        if word in ("purchases", "bought", "purchased"):
            ind = "imports"
        d = _dist(m.start(), m.end(), span) + (5 if name in ("p5", "p8") else 0)
        if m.start() >= span[1] and m.end() <= last_later:
            d += 200
        cands.append((d, ind, a, b))
    for m in turn:
        a = country(m["a"]) if m["a"] else None
        b = country(m["b"]) if m["b"] else None
        if m["w"]:
            a, b = None, country(m["w"])
            a = _other(dyad, b)
        if a is None and len(dyad) == 2:
            a, b = dyad
        cands.append((_dist(m.start(), m.end(), span), "turnover", a, b))
    for m in bal:
        if m.start() >= span[1] and text[span[1]:m.start()].strip():
            continue                                 # "…$0.6 billion, a trade surplus of …" is another number
        a = country(m["a"]) if m["a"] else (country(m["f"]) if m["f"] else None)
        b = country(m["b"]) if m["b"] else None
        if a is None:
            a = sent_subject[1] if sent_subject else None
            if a is None:
                near = [country(x.group(1)) for x in COUNTRY_RE.finditer(text, cs, span[0])]
                a = near[-1] if near else None
        if a is None and prev_subject is not None and prev_subject[0] in ("exports", "imports", "balance"):
            a = prev_subject[1]                      # "Отрицательное сальдо составило …": the previous flow's country
        if b is None:
            b = _other(dyad, a)
        cands.append((_dist(m.start(), m.end(), span) - 0.5, "balance", a, b))
    if not cands:
        return None
    _, ind, a, b = min(cands, key=lambda t: t[0])
    if ind == "turnover" and a and b:
        a, b = sorted((a, b))
    return ind, a, b
