"""Numbers as written: parsing (locales, scale words, number words) and intervals.

Every number gets an interval from the way it is written: ± half a unit in its last digit (``1.5`` →
[1.45, 1.55]; ``70%`` → [69.5, 70.5]; ``$20 million`` → [19.5, 20.5] million; ``1.50`` → [1.495, 1.505]),
except that a bare integer ending in two or more zeros is read as rounded to its last non-zero digit
(``2000 soldiers`` → [1500, 2500]; ``30,000`` → [25,000, 35,000]). A hedge then widens or shifts the interval (table :data:`HEDGES`, also in docs/check.md).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

# --------------------------------------------------------------------------- scale words and currencies
#: the one table of scale words and currencies (data/check_units.yaml), read once
UNITS_PATH = Path(__file__).resolve().parents[1] / "data" / "check_units.yaml"


class _Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mult: float
    comma: bool
    words: list[str]


class _Currency(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sign: str | None = None
    countries: list[str]
    before: list[str]
    after: list[str]


class _Units(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scales: list[_Scale]
    currencies: dict[str, _Currency]


def _load_units() -> _Units:
    from dyadwatch.safeyaml import load_valid
    return load_valid(UNITS_PATH, _Units, name="data/check_units.yaml", what="unit table")[1]


_UNITS = _load_units()
#: scale word (lower case, trailing dot stripped) -> (multiplier, decimal-comma locale?)
SCALES: dict[str, tuple[float, bool]] = {w.lower().rstrip("."): (s.mult, s.comma) for s in _UNITS.scales
                                         for w in s.words}
#: the scale words as written (a trailing dot: the dot may be left out)
SCALE_WORDS: list[str] = [w for s in _UNITS.scales for w in s.words]
#: the currencies the checker reads (ISO codes), in the table's order
CURRENCIES: tuple[str, ...] = tuple(_UNITS.currencies)
CURRENCY_COUNTRIES: dict[str, tuple[str, ...]] = {k: tuple(c.countries) for k, c in _UNITS.currencies.items()}
CURRENCY_BEFORE: list[str] = sorted({f for c in _UNITS.currencies.values() for f in c.before})
CURRENCY_AFTER: list[str] = sorted({f for c in _UNITS.currencies.values() for f in c.after})
_SIGNS = {k: c.sign for k, c in _UNITS.currencies.items() if c.sign}


def _form_key(form: str) -> str:
    return re.sub(r"[\\\s.]", "", form.lower())


#: a currency form (see :func:`_form_key`) -> the currencies it may name, the most likely first
_FORMS: dict[str, list[str]] = {}
for _code, _cur in _UNITS.currencies.items():
    for _f in (*_cur.before, *_cur.after):
        _codes = _FORMS.setdefault(_form_key(_f), [])
        if _code not in _codes:
            _codes.append(_code)


def currency_code(form: str | None, dyad=()) -> str | None:
    """The ISO code of a currency as written ("$", "Swiss francs", "юаней", "A$"); a form several currencies
    share ("dirhams", "lei") is the one of a country of ``dyad`` when there is one, else the first listed."""
    if not form:
        return None
    codes = _FORMS.get(_form_key(form))
    if not codes:
        return None
    if len(codes) > 1:
        for code in codes:
            if any(iso in CURRENCY_COUNTRIES[code] for iso in dyad):
                return code
    return codes[0]


def _atoms(form: str, space: str) -> list[str]:
    out = []
    for ch in form:
        if ch == " ":
            out.append(space)
        elif ch == ".":
            out.append(r"\.?")
        elif ch == "$":
            out.append(r"\\?\$")        # markdown escapes a dollar: "\$5"
        else:
            out.append(re.escape(ch))
    return out


def forms_regex(forms, space: str = r"\s?", keep_case: bool = True) -> str:
    """One pattern for written forms, factored by common prefixes; a space in a form stands for ``space``, a dot
    may be left out; forms with a capital letter (codes, "A$") keep their case, the others match in any case."""
    def trie(group) -> str:
        root: dict = {}
        for f in group:
            node = root
            for a in _atoms(f, space):
                node = node.setdefault(a, {})
            node[""] = {}

        def build(node) -> str:
            alts = [a + build(sub) for a, sub in sorted(node.items()) if a]
            if not alts:
                return ""
            body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
            return "(?:" + body + ")?" if "" in node else body
        return build(root)
    if not keep_case:
        return "(?:" + trie(forms) + ")"
    cased = [f for f in forms if f != f.lower()]
    plain = [f for f in forms if f == f.lower()]
    parts = ([f"(?-i:{trie(cased)})"] if cased else []) + ([trie(plain)] if plain else [])
    return "(?:" + "|".join(parts) + ")"


NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}

FRACTION_WORDS: dict[str, float] = {
    "a half": 0.5, "half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
    "one quarter": 0.25, "two thirds": 2 / 3, "two-thirds": 2 / 3, "three quarters": 0.75,
    "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1,
    "ein viertel": 0.25, "ein drittel": 1 / 3, "ein fünftel": 0.2, "ein zehntel": 0.1, "zwei drittel": 2 / 3, "die hälfte": 0.5, "drei viertel": 0.75,
    "две трети": 2 / 3, "треть": 1 / 3, "четверть": 0.25, "половина": 0.5, "половину": 0.5, "половины": 0.5,
    "половине": 0.5, "три четверти": 0.75, "дві третини": 2 / 3, "третина": 1 / 3, "третину": 1 / 3,
    "третини": 1 / 3, "чверть": 0.25, "три чверті": 0.75,
}

# --------------------------------------------------------------------------- hedges
#: hedge -> (mode, relative widening). Modes: "sym" widens both sides, "below" means the true value is at
#: or under the number, "above" at or over it, "min"/"max" are open bounds.
HEDGES: dict[str, tuple[str, float]] = {
    "about": ("sym", 0.05), "around": ("sym", 0.05), "approximately": ("sym", 0.05),
    "approx.": ("sym", 0.05), "roughly": ("sym", 0.05), "some": ("sym", 0.05), "circa": ("sym", 0.05),
    "c.": ("sym", 0.05), "an estimated": ("sym", 0.10), "estimated": ("sym", 0.10), "~": ("sym", 0.05),
    "close to": ("below", 0.03), "nearly": ("below", 0.03), "almost": ("below", 0.03),
    "just under": ("below", 0.03), "slightly less than": ("below", 0.03), "not quite": ("below", 0.03),
    "just over": ("above", 0.03), "slightly more than": ("above", 0.03), "just above": ("above", 0.03),
    "more than": ("min", 0.0), "over": ("min", 0.0), "above": ("min", 0.0), "in excess of": ("min", 0.0),
    "at least": ("min", 0.0), "upwards of": ("min", 0.0), "exceeding": ("min", 0.0),
    "less than": ("max", 0.0), "under": ("max", 0.0), "below": ("max", 0.0), "up to": ("max", 0.0),
    "surpassed": ("min", 0.0), "exceeded": ("min", 0.0), "topped": ("min", 0.0), "mehr als": ("min", 0.0),
    "passed": ("min", 0.0), "surpassed the": ("min", 0.0), "exceeds": ("min", 0.0), "surpasses": ("min", 0.0),
    "auf über": ("min", 0.0), "bei über": ("min", 0.0), "mit über": ("min", 0.0), "von über": ("min", 0.0),
    "превышает": ("min", 0.0), "превышают": ("min", 0.0), "превысил рекордные": ("min", 0.0),
    "перевищує": ("min", 0.0), "перевищують": ("min", 0.0),
    "более": ("min", 0.0), "свыше": ("min", 0.0), "больше": ("min", 0.0),
    "понад": ("min", 0.0), "більше": ("min", 0.0), "weniger als": ("max", 0.0), "менее": ("max", 0.0),
    "меньше": ("max", 0.0), "менше": ("max", 0.0),
    "rund": ("sym", 0.05), "etwa": ("sym", 0.05), "ungefähr": ("sym", 0.05), "circa": ("sym", 0.05),
    "около": ("sym", 0.05), "порядка": ("sym", 0.05), "примерно": ("sym", 0.05), "приблизно": ("sym", 0.05),
    "близько": ("sym", 0.05), "fast": ("below", 0.03), "knapp": ("below", 0.03), "почти": ("below", 0.03),
    "майже": ("below", 0.03),
    "at most": ("max", 0.0), "no more than": ("max", 0.0), "fewer than": ("max", 0.0),
    # German, Russian, Ukrainian bounds (issue 11, round 3)
    "bis zu": ("max", 0.0), "höchstens": ("max", 0.0), "maximal": ("max", 0.0),
    "mindestens": ("min", 0.0), "nicht weniger als": ("min", 0.0),  # not "über", "unter": "ein Abkommen über …"
    "knapp über": ("above", 0.03), "knapp unter": ("below", 0.03), "gut": ("above", 0.03),
    "überstieg": ("min", 0.0), "überstiegen": ("min", 0.0), "übertraf": ("min", 0.0), "übertrafen": ("min", 0.0),
    "более чем": ("min", 0.0), "больше чем": ("min", 0.0), "не менее": ("min", 0.0), "не меньше": ("min", 0.0),
    "превысил": ("min", 0.0), "превысила": ("min", 0.0), "превысило": ("min", 0.0), "превысили": ("min", 0.0),
    "не более": ("max", 0.0), "не больше": ("max", 0.0), "менее чем": ("max", 0.0), "до уровня": ("max", 0.0),
    "більш ніж": ("min", 0.0), "більше ніж": ("min", 0.0), "не менше": ("min", 0.0), "не менш ніж": ("min", 0.0),
    "перевищив": ("min", 0.0), "перевищила": ("min", 0.0), "перевищило": ("min", 0.0), "перевищили": ("min", 0.0),
    "не більше": ("max", 0.0), "менш ніж": ("max", 0.0), "менше ніж": ("max", 0.0),
}
HEDGE_RE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))


@dataclass(frozen=True)
class Parsed:
    value: float        # the number as written, before any scale word
    half_unit: float    # half a unit in the last significant digit (before scaling)


_DIGITS_RE = re.compile(r"\d")


def parse_number(raw: str, decimal_comma: bool = False, round_zeros: bool = True) -> Parsed | None:
    """Parse a written number: ``1,234.5``, ``1.234,5`` (``decimal_comma``), ``1 234``, ``1,5``."""
    s = raw.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("'", "")
    if not s or not _DIGITS_RE.search(s):
        return None
    s = s.replace(" ", "")
    neg = s.startswith(("-", "−", "–"))
    s = s.lstrip("-−–+")
    if decimal_comma:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s and "." not in s and re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(",", ".")                      # "1,5": a decimal comma whatever the locale
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", s):  # "1.234,5"
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    if s.count(".") > 1:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):   # "1.234.567" German thousands
            s = s.replace(".", "")
        else:
            return None
    try:
        value = float(s)
    except ValueError:
        return None
    if "." in s:
        decimals = len(s.split(".", 1)[1])
        half = 0.5 * 10 ** (-decimals)
    else:
        stripped = s.lstrip("0") or "0"
        trailing = len(stripped) - len(stripped.rstrip("0")) if stripped != "0" else 0
        # "2000 soldiers", "30,000": two or more trailing zeros of a bare integer are read as rounding
        half = 0.5 * 10 ** trailing if (round_zeros and trailing >= 2) else 0.5
    return Parsed(-value if neg else value, half)


def interval(value: float, half_unit: float, hedge: str | None) -> tuple[float, float]:
    """The interval a written number stands for, after its hedge (see :data:`HEDGES`)."""
    lo, hi = value - half_unit, value + half_unit
    if not hedge:
        return lo, hi
    mode, rel = HEDGES.get(hedge.lower(), ("sym", 0.05))
    mag = abs(value) * rel
    if mode == "sym":
        return lo - mag, hi + mag
    if mode == "below":
        return lo - mag, value
    if mode == "above":
        return value, hi + mag
    if mode == "min":
        return value, math.inf
    return (0.0 if value >= 0 else -math.inf), value


def fmt_money(v: float | None, currency: str = "USD") -> str:
    """``1.5e9`` → ``$1.5 billion``; used in explanations and repairs."""
    if v is None or not math.isfinite(v):
        return "?"
    sym = _SIGNS.get(currency or "USD") or (currency or "") + " "   # never "$" for another currency
    a = abs(v)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if a >= scale:
            x = v / scale
            txt = f"{x:.2f}".rstrip("0").rstrip(".")
            return f"{sym}{txt} {word}"
    return f"{sym}{v:,.0f}"


def fmt_num(v: float | None) -> str:
    if v is None or not math.isfinite(v):
        return "?"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}".rstrip("0").rstrip(".")
