"""Round 7 of the consistency checks (issue 11): errors the checks missed on a perfect reading, and alarms that
came from uncertain readings. Claims are built by hand (as a perfect extractor would give them) on sentences of
our own about invented figures (Chile, Peru, Bolivia), so that these tests pin the logic of :mod:`consistency`
and :mod:`doubts`, whatever the extractor reads.
"""
from __future__ import annotations

from test_check_frames import Doc, alarms, money, pct


def tensions(findings):
    return [f for f in findings if f.verdict == "tension"]


# ----------------------------------------------------------------------- a sum split in one passage
def _split(first_words, second_words, gap_sentence=None):
    d = Doc().say(first_words, money("$10.0 billion", 10.0e9, 0.05e9, "turnover", "CHL", "PER", "2023"), ".")
    if gap_sentence:
        d.say(gap_sentence)
    d.say(second_words, money("$7.2 billion", 7.2e9, 0.05e9, "exports", "CHL", "PER", "2023"),
          " and Peruvian shipments to Chile ", money("$3.9 billion", 3.9e9, 0.05e9, "exports", "PER", "CHL", "2023"), ".")
    return d


def test_a_total_split_in_one_passage_is_one_sources_split_not_mirror_statistics():
    # 7.2 + 3.9 = 11.1, not 10.0: the parts are worded from each side, but one passage splits one total
    fs = _split("Chile and Peru traded goods worth ", "Chilean exports to Peru were ").check()
    assert [f for f in alarms(fs) if "turnover" in f.explanation]
    # each sentence names a source of its own: two countries' statistics, a gap of 10% is a tension
    fs = _split("According to Chilean customs, Chile and Peru traded goods worth ",
                "Peruvian statistics put Chilean exports to Peru at ").check()
    assert not alarms(fs) and [f for f in tensions(fs) if "mirror" in f.explanation]
    # another sentence in between: no longer one passage
    fs = _split("Chile and Peru traded goods worth ", "Chilean exports to Peru were ",
                gap_sentence="Copper prices fell in the autumn.").check()
    assert not alarms(fs)


# ----------------------------------------------------------------------- the world doubt
def _world(words, partner="PER"):
    return (Doc().say(words, money("$9.0 billion", 9.0e9, 0.05e9, "turnover", "CHL", partner, "2023"),
                      ", up ", pct("20%", 20, 0.5, "2023", kind="change", indicator="turnover", rep="CHL", par=partner,
                                   base_period="2022"),
                      " from ", money("$6.0 billion", 6.0e9, 0.05e9, "turnover", "CHL", partner, "2022"), "."))


def _linked(d):
    ch = d.by_text("20%")
    ch.level_id, ch.__dict__["old_id"] = d.by_text("$9.0 billion").id, d.by_text("$6.0 billion").id
    return d


def test_a_total_is_the_worlds_only_when_its_sentence_names_one_country():
    # 6.0 × 1.2 = 7.2, not 9.0
    # "Chile's total trade" names one country: may be Chile's trade with the world, a tension
    assert not alarms(_linked(_world("Chile's total trade reached ")).check())
    # no country named at all: the sentence continues the pair's topic, an error
    assert alarms(_linked(_world("Total trade reached ")).check())
    # read as the world's figure already (no partner): nothing to doubt, an error
    assert alarms(_linked(_world("Chile's total trade reached ", partner=None)).check())


# ----------------------------------------------------------------------- a rate's own rounding
def _rate(rate, value, new="$512.734 million", new_v=512.734e6, old="$750.310 million", old_v=750.310e6, half=0.5e3):
    d = Doc().say("Chile's exports to Peru fell ",
                  pct(rate, value, 0.5, "2023", kind="change", indicator="exports", rep="CHL", par="PER",
                      base_period="2022"),
                  " to ", money(new, new_v, half, "exports", "CHL", "PER", "2023"),
                  " from ", money(old, old_v, half, "exports", "CHL", "PER", "2022"), ".")
    ch = d.by_text(rate)
    ch.level_id, ch.__dict__["old_id"] = d.by_text(new).id, d.by_text(old).id
    return d


def test_a_rate_between_precise_levels_is_allowed_one_unit_in_its_last_digit():
    # 512.734 / 750.310 is -31.66%: printed as 31% (cut off, or from revised levels), consistent
    assert not alarms(_rate("31%", -31).check())
    # "29%" is more than a unit off, and "35%" far off
    assert alarms(_rate("29%", -29).check()) and alarms(_rate("35%", -35).check())
    # levels printed roughly get nothing more (their own rounding covers the rate's): 24/30 is -20%, not -25%
    d = _rate("25%", -25, new="$24 billion", new_v=24e9, old="$30 billion", old_v=30e9, half=0.5e9)
    assert alarms(d.check())


