"""The frames and verdicts of the claim checker on hand-built claims (issue 11, consistency half).

The claims are built by hand, as a perfect extractor would give them, so that these tests pin the logic of
:mod:`frames` and :mod:`consistency` whatever the extractor reads; the sentences are our own.
"""
from __future__ import annotations

import math

from dyadwatch.check.consistency import check
from dyadwatch.check.frames import build, comparable, relink
from dyadwatch.check.model import Claim


class Doc:
    """A text built sentence by sentence; ``fig`` places a figure in the current sentence as a claim."""

    def __init__(self):
        self.text = ""
        self.claims: list[Claim] = []
        self._start = 0

    def say(self, *parts):
        """parts: plain strings and claim dicts (``fig(...)``) in order; one sentence."""
        start = len(self.text)
        pending = []
        for p in parts:
            if isinstance(p, str):
                self.text += p
            else:
                a = len(self.text)
                self.text += p["text"]
                pending.append((p, (a, len(self.text))))
        self.text += " "
        sent = (start, len(self.text))
        for p, span in pending:
            kw = {k: v for k, v in p.items() if k not in ("text", "half", "ratio", "value")}
            v, half = p["value"], p.get("half", 0.0)
            lo, hi = kw.pop("low", None), kw.pop("high", None)
            if lo is None and hi is None:
                lo, hi = v - half, v + half
            c = Claim(id=f"C{len(self.claims) + 1}", text=p["text"], span=span, value=v, low=lo, high=hi,
                      sentence=sent, period_sure=kw.pop("period_sure", True),
                      subject_sure=kw.pop("subject_sure", True), subject_named=kw.pop("subject_named", True), **kw)
            if p.get("ratio"):
                c.__dict__["ratio"] = True
            c.subject = f"{c.indicator} {c.reporter}-{c.partner}"
            self.claims.append(c)
        return self

    def by_text(self, t):
        return next(c for c in self.claims if c.text == t)

    def check(self):
        return check(self.claims, None, self.text)


def money(text, value, half, indicator, rep, par, period, kind="level", unit="USD", **kw):
    return dict(text=text, value=value, half=half, kind=kind, unit=unit, indicator=indicator, reporter=rep,
                partner=par, period=period, **kw)


def pct(text, value, half, period, kind="share", unit="pct", indicator=None, rep=None, par=None, **kw):
    return dict(text=text, value=value, half=half, kind=kind, unit=unit, indicator=indicator, reporter=rep,
                partner=par, period=period, **kw)


def verdicts(findings, kind_words=()):
    return [f.verdict for f in findings if f.verdict in ("inconsistent", "tension", "consistent")]


def alarms(findings):
    return [f for f in findings if f.verdict == "inconsistent"]


# --------------------------------------------------------------------------- change against its base
def test_a_change_is_never_measured_against_its_own_period_or_a_longer_one():
    assert comparable("2023", "2024") and comparable("2023-01/2023-03", "2024-01/2024-03")
    assert not comparable("2024", "2024")                      # the "on the previous year" misread as 2024
    assert not comparable("2018", "2019-01/2019-03")            # a quarter against a whole year
    d = Doc().say("Tealand sold Moorland goods worth ", money("$50.2 billion", 50.2e9, 0.05e9, "exports", "TEA",
                  "MOR", "2024"), ", ", pct("down 9.5%", -9.5, 0.05, "2024", kind="change", indicator="exports",
                                             rep="TEA", par="MOR"), ".")
    ch = d.by_text("down 9.5%")
    ch.level_id, ch.base_period = "C1", "2024"                  # the extractor's mistake
    assert not [k for k in build(d.claims) if k.kind == "change"]
    assert not alarms(d.check())


def test_quarter_change_is_not_checked_against_the_previous_full_year():
    d = Doc().say("Over the whole of 2018 Tealand's exports to Moorland came to ",
                  money("$3.6 billion", 3.6e9, 0.05e9, "exports", "TEA", "MOR", "2018"), ".")
    d.say("In the first quarter of 2019 they fell by ", pct("11%", -11, 0.5, "2019-01/2019-03", kind="change",
          indicator="exports", rep="TEA", par="MOR"), " to ",
          money("$759 million", 759e6, 0.5e6, "exports", "TEA", "MOR", "2019-01/2019-03"), ".")
    relink(d.claims, d.text)
    assert d.by_text("11%").base_period == "2018-01/2018-03"
    assert not alarms(d.check())


def test_change_against_levels_from_to_is_checked_after_relinking():
    # "shrank by a third in 2022, from $900 million in 2021 to $480 million": a third of 900 is 300, not 420
    d = Doc().say("Moorland's imports from Tealand shrank by ", pct("a third", -100 / 3, 0.5, "2022", kind="change",
                  indicator="imports", rep="MOR", par="TEA"), " in 2022, from ",
                  money("$900 million", 900e6, 0.5e6, "imports", "MOR", "TEA", "2021"), " in 2021 to ",
                  money("$480 million", 480e6, 0.5e6, "imports", "MOR", "TEA", "2022"), ".")
    relink(d.claims, d.text)
    ch = d.by_text("a third")
    assert ch.level_id == d.by_text("$480 million").id and ch.base_period == "2021"
    assert alarms(d.check())
    d.by_text("$480 million").value = 600e6
    d.by_text("$480 million").low, d.by_text("$480 million").high = 599.5e6, 600.5e6
    assert not alarms(d.check())


