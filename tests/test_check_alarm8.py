"""Round 8 of the consistency checks (issue 11): a flow stated twice for one period is an error only when both
periods are established. A period carried over from an earlier sentence is not, once the text has looked back in
between (a sentence dated otherwise, or one that opens with an undated look back). Sentences of our own about
invented figures (Chile, Peru); claims built by hand as the extractor marks them (own period or carried)."""
from __future__ import annotations

from test_check_frames import Doc, alarms, money

from dyadwatch.check.doubts import carried_doubts


def _own(d, *texts):
    for c in d.claims:
        c.__dict__["own_period"] = c.text in texts
    return d


def _twice(middle, last_words="Chile's exports to Peru came to only "):
    d = Doc().say("Chile's exports to Peru reached ",
                  money("$600 million", 600e6, 0.5e6, "exports", "CHL", "PER", "2022-01/2022-07"),
                  " in January-July 2022.")
    if middle is not None:
        d.say(*middle)
    d.say(last_words, money("$800 million", 800e6, 0.5e6, "exports", "CHL", "PER", "2022-01/2022-07"), ".")
    return d


def tensions(findings):
    return [f for f in findings if f.verdict == "tension"]


def test_a_carried_period_past_a_sentence_dated_otherwise_gives_a_tension():
    # last year's record in between: the 800 is most likely last year's, its period carried past the look back
    d = _own(_twice(("Last year trade between Chile and Peru was a record ",
                     money("$2.4 billion", 2.4e9, 0.05e9, "turnover", "CHL", "PER", "2021"), ".")),
             "$600 million", "$2.4 billion")
    fs = d.check()
    assert not alarms(fs)
    assert [f for f in tensions(fs) if "dates its figures otherwise" in f.explanation]


def test_a_sure_repetition_is_still_an_error():
    # nothing dated otherwise in between: one flow, one period, two values
    d = _own(_twice(("Copper led the list of goods.",)), "$600 million")
    assert [f for f in alarms(d.check()) if "stated twice" in f.explanation]
    # both periods stated in their own sentences, whatever lies between: an error too
    d = _own(_twice(("Last year trade between Chile and Peru was a record ",
                     money("$2.4 billion", 2.4e9, 0.05e9, "turnover", "CHL", "PER", "2021"), "."),
                    last_words="In January-July 2022 Chile's exports to Peru came to "),
             "$600 million", "$2.4 billion", "$800 million")
    assert [f for f in alarms(d.check()) if "stated twice" in f.explanation]


def test_an_undated_look_back_opening_the_sentence_gives_a_tension():
    d = _own(_twice(None, last_words="In the whole of the previous year, Chile's exports to Peru had come to "),
             "$600 million")
    fs = d.check()
    assert not alarms(fs) and [f for f in tensions(fs) if "looks back" in f.explanation]
    # a look back after a figure is that figure's base, not the next one's period
    d = Doc().say("Chile's exports to Peru reached ",
                  money("$600 million", 600e6, 0.5e6, "exports", "CHL", "PER", "2022-01/2022-07"), " in January-July.")
    d.say("Imports from Peru were ", money("$300 million", 300e6, 0.5e6, "imports", "CHL", "PER", "2022-01/2022-07"),
          ", 2% less than a year earlier, and exports to Peru ",
          money("$610 million", 610e6, 0.5e6, "exports", "CHL", "PER", "2022-01/2022-07"), ".")
    _own(d, "$600 million")
    assert carried_doubts(d.claims, d.text) == {}


def test_a_base_whose_pair_partner_is_another_quantity_gives_a_tension():
    # 10% to $66 billion needs a base of $60 billion; "$12.2 billion" is the start of a product's rise whose end
    # ($23.0 billion) the text already gives for the whole flow far apart from $66 billion: another quantity
    d = Doc().say("Chilean purchases from Peru grew ",
                  dict(text="10%", value=10.0, half=0.5, kind="change", unit="pct", indicator="imports", reporter="CHL",
                       partner="PER", period="2019", base_period="2018", direction="up"),
                  " to ", money("$66 billion", 66e9, 0.5e9, "imports", "CHL", "PER", "2019"), ".")
    d.say("Imports in that category climbed from ",
          money("$12.2 billion", 12.2e9, 0.05e9, "imports", "CHL", "PER", "2018", subject_named=False),
          " to ", money("$23.0 billion", 23.0e9, 0.05e9, "imports", "CHL", "PER", "2019", subject_named=False), ".")
    fs = d.check()
    assert not [f for f in alarms(fs) if "12.2" in f.explanation]
    assert [f for f in tensions(fs) if "another quantity read alike" in f.explanation]


def test_a_thousandfold_slip_against_a_balance_is_found_in_german_with_its_scale_word_repaired():
    from dyadwatch.check import check_text
    t = ("Die Ausfuhren Singapurs nach Chile beliefen sich 2023 auf 12,4 Mrd. Singapur-Dollar. Die Einfuhren aus Chile "
         "erreichten 2023 9,1 Mio. Singapur-Dollar. Damit erzielte Singapur 2023 einen Überschuss von 3,3 Mrd. "
         "Singapur-Dollar.")
    r = check_text(t, date="2024-03-01")
    assert {c.unit for c in r.claims} == {"SGD"}                 # "Singapur-Dollar" is read as the currency
    bad = [f for f in r.findings if f.verdict == "inconsistent" and "balance" in f.explanation]
    assert bad and bad[0].repair and bad[0].repair["suggested_text"] == "9,1 Mrd. Singapur-Dollar"


def test_the_oracle_does_not_take_another_changes_level_for_a_base():
    from dyadwatch.check.links import relink
    d = Doc().say("March was the best month at ",
                  money("$400 million", 400e6, 0.5e6, "exports", "CHL", "PER", "2022-03"), " (",
                  dict(text="+12%", value=12.0, half=0.5, kind="change", unit="pct", indicator="exports",
                       reporter="CHL", partner="PER", period="2022-03"),
                  "), while May slipped ",
                  dict(text="20%", value=-20.0, half=0.5, kind="change", unit="pct", indicator="exports",
                       reporter="CHL", partner="PER", period="2022-05"),
                  " to ", money("$250 million", 250e6, 0.5e6, "exports", "CHL", "PER", "2022-05"), ".")
    relink(d.claims, d.text)
    may = next(c for c in d.claims if c.text == "20%")
    assert may.level_id == next(c.id for c in d.claims if c.text == "$250 million")
    assert "old_id" not in may.__dict__ and may.base_period == "2021-05"     # a year back, not March
    assert not alarms(d.check())
