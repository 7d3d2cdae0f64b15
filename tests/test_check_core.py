"""Unit tests of the claim checker: numbers, extraction, consistency, data, corpus scores."""
from __future__ import annotations

import math

import pytest

from dyadwatch.check import check_text
from dyadwatch.check.evaluate import score_corpus
from dyadwatch.check.extract import extract
from dyadwatch.check.numbers import interval, parse_number


@pytest.mark.parametrize("raw,comma,value,half", [
    ("1.5", False, 1.5, 0.05), ("1,5", False, 1.5, 0.05), ("30,000", False, 30000, 5000),
    ("1.234,5", True, 1234.5, 0.05), ("12 500", False, 12500, 50), ("543.2", False, 543.2, 0.05),
    ("20", False, 20, 0.5), ("1,500", False, 1500, 50), ("1.500", True, 1500, 50),
])
def test_parse_number_locales_and_precision(raw, comma, value, half):
    p = parse_number(raw, decimal_comma=comma)
    assert p is not None and math.isclose(p.value, value) and math.isclose(p.half_unit, half)


def test_hedges_widen_or_shift_intervals():
    assert interval(1.4, 0.05, "just under")[1] == 1.4 and interval(1.4, 0.05, "just under")[0] < 1.35
    lo, hi = interval(7, 0.5, "around")
    assert lo < 6.5 and hi > 7.5
    assert interval(200, 50, "more than") == (200, math.inf)
    assert interval(5, 0.5, None) == (4.5, 5.5)


def _one(text, **kw):
    cs = [c for c in extract(text)]
    assert len(cs) == 1, [(c.text, c.kind) for c in cs]
    return cs[0]


def test_years_dates_and_model_names_are_not_amounts():
    assert extract("The 2014 agreement was amended in 2015, on 16 May 2024, and T-72A and A-50 flew.") == []
    assert extract("SCEEUS Guest Commentary No. 7, 2024. Resolution 2231 and Article 5.") == []
    c = _one("Today, there are approximately 2000 Russian soldiers on Belarusian soil.")
    assert (c.kind, c.value, c.unit, c.hedge) == ("count", 2000, "troops", "approximately")


def test_money_changes_and_links():
    cs = extract("Ukraine's imports from Belarus fell by 70%, to just under $1.4 billion, and Ukrainian exports "
                 "to Belarus fell by nearly 87% to $20 million in 2022.")
    ch, lv = cs[0], cs[1]
    assert ch.kind == "change" and ch.value == -70 and ch.direction == "down" and ch.level_id == lv.id
    assert lv.value == 1.4e9 and lv.hedge == "just under" and lv.high == 1.4e9
    assert (lv.indicator, lv.reporter, lv.partner) == ("imports", "UKR", "BLR")
    assert (cs[3].indicator, cs[3].reporter, cs[3].partner, cs[3].value) == ("exports", "UKR", "BLR", 2e7)


def test_index_fold_fraction_range_and_locale_forms():
    assert _one("Exports reached 148.9% of the same period last year.").value == pytest.approx(48.9)
    assert _one("Trade grew 1.5-fold in 2022.").value == pytest.approx(50)
    down = _one("Exports fell 4-fold in 2023.")  # a fall by a factor: the interval stays ordered
    assert down.value == pytest.approx(-75) and down.low <= down.value <= down.high
    assert _one("Potash exports fell by a third.").value == pytest.approx(-100 / 3)
    r = _one("Reconstruction will cost $16–18 billion.")
    assert (r.kind, r.low, r.high) == ("range", 16e9, 18e9)
    assert _one("Товарооборот составил 1,5 млрд долларов.").value == 1.5e9
    g = _one("Exports fell to 1,5 Mrd. Euro.")
    assert (g.value, g.unit) == (1.5e9, "EUR")


def test_respectively_assigns_periods_in_order():
    cs = extract("Turnover between Armenia and Georgia was $1.1 billion and $1.3 billion in 2022 and 2023, "
                 "respectively.")
    assert [c.period for c in cs] == ["2022", "2023"]


def test_rounded_surplus_is_not_a_false_alarm_but_a_wrong_one_is_repaired():
    ok = check_text("Moldova exported $1.6bn of goods to Ukraine in 2021 and imported $1bn from it, a trade "
                    "surplus of $484 million.")
    assert {f.verdict for f in ok.findings} >= {"consistent"} and ok.exit_code == 0
    bad = check_text("Georgia's exports to Armenia were $520 million in 2023 and its imports from Armenia "
                     "$310 million, a surplus of $21 million.")
    inc = [f for f in bad.findings if f.verdict == "inconsistent"]
    assert inc and inc[0].repair and inc[0].repair["suggested_value"] == pytest.approx(2.1e8)
    assert bad.exit_code == 1


def test_sign_repair_for_a_surplus_that_is_a_deficit():
    r = check_text("Finland's imports from Russia totalled €1.1 billion in 2023 while its exports to Russia were "
                   "€0.6 billion, a trade surplus of €0.5 billion for Finland.")
    inc = [f for f in r.findings if f.verdict == "inconsistent"]
    assert inc and inc[0].repair["suggested_value"] == pytest.approx(-5e8)


def test_mirror_statistics_give_tension_not_error():
    r = check_text("Belarus reported exports to Poland of $2.0 billion in 2021. In 2022, Poland's imports from "
                   "Belarus fell 35% to $1.2 billion.")
    assert [f.verdict for f in r.findings if f.verdict in ("tension", "inconsistent")] == ["tension"]
    assert "mirror" in next(f.explanation for f in r.findings if f.verdict == "tension")