def test_a_multiple_measured_against_an_unstated_base_year_is_only_a_tension():
    # "sevenfold": of which year's level? The text gives only last year's, which it need not mean
    d = Doc().say("Trade between Tealand and Moorland reached ",
                  money("$4.1 billion", 4.1e9, 0.05e9, "turnover", "MOR", "TEA", "2022"), " in 2022.")
    d.say("This year it may reach ", money("$12 billion", 12e9, 0.5e9, "turnover", "MOR", "TEA", "2023"),
          ", ", pct("sevenfold", 600, 0.5, "2023", kind="change", indicator="turnover", rep="MOR", par="TEA",
                    ratio=True), " the old level.")
    relink(d.claims, d.text)
    fs = d.check()
    assert not alarms(fs) and any(f.verdict == "tension" and "base period" in f.explanation for f in fs)


# --------------------------------------------------------------------------- one flow stated twice
def _two_turnovers(second_value, half=0.005e9):
    d = Doc().say("In 2024 the turnover of Tealand with Moorland rose to ",
                  money("$3.81 billion", 3.81e9, 0.005e9, "turnover", "MOR", "TEA", "2024"), ".")
    d.say("Other news followed.")
    d.say("With trade of ", money("X", second_value, half, "turnover", "MOR", "TEA", "2024"),
          " last year, Moorland stayed Tealand's second partner.")
    return d


def test_the_same_turnover_stated_twice_with_different_values_is_an_error():
    fs = _two_turnovers(3.44e9).check()
    assert [f for f in alarms(fs) if "stated twice" in f.explanation]
    assert not alarms(_two_turnovers(3.81e9).check())


def test_two_values_far_apart_without_a_slip_of_scale_are_two_quantities_not_an_error():
    fs = _two_turnovers(0.31e9, 0.005e9).check()             # a monthly figure, a partner's flow, …
    assert not alarms(fs) and any("too far apart" in f.explanation for f in fs)
    fs = _two_turnovers(3.81e6, 0.005e6).check()             # million for billion: a slip, still an error
    assert alarms(fs)


# --------------------------------------------------------------------------- misreadings become tensions
def test_a_flow_in_a_sentence_that_names_an_unread_surplus_is_not_established():
    d = Doc().say("In 2024 Tealand exported goods worth ",
                  money("$81.3 billion", 81.3e9, 0.05e9, "exports", "TEA", "MOR", "2024"),
                  " to Moorland and bought ", money("$52.9 billion", 52.9e9, 0.05e9, "imports", "TEA", "MOR", "2024"),
                  " from it.")
    d.say("Turnover between Tealand and Moorland came to ",
          money("$134.2 billion", 134.2e9, 0.05e9, "turnover", "MOR", "TEA", "2024"), ".")
    # the extractor read the surplus as exports: "Tealand's export surplus with Moorland was $28.4 billion"
    d.say("Tealand's export surplus with Moorland was ",
          money("$28.4 billion", 28.4e9, 0.05e9, "exports", "TEA", "MOR", "2024"), ".")
    d.claims[0].indicator = None                              # so that the sum uses the surplus as the exports
    fs = d.check()
    assert not alarms(fs)
    assert any("may be the balance" in f.explanation for f in fs)


def test_a_sum_whose_parts_fit_another_stated_total_is_a_misreading():
    # exports and imports are the first nine months' (they add up to the nine-month turnover), but were
    # dated like the comparison figure of the next sentence
    d = Doc().say("From January to September 2024 trade between Tealand and Moorland reached ",
                  money("$98.6 billion", 98.6e9, 0.05e9, "turnover", "MOR", "TEA", "2024-01/2024-09"), ".")
    d.say("Tealand exported ", money("$31.2 billion", 31.2e9, 0.05e9, "exports", "TEA", "MOR", "2023"),
          " and imported ", money("$67.4 billion", 67.4e9, 0.05e9, "imports", "TEA", "MOR", "2023"), ".")
    d.say("In the same months of 2023 trade was ",
          money("$80.1 billion", 80.1e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), ".")
    fs = d.check()
    assert not alarms(fs)
    assert any("holds with ‘$98.6 billion’" in f.explanation for f in fs)


def test_a_sum_that_fits_nothing_else_stays_an_error():
    d = Doc().say("In 2023 Tealand exported ", money("$31.2 billion", 31.2e9, 0.05e9, "exports", "TEA", "MOR", "2023"),
                  " to Moorland and imported ", money("$67.4 billion", 67.4e9, 0.05e9, "imports", "TEA", "MOR", "2023"),
                  " from it.")
    d.say("Turnover between Tealand and Moorland was ",
          money("$96.1 billion", 96.1e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), ".")
    assert alarms(d.check())


def test_a_figure_with_a_scale_word_and_no_currency_takes_its_sentences_currency():
    d = Doc().say("Tealand's exports to Moorland were ",
                  money("$0.74 billion", 0.74e9, 0.005e9, "exports", "TEA", "MOR", "2024"), ", imports ",
                  money("2.31 bn", 2.31e9, 0.005e9, "imports", "TEA", "MOR", "2024", unit=None, scale_text="bn"),
                  ", turnover ", money("$3.35 billion", 3.35e9, 0.005e9, "turnover", "MOR", "TEA", "2024"), ".")
    fs = d.check()
    assert d.claims[1].unit == "USD"
    assert [f for f in alarms(fs) if "turnover" in f.explanation]     # 0.74 + 2.31 = 3.05, not 3.35


def test_sub_period_with_a_second_statement_of_the_full_period():
    d = Doc().say("In January-October trade between Tealand and Moorland was ",
                  money("$4.8 billion", 4.8e9, 0.05e9, "turnover", "MOR", "TEA", "2025-01/2025-10"), ".")
    d.say("Trade with the bloc grew by ",
          money("$136.5 million", 136.5e6, 0.05e6, "turnover", "MOR", "TEA", "2025-01/2025-10"), ".")
    d.say("In January-July it had been ",
          money("$3.4 billion", 3.4e9, 0.05e9, "turnover", "MOR", "TEA", "2025-01/2025-07"), ".")
    assert not [f for f in alarms(d.check()) if "cannot exceed" in f.explanation]


