"""The claim checker stays linear on pathological inputs (issue 11): these used to take minutes.

No timing assertions beyond a generous timeout; the speed figures are measured by benchmarks/bench_check.py.
"""
import pytest

from dyadwatch.check import check_text
from dyadwatch.check.extract import MAX_SENTENCE, sentences


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ["1,", "1, 2, ", "-1,-1,", "1.5%, ", "$1.2 billion, "])
def test_lists_of_numbers_finish_and_are_not_claims(unit):
    doc = unit * (60_000 // len(unit))              # 60 KB, one "sentence" (it was ~50 s for "1,1,…")
    r = check_text(doc)
    assert r.claims == []                           # a flattened table is not a set of claims


@pytest.mark.timeout(120)
def test_one_endless_sentence_of_real_claims_finishes_with_its_claims():
    s = "Belarus's exports to Ukraine rose 12% to $5.4 billion in 2021 and "
    doc = s * 800                                   # ~50 KB with no sentence end
    r = check_text(doc)
    money = [c for c in r.claims if c.unit == "USD"]
    assert len(money) >= 790                        # every repetition still yields its amount
    assert {c.period for c in money} == {"2021"}
    assert all(e - s_ <= MAX_SENTENCE for s_, e, _ in sentences(doc))


def test_a_short_list_is_still_read_as_claims():
    r = check_text("Exports rose 1.5%, 2.5%, 3.5% and 4% in 2019, 2020, 2021 and 2022 respectively.")
    assert [c.value for c in r.claims if c.unit == "pct"] == [1.5, 2.5, 3.5, 4.0]


def test_a_statement_repeated_many_times_keeps_the_frames_bounded():
    # every turnover statement used to list every other statement of the pair as a substitute (quadratic: a
    # 160 KB text of one repeated paragraph took 1.5 s in the checks, 5 MB would have taken about 25 minutes)
    from dyadwatch.check.extract import extract
    from dyadwatch.check.frames import build
    unit = ("Trade between Poland and Germany reached $1.0 billion in 2021. Polish exports to Germany were $0.6 "
            "billion in 2021 and its imports from Germany $0.3 billion in 2021. ")
    doc = unit * 300
    cons = build(extract(doc), doc)
    assert len(cons) >= 300
    assert max(len(k.alternatives) for k in cons) <= 16