def test_stale_only_when_newer_data_should_exist():
    t = "In the first seven months of 2023 (the most recent data available), turnover between Ukraine and " \
        "Belarus was $13.8 million."
    assert "stale" in {f.verdict for f in check_text(t, date="2024-05-16").findings}
    assert "stale" not in {f.verdict for f in check_text(t, date="2023-09-30").findings}
    assert "stale" not in {f.verdict for f in check_text(t).findings}     # no date, no claim about staleness


OBS = [
    {"indicator": "imports", "reporter": "UKR", "partner": "BLR", "flow": "M", "product": "TOTAL",
     "period": "2022", "value": 1.377e9, "unit": "USD", "basis": "CIF", "source_id": "ukrstat-2023",
     "vintage": "2023-02"},
    {"indicator": "imports", "reporter": "UKR", "partner": "BLR", "flow": "M", "product": "TOTAL",
     "period": "2021", "value": 4.59e9, "unit": "USD", "basis": "CIF", "source_id": "ukrstat-2022",
     "vintage": "2022-02"},
    {"indicator": "exports", "reporter": "UKR", "partner": "BLR", "flow": "X", "product": "TOTAL",
     "period": "2022", "value": 1.95e8, "unit": "USD", "basis": "FOB", "source_id": "ukrstat-2023",
     "vintage": "2023-02"},
]


def test_against_data_supported_contradicted_and_unverifiable():
    r = check_text("Ukraine's imports from Belarus fell by 70%, to just under $1.4 billion, and Ukrainian exports "
                   "to Belarus fell by nearly 87% to $20 million in 2022. There are 5 tanks.", observations=OBS)
    by_text = {c.text.replace("\\", ""): r.verdicts_for(c.id) for c in r.claims}
    assert "supported" in by_text["just under $1.4 billion"]
    assert "supported" in by_text["70%"]
    assert "contradicted" in by_text["$20 million"]
    assert "unverifiable" in by_text["5"]
    f = next(f for f in r.findings if f.verdict == "contradicted")
    assert "ukrstat-2023" in f.explanation and "vintage 2023-02" in f.explanation
    assert r.exit_code == 1
    # every claim has a data finding (none dropped silently)
    for c in r.claims:
        assert r.verdicts_for(c.id) & {"supported", "contradicted", "unverifiable", "tension"}


def test_mirror_only_observations_compared_with_mirror_tolerance():
    obs = [dict(OBS[0], indicator="exports", reporter="BLR", partner="UKR", flow="X", value=5.4e9, period="2022")]
    r = check_text("Ukraine's imports from Belarus were $1.4 billion in 2022.", observations=obs)
    f = [f for f in r.findings if f.claims == [r.claims[0].id]][0]
    assert f.verdict == "tension" and "mirror" in f.explanation


def test_corpus_scores_meet_targets():
    sc = score_corpus()
    assert sc.gold >= 60
    assert sc.precision >= 0.85 and sc.recall >= 0.85, sc.errors
    assert sc.flag_recall >= 0.8 and sc.flag_precision >= 0.8, sc.errors


def test_flow_derived_from_turnover_minus_imports_with_summed_tolerance():
    obs = [dict(OBS[0], value=1.4e9),
           {"indicator": "turnover", "reporter": "UKR", "partner": "BLR", "product": "TOTAL", "period": "2022",
            "value": 1.6e9, "unit": "USD", "source_id": "customs-2023", "vintage": "2023-03"}]
    r = check_text("Ukrainian exports to Belarus fell to $20 million in 2022.", observations=obs)
    c = next(c for c in r.claims if c.value == 2e7)
    f = next(f for f in r.findings if f.claims == [c.id] and f.verdict in ("supported", "contradicted"))
    # 1.6bn - 1.4bn = 200 million, tolerance 2% of 1.6bn + 2% of 1.4bn = 60 million: $20 million is far outside
    assert f.verdict == "contradicted"
    assert "$200 million (derived: turnover − imports)" in f.explanation and "±$60 million" in f.explanation
    assert "customs-2023 (vintage 2023-03)" in f.explanation and "ukrstat-2023 (vintage 2023-02)" in f.explanation
    r2 = check_text("Ukrainian exports to Belarus fell to $210 million in 2022.", observations=obs)
    assert "supported" in r2.verdicts_for(next(c.id for c in r2.claims if c.value == 2.1e8))


def test_observations_taken_from_the_document_do_not_support_it():
    text = ("Trade Notes: Belarus and Ukraine\n\n1 March 2024\n\nUkraine's imports from Belarus were $1.4 billion "
            "in 2022.")
    mine = dict(OBS[0], value=1.4e9, source_id="notes", source_title="Trade Notes: Belarus and Ukraine (a brief)",
                source_date="2024-03-01")
    r = check_text(text, observations=[mine])
    f = next(f for f in r.findings if f.verdict == "unverifiable" and f.claims == [r.claims[0].id])
    assert "this document itself" in f.explanation and "notes" in f.explanation
    # the same title with another date is another document: its figure counts
    other = dict(mine, source_date="2023-01-10")
    assert "supported" in check_text(text, observations=[other]).verdicts_for(r.claims[0].id)
    # and without source titles (a plain observations file) nothing is set aside
    plain = {k: v for k, v in mine.items() if not k.startswith("source_t")}
    assert "supported" in check_text(text, observations=[plain]).verdicts_for(r.claims[0].id)