def test_sub_period_larger_than_its_full_period_is_an_error():
    d = Doc().say("In the first half of 2024 Tealand's exports to Moorland reached ",
                  money("$4.6 billion", 4.6e9, 0.05e9, "exports", "TEA", "MOR", "2024-01/2024-06"), ".")
    d.say("In the first quarter alone Tealand's exports to Moorland were ",
          money("more than $5.1 billion", 5.1e9, 0, "exports", "TEA", "MOR", "2024-01/2024-03",
                low=5.1e9, high=math.inf), ".")
    assert [f for f in alarms(d.check()) if "cannot exceed" in f.explanation]


# --------------------------------------------------------------------------- percentage points
def _points(a, b, pp, kind="change", words=("", " against an average of ", ", up ")):
    d = Doc().say("Moorland's share of Tealand's exports reached ", pct(f"{a}%", a, 0.5, "2022"), words[1],
                  pct(f"{b}%", b, 0.5, "2002-01/2022-12"), words[2],
                  pct(f"{pp} points", pp, 0.5, "2022", kind=kind, unit="pp"), ".")
    return d


def test_percentage_points_are_the_difference_of_the_sentences_two_percentages():
    assert alarms(_points(47, 24, 13).check())
    assert not alarms(_points(47, 24, 23).check())
    assert alarms(_points(47, 24, 13, kind="share").check())          # a figure in points is a difference


def test_percentage_points_from_marker_orders_the_two():
    d = Doc().say("The share slipped to ", pct("28.0%", 28.0, 0.05, "2024"), " from ",
                  pct("30.7%", 30.7, 0.05, "2024"), ", a drop of ",
                  pct("2.7 points", -2.7, 0.05, "2024", kind="change", unit="pp"), ".")
    assert not alarms(d.check())
    d.claims[2].value, d.claims[2].low, d.claims[2].high = 2.7, 2.65, 2.75     # a rise: wrong sign
    assert alarms(d.check())


def test_percentage_points_unordered_compare_sizes_only():
    # no "from", equal periods: the check must not invent a direction
    d = Doc().say("Its share was ", pct("11.9%", 11.9, 0.05, "2024"), " and ", pct("10.2%", 10.2, 0.05, "2024"),
                  " a year before, a change of ", pct("1.7 points", 1.7, 0.05, "2024", kind="change", unit="pp"), ".")
    assert not alarms(d.check())
    d.claims[2].value, d.claims[2].low, d.claims[2].high = 2.7, 2.65, 2.75
    assert alarms(d.check())


# --------------------------------------------------------------------------- the oracle evaluation
ORACLE_DOCS = """
documents:
  - id: t-correct
    lang: en
    date: 2025-03-01
    pair: [TEA, MOR]
    status: correct
    text: |
      In 2024 Tealand's exports to Moorland rose 9.5% to $8.76 billion, and its imports from Moorland were
      $3.1 billion. Their trade thus reached $11.86 billion. The surplus came to $5.66 billion.
    claims:
      - {text: "9.5%", value: 9.5, unit: pct, kind: change, period: "2024",
         subject: {indicator: exports, reporter: TEA, partner: MOR}}
      - {text: "$8.76 billion", value: 8.76e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: exports, reporter: TEA, partner: MOR}}
      - {text: "$3.1 billion", value: 3.1e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: imports, reporter: TEA, partner: MOR}}
      - {text: "$11.86 billion", value: 11.86e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: turnover, reporter: TEA, partner: MOR}}
      - {text: "$5.66 billion", value: 5.66e9, unit: USD, kind: balance, period: "2024",
         subject: {indicator: balance, reporter: TEA, partner: MOR}}
  - id: t-planted
    lang: en
    date: 2025-03-01
    pair: [TEA, MOR]
    status: planted
    text: |
      In 2024 Tealand's exports to Moorland were $8.76 billion and its imports from Moorland $3.1 billion.
      Their trade reached $12.86 billion.
    claims:
      - {text: "$8.76 billion", value: 8.76e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: exports, reporter: TEA, partner: MOR}}
      - {text: "$3.1 billion", value: 3.1e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: imports, reporter: TEA, partner: MOR}}
      - {text: "$12.86 billion", value: 12.86e9, unit: USD, kind: level, period: "2024",
         subject: {indicator: turnover, reporter: TEA, partner: MOR}}
    errors:
      - {claims: ["$12.86 billion", "$8.76 billion", "$3.1 billion"], target: "$12.86 billion",
         what: "turnover is not exports + imports"}
"""


def test_oracle_feeds_gold_claims_to_the_frames(tmp_path):
    from dyadwatch.check.oracle import gold_claims, score_oracle
    (tmp_path / "t.yaml").write_text(ORACLE_DOCS, encoding="utf-8")
    sc = score_oracle(tmp_path)
    assert (sc.docs, sc.correct_docs, sc.false_alarms, sc.errors_gold, sc.errors_found) == (2, 1, 0, 1, 1)
    import yaml
    doc = yaml.safe_load(ORACLE_DOCS)["documents"][0]
    claims, by_text = gold_claims(doc)
    ch = next(c for c in claims if c.kind == "change")
    assert ch.level_id == by_text["$8.76 billion"] and ch.base_period == "2023"
    assert all(c.period_sure and c.subject_sure for c in claims)
    lvl = next(c for c in claims if c.text == "$3.1 billion")
    assert math.isclose(lvl.low, 3.05e9) and math.isclose(lvl.high, 3.15e9)     # half a unit in the last digit


