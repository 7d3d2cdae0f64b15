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


# ----------------------------------------------------------------- faster forms of the same patterns (perf, issue 11)
_ODD = ["\u212a", "\u017f", "\u0130", "\u0131", "K", "S", "É", "\u00a0", "\u2003", "\n", "  ", "-", ".", ",", "$", "1"]


def _number_contexts(width: int):
    """The ``width`` characters before every number of the tuning texts (what the number step searches)."""
    for t in _texts():
        for m in Q.NUMBER_RE.finditer(t):
            yield t[max(0, m.start() - width):m.start()]


def test_any_of_finds_exactly_where_the_alternation_does():
    from dyadwatch.check import subjects as S
    from dyadwatch.rxgate import any_of
    plain = {"_FLOW_HINT": r"export|import|shipped|Waren|экспорт", "_BALANCE_HINT": r"surplus|сальдо|дефиц|überschuss",
             "_SHARE_HINT": r"share|made up|дол[яеиюя]|частк"}
    rnd = random.Random(11)
    words = ["export", "exporte und", "Import", "IMPORTE", "shipped", "waren", "surplus", "Сальдо", "долю", "доля",
             "made up", "made  up", "share", "Überschuss", "trade", *_ODD, "x", "я"]
    for pat in plain.values():
        rx = re.compile(pat, re.I)
        fast = any_of(rx)
        assert fast is not rx
        for _ in range(3000):
            t = "".join(rnd.choice(words) + rnd.choice(("", " ")) for _ in range(rnd.randint(0, 6)))
            assert bool(rx.search(t)) == bool(fast.search(t)), (pat, t)
            m1, m2 = rx.search(t), fast.search(t)
            assert (m1 and m1.start()) == (m2 and m2.start())
    # the subject step's own tests are all plain alternations, so all are factored
    for name in ("_FLOW_HINT", "_TURNOVER_HINT", "_SHARE_HINT", "_BALANCE_HINT"):
        assert getattr(S, name).pattern.startswith("(?:"), name
    # anything else is returned as it is
    other = re.compile(r"\btrade\b|x+", re.I)
    assert any_of(other) is other


def test_change_verbs_grouped_by_first_letter_match_as_written():
    from dyadwatch.rxgate import by_first_letter
    plain = re.compile(Q.CHANGE_BEFORE.pattern.replace(by_first_letter(Q._CHANGE_VERBS), Q._CHANGE_VERBS), re.I)
    assert plain.pattern != Q.CHANGE_BEFORE.pattern
    verbs = [v.replace("\\s+", " ").replace("?", "") for v in Q._CHANGE_VERBS.split("|") if "(" not in v]
    verbs += ["up", "made up", "making up", "edged  up", "a further", "another", "by", "of", "some", "about",
              "nearly", "almost", "more than", "around", "roughly", "UP", "Fell", "ROSE", "fallen by"]
    rnd = random.Random(5)
    texts = list(_number_contexts(60))
    assert len(texts) > 2000
    for _ in range(20000):
        texts.append("".join(rnd.choice(verbs + _ODD) + rnd.choice(("", " ", " ", "\n")) for _ in range(rnd.randint(0, 6))))
    for t in texts:
        a, b = plain.search(t), Q.CHANGE_BEFORE.search(t)
        assert (a and (a.span(), a["verb"])) == (b and (b.span(), b["verb"])), t
    with pytest.raises(ValueError):
        by_first_letter("a(?:b|c)|d")


def test_skip_before_matches_only_after_one_of_its_ends():
    rnd = random.Random(3)
    texts = list(_number_contexts(12))
    # the words written in the pattern itself (so a word added there but not to SKIP_ENDS is caught)
    own = [w.replace("\\", "") for w in re.findall(r"(?:\\b)?([A-Za-z\u0400-\u04ff№#©]+(?:\\\.)?)",
                                                           Q.SKIP_BEFORE.pattern)]
    assert "Channel" in own and "Nr." in own and "№" in own and "Paper" in own
    words = [*own, *Q.SKIP_ENDS, "Nos", "pp", "rank", "Ranked", "No.\n", *_ODD, "the", "to", "x", "я"]
    for _ in range(20000):
        texts.append("".join(rnd.choice(words) + rnd.choice(("", " ", "  ", "\t", "\u00a0")) for _ in range(rnd.randint(0, 4))))
    hits = 0
    for t in texts:
        if Q.SKIP_BEFORE.search(t):
            hits += 1
            assert t.rstrip().endswith(Q.SKIP_ENDS), t
    assert hits > 100
