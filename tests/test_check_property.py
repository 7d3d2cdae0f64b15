"""Property tests: the checker never crashes on arbitrary text or mutated real sentences."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.check import MAX_BYTES, check_text
from dyadwatch.check.evaluate import CORPUS_DIR, load_yaml
from dyadwatch.check.report import to_html, to_json
from dyadwatch.errors import TooLargeError

SENTENCES = [i["text"] for i in load_yaml(CORPUS_DIR / "corpus.yaml")["items"]]
TOKENS = ["$", "€", "%", "billion", "million", "bn", "Mrd.", "млрд", "fell", "rose", "by", "to", "from", "nearly",
          "more than", "respectively", "2021", "2022", "1,5", "1.234,5", "30,000", "–", "-fold", "a third",
          "the most recent data", "Belarus", "Ukraine's imports from", "surplus", "deficit", "between", "and", ",",
          ".", "\n\n", "148.9% of the same period last year", "unlikely", "\\$", "(", ")", "0", "9" * 30, "1e308"]


def _invariants(text: str, obs=None):
    r = check_text(text, observations=obs)
    d = json.loads(to_json(r))                  # allow_nan=False: no NaN/inf leaks into JSON
    ids = {c["id"] for c in d["claims"]}
    for c in d["claims"]:
        s, e = c["span"]
        assert 0 <= s < e <= len(text) and text[s:e] == c["text"]
        for k in ("value", "low", "high"):
            assert c[k] is None or math.isfinite(c[k])
        if c["low"] is not None and c["high"] is not None:
            assert c["low"] <= c["high"]
    for f in d["findings"]:
        assert set(f["claims"]) <= ids
    assert r.exit_code in (0, 1)
    to_html(r)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    _invariants(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SENTENCES), st.lists(st.tuples(st.integers(0, 400), st.sampled_from(TOKENS),
                                                       st.booleans()), max_size=6))
def test_mutated_real_sentences_never_crash(sentence, edits):
    s = sentence
    for pos, tok, delete in edits:
        pos = pos % (len(s) + 1)
        s = s[:pos] + s[pos + len(tok):] if delete else s[:pos] + tok + s[pos:]
    _invariants(s)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40), st.lists(st.fixed_dictionaries({
    "indicator": st.sampled_from(["exports", "imports", "turnover", "balance", "x"]),
    "reporter": st.sampled_from(["UKR", "BLR", None]), "partner": st.sampled_from(["UKR", "BLR"]),
    "flow": st.sampled_from(["X", "M", None]), "product": st.sampled_from(["TOTAL", "27"]),
    "period": st.sampled_from(["2021", "2022", "2022-02", "2023-01/2023-07", "bad", None]),
    "value": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    "unit": st.just("USD"), "basis": st.none(), "source_id": st.just("s"), "vintage": st.none()}), max_size=5))
def test_token_soup_with_observations_never_crashes(tokens, obs):
    _invariants(" ".join(tokens), obs)


def test_size_limit_is_enforced_with_clear_message():
    with pytest.raises(TooLargeError, match="at most"):
        check_text("x" * (MAX_BYTES + 1))