def test_a_turnover_followed_by_export_and_import_in_its_sentence_is_summed():
    # no country named in the sentence: the flows are the parts of the turnover just named, whichever way
    # round the extractor read them
    d = Doc().say("For the whole of 2023 trade came to ",
                  money("$171.2 billion", 171.2e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), ": exports ",
                  money("$61.2 billion", 61.2e9, 0.05e9, "exports", "MOR", "TEA", "2023", subject_sure=False),
                  ", imports ",
                  money("$110.6 billion", 110.6e9, 0.05e9, "imports", "MOR", "TEA", "2023", subject_sure=False), ".")
    assert [f for f in alarms(d.check()) if "turnover" in f.explanation]        # 61.2 + 110.6 = 171.8
    d.claims[0].subject_sure = False                 # the turnover itself unsure: only a tension
    assert not alarms(d.check())


def test_a_scale_word_followed_by_an_unknown_currency_keeps_no_currency():
    d = Doc().say("Two-way trade came to ", money("$18.4 billion", 18.4e9, 0.05e9, "turnover", "MOR", "TEA", "2024"),
                  " (", money("19.9 trillion", 19.9e12, 0.05e12, "turnover", "MOR", "TEA", "2024", unit=None,
                              scale_text="trillion"), " won) in 2024.")
    d.check()
    assert d.claims[1].unit is None


def test_flows_in_the_sentence_right_after_their_total_take_its_period():
    d = Doc().say("Trade between Tealand and Moorland came to ",
                  money("$18.4 billion", 18.4e9, 0.05e9, "turnover", "MOR", "TEA", "2015-01/2015-03"),
                  " in January-March.")
    d.say("Tealand's exports to Moorland fell to ",
          money("$6.39 billion", 6.39e9, 0.005e9, "exports", "TEA", "MOR", "2015-01/2015-03", period_sure=False),
          " and its imports from Moorland to ",
          money("$12.54 billion", 12.54e9, 0.005e9, "imports", "TEA", "MOR", "2015-01/2015-03", period_sure=False), ".")
    assert [f for f in alarms(d.check()) if "turnover" in f.explanation]       # 6.39 + 12.54 = 18.93
    # with a sentence between them the period is only carried over: a tension
    d2 = Doc().say("Trade between Tealand and Moorland came to ",
                   money("$18.4 billion", 18.4e9, 0.05e9, "turnover", "MOR", "TEA", "2015-01/2015-03"),
                   " in January-March.")
    d2.say("The yen was weak.")
    d2.say("Tealand's exports to Moorland fell to ",
           money("$6.39 billion", 6.39e9, 0.005e9, "exports", "TEA", "MOR", "2015-01/2015-03", period_sure=False),
           " and its imports from Moorland to ",
           money("$12.54 billion", 12.54e9, 0.005e9, "imports", "TEA", "MOR", "2015-01/2015-03", period_sure=False),
           ".")
    assert not alarms(d2.check())


def test_a_flow_naming_one_country_right_after_its_pairs_turnover_is_that_pairs():
    def doc(third=""):
        d = Doc().say("Trade between Georgia and Armenia in January-September was ",
                      money("$5.2 billion", 5.2e9, 0.05e9, "turnover", "ARM", "GEO", "2024-01/2024-09"), ".")
        d.say(f"Exports to Armenia{third} reached ",
              money("$3.6 billion", 3.6e9, 0.05e9, "exports", "GEO", "ARM", "2024-01/2024-09", period_sure=False,
                    subject_sure=False), ", imports from Armenia ",
              money("$1.6 million", 1.6e6, 0.05e6, "imports", "GEO", "ARM", "2024-01/2024-09", period_sure=False,
                    subject_sure=False), ".")
        return d
    fs = doc().check()
    bad = [f for f in alarms(fs) if "turnover" in f.explanation]
    assert bad and bad[0].repair and bad[0].repair["suggested_value"] == 1.6e9    # million for billion
    assert not alarms(doc(" and Moldova").check())          # a third country named: not established


def test_one_turnover_from_two_attributed_sources_is_a_tension():
    d = Doc().say("According to Tealand's customs, trade with Moorland reached ",
                  money("$7.9 billion", 7.9e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), " in 2023.")
    d.say("Moorland's statistics office puts trade with Tealand in 2023 at ",
          money("$8.6 billion", 8.6e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), ".")
    fs = d.check()
    assert not alarms(fs) and any("two sources" in f.explanation for f in fs if f.verdict == "tension")
    # only one sentence names a source: one statement misstated
    d2 = Doc().say("According to Tealand's customs, trade with Moorland reached ",
                   money("$7.9 billion", 7.9e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), " in 2023.")
    d2.say("With trade of ", money("$8.6 billion", 8.6e9, 0.05e9, "turnover", "MOR", "TEA", "2023"),
           " in 2023 Moorland is Tealand's first partner.")
    assert alarms(d2.check())