def test_a_small_rate_keeps_its_sign():
    d = Doc().say("Chile's exports to Peru edged up ",
                  pct("0.1%", 0.1, 0.05, "2023", kind="change", indicator="exports", rep="CHL", par="PER",
                      base_period="2022"),
                  " to ", money("$362.2 million", 362.2e6, 0.05e6, "exports", "CHL", "PER", "2023"),
                  " from ", money("$362.4 million", 362.4e6, 0.05e6, "exports", "CHL", "PER", "2022"), ".")
    ch = d.by_text("0.1%")
    ch.level_id, ch.__dict__["old_id"] = d.by_text("$362.2 million").id, d.by_text("$362.4 million").id
    assert alarms(d.check())                                   # a rise between two levels that fell


# ----------------------------------------------------------------------- a balance word that names no figure
def _deficit(words_after):
    d = Doc().say("Chile's exports to Peru were ", money("$1.0 billion", 1.0e9, 0.05e9, "exports", "CHL", "PER", "2023"),
                  " and its imports from Peru ", money("$4.9 billion", 4.9e9, 0.05e9, "imports", "CHL", "PER", "2023"),
                  ".")
    d.say("With Peruvian goods worth ", money("$5.4 billion", 5.4e9, 0.05e9, "imports", "CHL", "PER", "2023"),
          words_after)
    return d


def test_a_balance_word_after_every_figure_names_none_of_them():
    # the same flow twice, $4.9 and $5.4 billion: "the deficit" after all figures does not make $5.4 billion the
    # balance, so the two values are an error
    assert alarms(_deficit(" arriving in the year, the deficit keeps widening.").check())
    # right after the figure, the word may name it: "$5.4 billion deficit" — not sure, a tension
    assert not alarms(_deficit(" deficit in the year, the gap keeps widening.").check())


# ----------------------------------------------------------------------- a total no smaller than its part
def test_a_total_smaller_than_the_other_statement_is_no_total_of_it():
    def doc(v, t):
        d = Doc().say("Chile's exports to Peru reached a record ",
                      money("$10.6 billion", 10.6e9, 0.05e9, "exports", "CHL", "PER", "2023"), ".")
        d.say("In all, Chile sold Peru goods worth ", money(t, v, 0.05e9, "exports", "CHL", "PER", "2023"), ".")
        return d
    assert alarms(doc(10.4e9, "$10.4 billion").check())          # "in all" smaller: one flow, two values
    assert not alarms(doc(12.9e9, "$12.9 billion").check())      # "in all" larger: the first may be a part


# ----------------------------------------------------------------------- a change over several years
def test_a_change_over_two_years_is_not_measured_against_the_middle_year():
    d = Doc().say("Chile's exports to Peru were ", money("$6.3 billion", 6.3e9, 0.05e9, "exports", "CHL", "PER", "2021"),
                  " in 2021, ", money("$9.7 billion", 9.7e9, 0.05e9, "exports", "CHL", "PER", "2022"),
                  " in 2022 and ", money("$11.4 billion", 11.4e9, 0.05e9, "exports", "CHL", "PER", "2023"),
                  " in 2023, up more than ",
                  pct("80%", 80, 0, "2023", kind="change", indicator="exports", rep="CHL", par="PER",
                      base_period="2022", low=80, high=float("inf")), " over two years.")
    ch = d.by_text("80%")
    ch.level_id, ch.__dict__["old_id"] = d.by_text("$11.4 billion").id, d.by_text("$9.7 billion").id
    fs = d.check()
    assert not alarms(fs) and [f for f in tensions(fs) if "several years" in f.explanation]


# ----------------------------------------------------------------------- one flow, two values in a change's sentence
def test_two_values_of_one_flow_in_a_changes_sentence_are_an_error():
    d = Doc().say("Chile's trade with Peru rose ",
                  pct("55%", 55, 0.5, "2023", kind="change", indicator="turnover", rep="CHL", par="PER",
                      base_period="2022"),
                  " in 2023 to ", money("$18.7 billion", 18.7e9, 0.05e9, "turnover", "CHL", "PER", "2023"),
                  ", climbing from ", money("$33.9 billion", 33.9e9, 0.05e9, "turnover", "CHL", "PER", "2022"),
                  " to ", money("$52.6 billion", 52.6e9, 0.05e9, "turnover", "CHL", "PER", "2023"), ".")
    ch = d.by_text("55%")
    ch.level_id, ch.__dict__["old_id"] = d.by_text("$18.7 billion").id, d.by_text("$33.9 billion").id
    bad = alarms(d.check())
    assert bad and "two values" in bad[0].explanation
    # the same figures of two different periods are a series, not two values: a misreading at most
    d.by_text("$52.6 billion").period = "2024"
    assert not alarms(d.check())


