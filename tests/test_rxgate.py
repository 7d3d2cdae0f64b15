"""Gated patterns (dyadwatch.rxgate) give exactly the matches of the plain patterns.

Each pattern the checker tries only where its trigger fires is compared with the plain ``finditer`` on every text
of the tuning corpora and on random texts made of the patterns' own vocabulary (months, ordinals, relative years,
currencies, digits, Cyrillic and Latin words, white space and punctuation in every case).
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from dyadwatch import periods as G
from dyadwatch.check import periods as CP
from dyadwatch.check import quantities as Q
from dyadwatch.check.evaluate import load_yaml
from dyadwatch.rxgate import gated_finditer, trigger

ROOT = Path(__file__).resolve().parents[1]
PAIRS = {
    "PERIOD_RE": (CP.PERIOD_RE, CP._PERIOD_TRIGGER),
    "PROSE_RE": (G.PROSE_RE, G._PROSE_TRIGGER),
    "NUMBER_RE": (Q.NUMBER_RE, Q._NUMBER_TRIGGER),
}
VOCAB = (list(G.MONTHS) + list(G.RELATIVE_YEARS) + list(G._ORD_WORDS) + list(G._COUNT_WORDS) +
         Q.CURRENCY_BEFORE + Q.CURRENCY_AFTER +
         ["the ", "first", "second half", "Q1", "h2", "9M", "FY", "III", "IV", "ii", "im", "Vorjahres", "gleichen",
          "Zeitraum", "same period of", "аналогичный период", "соответствующий", "відповідний", "от", "с", "з",
          "from", "vom", "bis", "to", "die ersten", "за", "первые", "перші", "months", "месяцев", "quarter",
          "квартал", "Quartal", "г.", "року", "1st", "2nd", "3rd", "4th", "19", "20", "2023", "1998", "12.03.2021",
          "1", "7", "05", "15", "9 месяцев", "nine months", "the same six months", "Jahreshälfte", "$", "\\$", "US$", "A$", "€", "bn", "million", "%", "-", "–", "/", ".", ",", " ",
          "  ", "\n", "\u00a0", "\t", "a", "x", "Z", "я", "Ж"])


def _texts():
    for d in ("check_corpus", "check_heldout", "check_heldout2", "check_heldout3"):
        for f in sorted((ROOT / "tests" / d).rglob("*.yaml")):
            y = load_yaml(f)
            for it in (y.get("items") or y.get("documents") or []) if isinstance(y, dict) else []:
                if isinstance(it, dict) and "text" in it:
                    yield it["text"]


def _random_texts(n: int, seed: int):
    rnd = random.Random(seed)
    for _ in range(n):
        words = [rnd.choice(VOCAB) for _ in range(rnd.randint(1, 12))]
        words = [w.upper() if rnd.random() < 0.15 else w.capitalize() if rnd.random() < 0.2 else w for w in words]
        yield "".join(w + rnd.choice(("", " ", " ", "-", ".", "\n")) for w in words)


def _same(rx, trig, text, pos=0, end=None):
    end = len(text) if end is None else end
    return [m.span() for m in rx.finditer(text, pos, end)] == [m.span() for m in gated_finditer(rx, trig, text, pos, end)]


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_gated_equals_plain_on_the_corpora(name):
    rx, trig = PAIRS[name]
    texts = list(_texts())
    assert len(texts) > 200
    for t in texts:
        assert _same(rx, trig, t), t[:80]
        assert _same(rx, trig, t, len(t) // 3, 2 * len(t) // 3)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_gated_equals_plain_on_random_texts(name):
    rx, trig = PAIRS[name]
    for t in _random_texts(3000, seed=len(name)):
        assert _same(rx, trig, t), t


def test_a_trigger_that_misses_a_start_is_caught():
    # the comparison above can fail: a trigger without the digits misses every year
    rx = CP.PERIOD_RE
    bad = trigger(["the ", "first"])
    assert not _same(rx, bad, "Trade fell in 2021 and rose in the first half of 2022.")


def test_currency_letter_prefixes_are_case_sensitive():
    # the number trigger is case-sensitive: every currency written before a number with a letter must be too
    for f in Q.CURRENCY_BEFORE:
        if f[0].isalpha():
            assert f != f.lower(), f


def test_last_word_as_the_pattern():
    rnd = random.Random(7)
    alphabet = " \t\n\u00a0\u2003abXY.,-я"
    for _ in range(20000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        a = rnd.randint(0, len(t))
        b = rnd.randint(a, len(t))
        m = Q._LASTWORD.search(t, a, b)
        assert Q._last_word(t, a, b) == (m.group(1).lower() if m else "")


def test_p10_needs_its_auxiliary():
    from dyadwatch.check.subjects import FLOW_PATTERNS, _HAT
    p10 = dict(FLOW_PATTERNS)["p10"]
    # the pattern requires white space and the auxiliary right after its country (what _HAT looks for)
    assert r"\s+(?:hat|haben|hatte|hatten)\b" in p10.pattern
    m = p10.search("Polen hat 2023 Waren nach Deutschland exportiert")
    assert m is not None and _HAT.search(m.group(0))