def _month_and_year(month_value, inner="2023-02", outer_value=9.8e9):
    d = Doc().say("Preliminary data put Tealand's exports to Moorland at ",
                  money("$9.8 billion", outer_value, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023.")
    d.say("Revised figures released in February show Tealand's exports to Moorland of ",
          money("X", month_value, 0.05e9, "exports", "TEA", "MOR", inner), " for the year.")
    return d


def test_a_month_as_large_as_its_year_is_a_misdated_year_not_an_error():
    fs = _month_and_year(10.3e9).check()
    assert not alarms(fs) and any("dated by a nearby month" in f.explanation for f in fs)
    assert alarms(_month_and_year(98e9).check())                          # ten times the year: a slip
    assert alarms(_month_and_year(10.3e9, inner="2023-01/2023-03").check())   # a quarter above its year


def test_a_change_the_extractor_left_unlinked_is_linked_to_its_sentences_level():
    d = Doc().say("Tealand's exports to Moorland were ", money("€3.1 billion", 3.1e9, 0.05e9, "exports", "TEA", "MOR",
                                                               "2022", unit="EUR"), " in 2022.")
    d.say("They fell ", pct("16%", -16, 0.5, "2023", kind="change", indicator="exports", rep="TEA", par="MOR",
                            base_period="2022"), " in 2023 to ",
          money("€2.9 billion", 2.9e9, 0.05e9, "exports", "TEA", "MOR", "2023", unit="EUR"), ".")
    assert [f for f in alarms(d.check()) if "change" in f.explanation]      # 3.1 × 0.84 = 2.6, not 2.9
    assert d.by_text("16%").level_id == d.by_text("€2.9 billion").id


def test_a_pronoun_after_a_figure_without_a_flow_does_not_establish_the_flow():
    d = Doc().say("In 2023 Tealand's exports to Moorland rose ",
                  pct("8.8%", 8.8, 0.05, "2023", kind="change", indicator="exports", rep="TEA", par="MOR",
                      base_period="2022"), " to ",
                  money("€97.3 billion", 97.3e9, 0.05e9, "exports", "TEA", "MOR", "2023", unit="EUR"), ".")
    d.say("Its lead over Sealand shrank to ", money("€0.7 billion", 0.7e9, 0.05e9, None, None, None, "2023",
                                                    unit="EUR"),
          ", after it had been ", money("€50.1 billion", 50.1e9, 0.05e9, "exports", "TEA", "MOR", "2022", unit="EUR"),
          " in 2022.")
    d.claims[0].level_id = d.claims[1].id
    d.by_text("€50.1 billion").__dict__["by_pronoun"] = True
    fs = d.check()
    assert not alarms(fs) and any("pronoun" in f.explanation for f in fs)
    del d.by_text("€50.1 billion").__dict__["by_pronoun"]              # named outright: an error
    assert alarms(d.check())


def test_a_target_is_not_checked_as_a_fact():
    def doc(words):
        d = Doc().say("Trade between Tealand and Moorland reached ",
                      money("$4.6 billion", 4.6e9, 0.05e9, "turnover", "MOR", "TEA", "2018"), " this year.")
        d.say(f"Next year it {words} ", money("at least $7 billion", 7e9, 0, "turnover", "MOR", "TEA", "2018",
                                               low=7e9, high=math.inf), ".")
        return d
    for words in ("should amount to", "soll erreichen", "должен составить", "має становити"):
        fs = doc(words).check()
        assert not alarms(fs) and any("target" in f.explanation for f in fs), words
    assert alarms(doc("amounted to").check())           # the same figure stated as a fact: compared


def test_a_preliminary_and_a_revised_figure_are_two_vintages_not_an_error():
    d = Doc().say("Preliminary figures put Tealand's exports to Moorland at ",
                  money("$9.8 billion", 9.8e9, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023.")
    d.say("The revised figure of Tealand's exports to Moorland in 2023 is ",
          money("$10.3 billion", 10.3e9, 0.05e9, "exports", "TEA", "MOR", "2023"), ".")
    assert not alarms(d.check())


def test_a_sum_that_fits_a_figure_of_no_known_flow_is_a_misreading():
    # the first figure is the turnover by one side's statistics, but the checker did not recognise its words
    d = Doc().say("Commerce between Tealand and Moorland in 2023 came to ",
                  money("$12.6 billion", 12.6e9, 0.05e9, None, None, None, "2023"), ".")
    d.say("Moorland's customs reported a turnover of ",
          money("$13.3 billion", 13.3e9, 0.05e9, "turnover", "MOR", "TEA", "2023"), ".")
    d.say("Tealand's exports to Moorland were ", money("$2.4 billion", 2.4e9, 0.05e9, "exports", "TEA", "MOR", "2023"),
          ", its imports from Moorland ", money("$10.2 billion", 10.2e9, 0.05e9, "imports", "TEA", "MOR", "2023"), ".")
    fs = d.check()
    assert not alarms(fs) and any("holds with ‘$12.6 billion’" in f.explanation for f in fs)
    d.claims[0].value, d.claims[0].low, d.claims[0].high = 11.1e9, 11.05e9, 11.15e9     # fits nothing: an error
    assert alarms(d.check())


def test_a_change_with_both_levels_in_its_sentence_needs_no_named_partner():
    d = Doc().say("Tealand's exports to the rest of the world rose ",
                  pct("7.5%", 7.5, 0.05, "2023", kind="change", indicator="exports", rep="TEA", par=None,
                      base_period="2022"), " in 2023 to ",
                  money("$173 billion", 173e9, 0.5e9, "exports", "TEA", None, "2023", subject_sure=False),
                  ", from ", money("$181 billion", 181e9, 0.5e9, "exports", "TEA", None, "2022", subject_sure=False),
                  " in 2022.")
    d.claims[0].level_id = d.claims[1].id
    d.claims[0].__dict__["old_id"] = d.claims[2].id
    assert [f for f in alarms(d.check()) if "change" in f.explanation]     # 181 × 1.075 is not 173
    d.claims[2].sentence = (0, 1)                                          # the base in another sentence
    assert not alarms(d.check())


def test_a_balance_whose_owner_is_named_only_as_the_partner_is_not_established():
    def doc(words, rep, par):
        d = Doc().say("Exports of Uzbekistan to Russia were ",
                      money("$3.2 billion", 3.2e9, 0.05e9, "exports", "UZB", "RUS", "2023"),
                      " and imports from Russia ", money("$8.7 billion", 8.7e9, 0.05e9, "imports", "UZB", "RUS", "2023"),
                      ".")
        d.say(words, money("$5.5 billion", -5.5e9, 0.05e9, "balance", rep, par, "2023", kind="balance"), ".")
        return d
    # read as Russia's deficit although Russia is only the partner: a tension
    fs = doc("The deficit in trade with Russia came to ", "RUS", "UZB").check()
    assert not alarms(fs) and any("named as the partner" in f.explanation for f in fs)
    # Russia named as the owner: its "deficit" is a surplus by these figures, an error
    assert alarms(doc("Russia's deficit in this trade came to ", "RUS", "UZB").check())


def test_a_change_over_a_series_may_lead_to_the_last_level_of_its_sentence():
    d = Doc().say("Tealand's exports to Moorland rose from ",
                  money("$1.2 billion", 1.2e9, 0.05e9, "exports", "TEA", "MOR", "2021"), " in 2021 to ",
                  money("$1.5 billion", 1.5e9, 0.05e9, "exports", "TEA", "MOR", "2022"), " in 2022 and ",
                  money("$1.9 billion", 1.9e9, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023, an increase of ",
                  pct("58%", 58, 0.5, "2022", kind="change", indicator="exports", rep="TEA", par="MOR",
                      base_period="2021"), " over two years.")
    ch = d.by_text("58%")
    ch.level_id, ch.__dict__["old_id"] = d.by_text("$1.5 billion").id, d.by_text("$1.2 billion").id
    assert not alarms(d.check())
    ch.value, ch.low, ch.high = 88, 87.5, 88.5                 # fits no level of the series: an error
    assert alarms(d.check())


def test_a_part_that_fits_when_taken_from_an_overlapping_period_is_a_misdating():
    d = Doc().say("In the first quarter Tealand's exports to Moorland were ",
                  money("€22.6 billion", 22.6e9, 0.05e9, "exports", "TEA", "MOR", "2024-01/2024-03", unit="EUR"), ".")
    d.say("In March alone they were ",
          money("€7.9 billion", 7.9e9, 0.05e9, "exports", "TEA", "MOR", "2024-03", unit="EUR"), ".")
    d.say("Imports from Moorland in the quarter were ",
          money("€36.1 billion", 36.1e9, 0.05e9, "imports", "TEA", "MOR", "2024-03", unit="EUR"),
          ", so Tealand's deficit was ",
          money("€13.5 billion", -13.5e9, 0.05e9, "balance", "TEA", "MOR", "2024-03", kind="balance", unit="EUR"), ".")
    fs = d.check()
    assert not alarms(fs) and any("holds with ‘€22.6 billion’" in f.explanation for f in fs)
    d.claims[-1].value, d.claims[-1].low, d.claims[-1].high = -9.5e9, -9.55e9, -9.45e9     # fits neither
    assert alarms(d.check())


def test_figures_in_a_currency_the_checker_does_not_read_stay_out_of_the_checks():
    d = Doc().say("Tealand's exports to Moorland were C", money("$594 billion", 594e9, 0.5e9, "exports", "TEA", "MOR",
                                                                "2023"), " and its imports from Moorland C",
                  money("$432 billion", 432e9, 0.5e9, "imports", "TEA", "MOR", "2023"), ".")
    d.say("In US dollars, Moorland's deficit with Tealand was ",
          money("$67.9 billion", -67.9e9, 0.05e9, "balance", "MOR", "TEA", "2023", kind="balance"), ".")
    assert not alarms(d.check())
    # "¥4.1 trillion": no implied dollar for a figure after a currency symbol the checker does not know
    d2 = Doc().say("Tealand's exports to Moorland were ", money("$47 billion", 47e9, 0.5e9, "exports", "TEA", "MOR",
                                                                "2023"), ", its imports ¥",
                   money("4.1 trillion", 4.1e12, 0.05e12, "imports", "TEA", "MOR", "2023", unit=None,
                         scale_text="trillion"), ".")
    d2.check()
    assert d2.claims[1].unit is None


def test_percentages_of_other_clauses_are_not_taken_for_a_figure_in_points():
    from dyadwatch.check import check_text
    for t in ("In 2023 Tealand's share of Moorland's exports rose to 31% from 28%, while Sealand's share fell 2 "
              "percentage points to 12%.",
              "Sealand's share in Moorland's exports fell by 3 percentage points to 35%, while Tealand's share rose "
              "from 8% to 11%.",
              "The share of exports to Tealand was 45% in 2023, and 38% of imports came from Tealand; Tealand's share "
              "of trade rose 1.5 percentage points."):
        assert not [f for f in check_text(t, date="2024-03-01").findings if f.verdict == "inconsistent"], t


def test_a_product_or_a_total_beside_the_same_flow_is_not_a_second_value():
    def doc(first_words, second_words):
        d = Doc().say(f"Tealand's {first_words} to Moorland were ",
                      money("$8.1 billion", 8.1e9, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023.")
        d.say(f"Tealand's {second_words} to Moorland were ",
              money("$9.9 billion", 9.9e9, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023.")
        return d
    for first, second in (("exports of oil", "exports"), ("exports", "total exports"),
                          ("agricultural exports", "exports")):
        fs = doc(first, second).check()
        assert not alarms(fs) and any("a part of the flow" in f.explanation for f in fs), (first, second)
    assert alarms(doc("exports", "exports").check())           # the same flow twice: an error


# --------------------------------------------------------------------------- round 4 (issue 11)
def test_a_figure_in_points_between_two_percentages_or_beside_another_is_not_their_difference():
    # "Tealand took 31.0% of Moorland's exports (+1.2 points) and supplied 18.4% of its imports (-0.8 points)":
    # each figure in points is the change of the percentage just before it, not 18.4 - 31.0
    d = Doc().say("Tealand took ", pct("31.0%", 31.0, 0.05, "2024", indicator="exports", rep="MOR", par="TEA"),
                  " of Moorland's exports (", pct("+1.2 points", 1.2, 0.05, "2024", kind="change", unit="pp"),
                  ") and supplied ", pct("18.4%", 18.4, 0.05, "2024", indicator="imports", rep="MOR", par="TEA"),
                  " of its imports (", pct("-0.8 points", -0.8, 0.05, "2024", kind="change", unit="pp"), ").")
    for c in d.claims:
        c.indicator = c.reporter = c.partner = None             # read with no flow, as an extractor may
        c.subject = "None None-None"
    assert not [k for k in build(d.claims, d.text) if k.kind == "points"]
    assert not alarms(d.check())
    # the rule is narrow: "from 14.5% to 16.0%, a gain of 2.5 points" (both before it) is still checked
    e = Doc().say("The share rose from ", pct("14.5%", 14.5, 0.05, "2023"), " to ", pct("16.0%", 16.0, 0.05, "2024"),
                  ", a gain of ", pct("2.5 points", 2.5, 0.05, "2024", kind="change", unit="pp"), ".")
    assert [k for k in build(e.claims, e.text) if k.kind == "points"] and alarms(e.check())
    # and so is "rose to 16.0%, 1.5 points above the 14.5% of 2023" (two periods order the pair)
    f = Doc().say("The share rose to ", pct("16.0%", 16.0, 0.05, "2024"), ", ",
                  pct("2.5 points", 2.5, 0.05, "2024", kind="change", unit="pp"), " above the ",
                  pct("14.5%", 14.5, 0.05, "2023"), " of 2023.")
    assert alarms(f.check())


def test_an_expected_figure_is_a_target_not_a_fact():
    # "The ambassador counts on turnover reaching $5 billion by the end of the year" against 9 months' $3.3 bn
    d = Doc().say("In January-September trade between Tealand and Moorland came to ",
                  money("$3.3 billion", 3.3e9, 0.05e9, "turnover", "TEA", "MOR", "2024-01/2024-09"), ".")
    d.say("The ambassador counts on turnover of ", money("$5 billion", 5e9, 0.5e9, "turnover", "TEA", "MOR", "2024"),
          " for the whole year.")
    d.by_text("$5 billion").period = "2024-01/2024-06"          # a misdated expectation
    assert not alarms(d.check())
    r = Doc().say("Посол рассчитывает, что оборот выйдет на ",
                  money("$5 млрд", 5e9, 0.5e9, "turnover", "TEA", "MOR", "2024-01/2024-06"), ".")
    from dyadwatch.check.doubts import target_doubts
    assert target_doubts(r.claims, r.text) == {"C1"}


def test_a_change_whose_own_sentence_gives_the_base_it_fits_is_only_a_tension():
    # "Tealand's exports to Moorland rose 30% to $1.3 billion (a year earlier $1 billion)" with the $1.3 billion
    # read as the reverse flow, whose 2023 level ($3.4 billion) is stated elsewhere
    d = Doc().say("Moorland's imports from Tealand reached ",
                  money("$3.4 billion", 3.4e9, 0.05e9, "imports", "MOR", "TEA", "2023"), " in 2023.")
    d.say("In 2024 they rose ", pct("30%", 30, 0.5, "2024", kind="change", indicator="imports", rep="MOR", par="TEA"),
          " to ", money("$1.3 billion", 1.3e9, 0.05e9, "imports", "MOR", "TEA", "2024"), " (a year earlier ",
          money("$1 billion", 1e9, 0.5e9, "other", None, None, "2024"), ").")
    ch = d.by_text("30%")
    ch.level_id, ch.base_period = d.by_text("$1.3 billion").id, "2023"
    fs = d.check()
    assert not alarms(fs) and any(f.verdict == "tension" and "$1 billion" in f.explanation for f in fs)
    # without the fitting figure in its sentence, the same change is an error
    e = Doc().say("Moorland's imports from Tealand reached ",
                  money("$3.4 billion", 3.4e9, 0.05e9, "imports", "MOR", "TEA", "2023"), " in 2023.")
    e.say("In 2024 they rose ", pct("30%", 30, 0.5, "2024", kind="change", indicator="imports", rep="MOR", par="TEA"),
          " to ", money("$1.3 billion", 1.3e9, 0.05e9, "imports", "MOR", "TEA", "2024"), ".")
    ch = e.by_text("30%")
    ch.level_id, ch.base_period = e.by_text("$1.3 billion").id, "2023"
    assert alarms(e.check())


def test_a_change_of_a_deficit_divides_a_negative_level():
    # "the deficit came to $16.366 billion, 20.6% less than a year earlier ($20.614 billion)": with a negative
    # level the interval of the needed base used to come out with its ends reversed (an empty interval)
    d = Doc().say("Tealand's deficit with Moorland came to ",
                  money("$16.366 billion", -16.366e9, 0.0005e9, "balance", "TEA", "MOR", "2024", kind="balance"), ", ",
                  pct("20.6% less", -20.6, 0.05, "2024", kind="change", indicator="balance", rep="TEA", par="MOR"),
                  " than a year earlier (",
                  money("$20.614 billion", -20.614e9, 0.0005e9, "balance", "TEA", "MOR", "2023", kind="balance"), ").")
    ch = d.by_text("20.6% less")
    ch.level_id, ch.base_period = d.by_text("$16.366 billion").id, "2023"
    ch.__dict__["old_id"] = d.by_text("$20.614 billion").id
    assert [k for k in build(d.claims, d.text) if k.kind == "change"]
    assert not alarms(d.check())


def test_a_flow_restated_as_the_reverse_flow_is_a_swapped_direction():
    # "Tealand's exports to Moorland $16.3 billion, imports from Moorland $24.7 billion ... Tealand's exports to
    # Moorland, some $24.7 billion": 52% apart, but equal to the reverse flow: an error, not two quantities
    d = Doc().say("Tealand's exports to Moorland were ", money("$16.3 billion", 16.3e9, 0.05e9, "exports", "TEA",
                  "MOR", "2023"), " and its imports from Moorland ",
                  money("$24.7 billion", 24.7e9, 0.05e9, "imports", "TEA", "MOR", "2023"), ".")
    d.say("Tealand's exports to Moorland, ", money("$24.7 bn", 24.7e9, 0.05e9, "exports", "TEA", "MOR", "2023"),
          ", were mostly oil.")
    fs = [f for f in d.check() if f.verdict == "inconsistent"]
    assert fs and any("stated twice" in f.explanation for f in fs)
    # a second statement that matches nothing stated is two quantities read alike (a tension), as before
    d.by_text("$24.7 bn").value, d.by_text("$24.7 bn").low, d.by_text("$24.7 bn").high = 31e9, 30.95e9, 31.05e9
    assert not [f for f in d.check() if f.verdict == "inconsistent" and "stated twice" in f.explanation]


def test_a_change_with_an_unstated_base_may_rest_on_another_earlier_year():
    # "more than 80% higher than in 2021", the levels of 2021, 2022 and 2023 listed next: the base is 2021
    d = Doc().say("Tealand's exports to Moorland in 2023 were ",
                  pct("more than 80%", 80.0, 0, "2023", kind="change", indicator="exports", rep="TEA", par="MOR",
                      low=80.0, high=float("inf")), " higher than two years before.")
    d.say("They were ", money("€6.3 billion", 6.3e9, 0.05e9, "exports", "TEA", "MOR", "2021"), " in 2021, ",
          money("€9.7 billion", 9.7e9, 0.05e9, "exports", "TEA", "MOR", "2022"), " in 2022 and ",
          money("€11.4 billion", 11.4e9, 0.05e9, "exports", "TEA", "MOR", "2023"), " in 2023.")
    ch = d.by_text("more than 80%")
    ch.level_id, ch.base_period = d.by_text("€11.4 billion").id, "2022"
    fs = d.check()
    assert not alarms(fs) and any(f.verdict == "tension" and "€6.3 billion" in f.explanation for f in fs)


def test_a_balance_read_as_the_partner_s_takes_the_owner_its_sentence_names():
    # "Tealand's surplus in trade with Moorland came to $9.7 billion" read as Moorland's balance: the owner is
    # Tealand (named otherwise), the partner Moorland (named after "with"); the sign (surplus) stays
    d = Doc().say("Ukraine's imports from China were ", money("$12.3 billion", 12.3e9, 0.05e9, "imports", "UKR",
                  "CHN", "2024"), " and its exports to China ",
                  money("$2.6 billion", 2.6e9, 0.05e9, "exports", "UKR", "CHN", "2024"), ".")
    d.say("Ukraine's surplus in trade with China was ",
          money("$9.7 billion", 9.7e9, 0.05e9, "balance", "CHN", "UKR", "2024", kind="balance"), ".")
    fs = d.check()
    bal = d.by_text("$9.7 billion")
    assert (bal.reporter, bal.partner) == ("UKR", "CHN")
    assert any(f.verdict == "inconsistent" and bal.id in f.claims for f in fs)   # the wrong sign is found
    # the country after "with" alone, no other named: the owner stays unestablished (a tension at most)
    e = Doc().say("Ukraine's imports from China were ", money("$12.3 billion", 12.3e9, 0.05e9, "imports", "UKR",
                  "CHN", "2024"), " and its exports to China ",
                  money("$2.6 billion", 2.6e9, 0.05e9, "exports", "UKR", "CHN", "2024"), ".")
    e.say("The surplus in trade with China was ",
          money("$9.7 billion", 9.7e9, 0.05e9, "balance", "CHN", "UKR", "2024", kind="balance"), ".")
    assert not alarms(e.check()) and e.by_text("$9.7 billion").reporter == "CHN"


def test_a_total_split_by_an_of_which_sentence_is_the_pair_s_turnover():
    # "According to the ministry it came to $48.2 billion. Of this, $40.1 billion were imports from Moorland and
    # Tealand's exports to Moorland only $8.1 million": a sum with no flow, split into both directions
    def doc(exports_value):
        d = Doc().say("According to the ministry it came to ",
                      money("$48.2 billion", 48.2e9, 0.05e9, None, None, None, "2023", subject_sure=False), ".")
        d.say("Of this, ", money("$40.1 billion", 40.1e9, 0.05e9, "imports", "TEA", "MOR", "2023"),
              " were imports from Moorland and Tealand's exports to Moorland only ",
              money("$8.1 million", exports_value, exports_value / 1000, "exports", "TEA", "MOR", "2023"), ".")
        d.claims[0].subject = None
        return d
    d = doc(8.1e6)
    fs = d.check()
    t = d.by_text("$48.2 billion")
    assert t.indicator == "turnover" and {t.reporter, t.partner} == {"TEA", "MOR"}
    assert any(f.verdict == "inconsistent" for f in fs)                       # a million for a billion
    assert not alarms(doc(8.1e9).check())
    # without "of this" the sum stays a figure of no flow
    e = Doc().say("According to the ministry it came to ",
                  money("$48.2 billion", 48.2e9, 0.05e9, None, None, None, "2023", subject_sure=False), ".")
    e.say("Imports from Moorland were ", money("$40.1 billion", 40.1e9, 0.05e9, "imports", "TEA", "MOR", "2023"),
          " and exports ", money("$8.1 million", 8.1e6, 0.05e6, "exports", "TEA", "MOR", "2023"), ".")
    e.check()
    assert e.by_text("$48.2 billion").indicator is None