# ----------------------------------------------------------------------- a swapped direction
def _swap(imports_words, imports_indicator="imports", rep="PER", par="CHL"):
    d = Doc().say("Chile and Peru traded goods worth ",
                  money("$8.0 billion", 8.0e9, 0.05e9, "turnover", "CHL", "PER", "2023"), ".")
    d.say("Chile's exports to Peru were ", money("$5.5 billion", 5.5e9, 0.05e9, "exports", "CHL", "PER", "2023"),
          imports_words, money("$2.5 billion", 2.5e9, 0.05e9, imports_indicator, rep, par, "2023"), ".")
    return d


def test_two_flows_the_same_way_that_make_the_turnover_are_a_swapped_direction():
    # Peru's imports from Chile are Chile's exports to Peru: both the same way, yet they add up to the turnover
    bad = alarms(_swap(", and Peru's imports from Chile ").check())
    assert bad and "direction swapped" in bad[0].explanation
    # the words do not name the partner ("bought goods for"): the direction may be misread, no alarm
    assert not alarms(_swap(", and it bought goods for ").check())
    # one indicator read twice (a verb not understood): no alarm
    assert not alarms(_swap(", and Chile's sales to Peru ", "exports", "CHL", "PER").check())
    # the flows go both ways: an ordinary sum, consistent
    assert not alarms(_swap(", and Chile's imports from Peru ", rep="CHL", par="PER").check())


# ----------------------------------------------------------------------- uncertain readings
def test_a_flow_carried_past_a_sentence_of_unread_figures_is_not_sure():
    d = Doc().say("Chile's deficit with Peru was ",
                  money("$8.4 billion", -8.4e9, 0.05e9, "balance", "CHL", "PER", "2023", kind="balance"), ".")
    d.say("Chile's trade with the Andean states grew from ", money("$70.2 billion", 70.2e9, 0.05e9, None, None, None,
                                                                    "2022"),
          " to ", money("$89.4 billion", 89.4e9, 0.05e9, None, None, None, "2023"), ".")
    d.say("Exports to the region were ",
          money("$61.4 billion", 61.4e9, 0.05e9, "exports", "CHL", "PER", "2023", subject_named=False),
          ", imports ", money("$28 billion", 28e9, 0.5e9, "imports", "CHL", "PER", "2023", subject_named=False), ".")
    fs = d.check()
    assert not alarms(fs) and [f for f in tensions(fs) if "topic may have moved" in f.explanation]
    # named in their own sentence, the flows are sure and the balance's sign is an error
    for c in d.claims[-2:]:
        c.subject_named = True
    assert alarms(d.check())


def test_a_flow_stated_elsewhere_with_a_far_different_value_is_not_sure():
    d = Doc().say("Exports to Bolivia rose to ",
                  money("$17.2 billion", 17.2e9, 0.05e9, "exports", "CHL", "PER", "2023", subject_named=False), ".")
    d.say("Chile's trade with Peru showed a deficit of ",
          money("$6.9 billion", -6.9e9, 0.05e9, "balance", "CHL", "PER", "2023", kind="balance"), ".")
    d.say("Exports to the border regions rose to ",
          money("$4.9 billion", 4.9e9, 0.05e9, "exports", "CHL", "PER", "2023", subject_named=False),
          " and imports from them to ",
          money("$5.4 billion", 5.4e9, 0.05e9, "imports", "CHL", "PER", "2023", subject_named=False), ".")
    fs = d.check()
    bal = [f for f in fs if "balance" in f.explanation and f.verdict != "consistent"]
    assert bal and not alarms(bal) and "far different value" in bal[0].explanation


# ----------------------------------------------------------------------- points between two shares compared
def test_points_more_than_another_share_are_their_difference():
    from dyadwatch.check.links import relink

    def doc(points, value):
        d = Doc().say("Peru took ", pct("21.4%", 21.4, 0.05, "2023", indicator="exports", rep="CHL", par="PER"),
                      " of Chile's exports, ", pct(points, value, 0.05, "2023", kind="change", unit="pp",
                                                   indicator="exports", rep="CHL", par="PER"),
                      " more than Bolivia with ", pct("20.9%", 20.9, 0.05, "2023", indicator="exports", rep="CHL",
                                                       par="BOL"),
                      "; Ecuador followed with ", pct("11.0%", 11.0, 0.05, "2023", indicator="exports", rep="CHL",
                                                     par="ECU"), ".")
        relink(d.claims, d.text)
        return d
    bad = alarms(doc("0.9 points", 0.9).check())                  # 21.4 - 20.9 = 0.5, not 0.9
    assert bad and "percentage points" in bad[0].explanation
    assert not alarms(doc("0.5 points", 0.5).check())


# ----------------------------------------------------------------------- readings that do not matter to a check
def test_a_total_right_after_its_sure_parts_takes_their_pair():
    def doc(words):
        d = Doc().say("Chile's exports to Peru came to ",
                      money("$3.91 billion", 3.91e9, 0.005e9, "exports", "CHL", "PER", "2024-01/2024-04"), ".")
        d.say("Purchases from Peru rose to ",
              money("$3.95 billion", 3.95e9, 0.005e9, "imports", "CHL", "PER", "2024-01/2024-04"), ".")
        d.say(words, money("$40.3 million", 40.3e6, 0.05e6, "balance", "CHL", "PER", "2024-01/2024-04", kind="balance",
                           subject_sure=False, subject_named=False), ".")
        return d
    # exports below imports make a deficit, not a surplus: the carried balance continues its parts' topic
    assert alarms(doc("The customs office put the resulting surplus at ").check())
    # its sentence names a third country: whose balance it is is not established
    assert not alarms(doc("Bolivia's surplus came to ").check())


def test_a_change_within_one_sentence_does_not_depend_on_its_period():
    def doc(extra):
        d = Doc().say("Total trade reached ",
                      money("$1.345 billion", 1.345e9, 0.0005e9, "turnover", "CHL", "PER", "2020-08", period_sure=False),
                      ", ", pct("20.5%", -20.5, 0.05, "2020-08", kind="change", indicator="turnover", rep="CHL",
                                par="PER", base_period="2019-08", period_sure=False),
                      " less than a year before, when ",
                      money("$1.89 billion", 1.89e9, 0.005e9, "turnover", "CHL", "PER", "2019-08"), " changed hands",
                      *extra, ".")
        ch = d.by_text("20.5%")
        ch.level_id, ch.__dict__["old_id"] = d.by_text("$1.345 billion").id, d.by_text("$1.89 billion").id
        return d
    # 1.345 / 1.89 is -28.8%, not -20.5%: whatever month it is, the sentence contradicts itself
    assert alarms(doc(()).check())
    # another level of the flow in the sentence: which one is the base depends on the periods read
    assert not alarms(doc((", after ", money("$1.7 billion", 1.7e9, 0.05e9, "turnover", "CHL", "PER", "2020-07",
                                             period_sure=False), " in July")).check())


def test_a_balance_and_its_flows_carrying_one_period_do_not_depend_on_it():
    def doc(balance_sure):
        d = Doc().say("In the first five months Chile's exports to Peru were ",
                      money("$3.4 billion", 3.4e9, 0.05e9, "exports", "CHL", "PER", "2024-01/2024-05"), ".")
        d.say("Chile's exports to Peru were ",
              money("$3.4 billion ", 3.4e9, 0.05e9, "exports", "CHL", "PER", "2024-01/2024-05", period_sure=False),
              " and its imports from Peru ",
              money("$1.3 billion", 1.3e9, 0.05e9, "imports", "CHL", "PER", "2024-01/2024-05", period_sure=False),
              ", a deficit of ", money("$2.1 billion", -2.1e9, 0.05e9, "balance", "CHL", "PER", "2024-01/2024-05",
                                       kind="balance", period_sure=balance_sure), ".")
        return d
    assert alarms(doc(False).check())          # 3.4 - 1.3 is a surplus of 2.1, not a deficit, in any period
    assert not alarms(doc(True).check())       # the balance dated surely, the flows carried: they may differ


# ----------------------------------------------------------------------- an open bound explains nothing away
def test_a_bound_total_is_not_explained_away_by_another_statement_of_a_part():
    d = Doc().say("Chile's exports to Peru were ", money("$91.4 billion", 91.4e9, 0.05e9, "exports", "CHL", "PER", "2023"),
                  " and its imports from Peru ", money("$48.6 billion", 48.6e9, 0.05e9, "imports", "CHL", "PER", "2023"),
                  ", a surplus of more than ",
                  money("$46.8 billion", 46.8e9, 0, "balance", "CHL", "PER", "2023", kind="balance", low=46.8e9,
                        high=float("inf")), ".")
    d.say("Purchases of copper ore came to ",
          money("$1.46 billion", 1.46e9, 0.005e9, "imports", "CHL", "PER", "2023", subject_named=False), ".")
    # 91.4 - 48.6 = 42.8, not more than 46.8; that 91.4 - 1.46 is "more than 46.8" explains nothing
    assert alarms(d.check())
