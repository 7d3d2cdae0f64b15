"""Issue 11, second round: a check is INCONSISTENT only when the subjects and periods of its figures are
established; verbal multipliers and fractions; German ordinals. Sentences written for these tests."""
from __future__ import annotations

import pytest

from dyadwatch.check import check_text
from dyadwatch.check.evaluate import as_gold_form


def _verdicts(r, verdict):
    return [f for f in r.findings if f.verdict == verdict]


def _claim(r, text):
    return next(c for c in r.claims if c.text == text)


def test_period_carried_from_a_sentence_with_two_periods_is_not_an_error():
    # sentence 1 names 2024 and 2023; sentence 2 has no period of its own. Read naively, the 2024 export and
    # import would be combined with the 2023 balance of sentence 3 — a misreading, not an error
    text = ("Moldova's trade with Romania reached $4.1 billion in 2024, up from $3.6 billion in 2023. "
            "Moldova's exports to Romania were $1.9 billion and its imports from Romania $2.2 billion. "
            "In 2023 Moldova ran a deficit with Romania of $0.9 billion.")
    r = check_text(text)
    x = _claim(r, "$1.9 billion")
    assert not x.period_sure
    assert not _verdicts(r, "inconsistent")


def test_established_subjects_and_periods_still_fire():
    text = ("In 2023 Moldova's exports to Romania were $1.9 billion and Moldova's imports from Romania "
            "$2.2 billion. In 2023 Moldova had a trade surplus with Romania of $0.3 billion.")
    r = check_text(text)
    inc = _verdicts(r, "inconsistent")
    assert inc and "balance" in inc[0].explanation


def test_misread_subject_gives_a_tension_that_says_why():
    # "Georgian exports" names no partner: read as exports to Armenia (the document's other country) while the
    # sentence names Turkey — not established, so the failed balance is only a tension
    text = ("Georgia and Armenia trade more each year. In 2022 Georgian exports reached $5.6 billion, while "
            "exports to Turkey were $0.9 billion. Georgia's imports from Armenia were $0.5 billion in 2022. "
            "In 2022 Georgia's trade surplus with Armenia was $0.3 billion.")
    r = check_text(text)
    assert not _claim(r, "$5.6 billion").subject_sure
    assert not _verdicts(r, "inconsistent")
    assert any("misreading" in f.explanation for f in _verdicts(r, "tension"))


def test_same_flow_twice_needs_both_countries_named_each_time():
    text = ("In 2021 Latvia's exports to Estonia were €2.3 billion, Latvian statistics show. "
            "Estonia matters to Latvia. In 2021 Latvia's exports rose to €16.0 billion.")
    r = check_text(text)
    assert not _verdicts(r, "inconsistent")
    text2 = ("In 2021 Latvia's exports to Estonia were €2.3 billion, Latvian statistics show. "
             "A later release put Latvia's exports to Estonia in 2021 at €2.9 billion.")
    r2 = check_text(text2)
    assert any("stated twice" in f.explanation for f in _verdicts(r2, "inconsistent"))


def test_pronoun_carries_an_established_flow():
    text = ("Tschechiens Exporte nach Österreich sind im ersten Halbjahr 2021 gewachsen. Sie stiegen um 12 Prozent "
            "auf 5,6 Milliarden Euro. Die Einfuhren aus Österreich erreichten 4,0 Milliarden Euro. Der tschechische "
            "Überschuss im Handel mit Österreich lag damit bei 2,6 Milliarden Euro.")
    r = check_text(text)
    assert _claim(r, "5,6 Milliarden Euro").subject_sure
    assert _verdicts(r, "inconsistent")            # 5.6 − 4.0 = 1.6, not 2.6


@pytest.mark.parametrize("text, phrase, ratio", [
    ("Fuel sales to Chile grew eightyfold, from $5 million in 2020.", "eightyfold", 80.0),
    ("Copper sales rose fifty-fold to nearly $1 billion.", "fifty-fold", 50.0),
    ("The 2023 figure was roughly double the 2019 level.", "roughly double", 2.0),
    ("Man erwartet 12 Mrd. Euro, das Sechsfache des Niveaus von 2019.", "das Sechsfache", 6.0),
    ("Seither haben sich die Exporte mehr als verdoppelt.", "mehr als verdoppelt", 2.0),
    ("Поставки зерна выросли вдвое.", "вдвое", 2.0),
    ("Експорт до Литви скоротився вчетверо.", "вчетверо", 0.25),
    ("Wool exports were worth $40 million, about half their level of a year earlier.", "about half", 0.5),
])
def test_verbal_multipliers(text, phrase, ratio):
    c = next(c for c in check_text(text).claims if c.text == phrase)
    g = as_gold_form(c)
    assert g["kind"] == "change" and g["unit"] == "ratio"
    assert (g["value"] if g["value"] is not None else g["low"]) == pytest.approx(ratio)


@pytest.mark.parametrize("text, phrase, kind, value", [
    ("Exports to Peru had soared by over a third, to $1.2 billion.", "over a third", "change", 33.33),
    ("В 2021 году товарооборот вырос на треть и достиг $8 млрд.", "треть", "change", 33.33),
    ("Импорт сократился на четверть.", "четверть", "change", -25.0),
    ("Рынок забирает более трети узбекского хлопка.", "более трети", "share", 33.33),
    ("Её долю хотят снизить до одной трети.", "одной трети", "share", 33.33),
])
def test_fractions(text, phrase, kind, value):
    c = next(c for c in check_text(text).claims if phrase in c.text)
    assert c.kind == kind and c.unit == "pct"
    assert c.value == pytest.approx(value, abs=0.01)


def test_german_change_with_the_verb_at_the_end():
    r = check_text("Der Handel zwischen Chile und Peru ist 2022 um 18 % auf 4,2 Mrd. Dollar gewachsen. "
                   "Die Einfuhren aus Peru sind um 7 % auf 1,1 Mrd. Dollar gesunken.")
    assert _claim(r, "18 %").kind == "change" and _claim(r, "18 %").value == 18
    assert _claim(r, "7 %").kind == "change" and _claim(r, "7 %").value == -7


def test_ordinals_and_first_months_are_not_quantities():
    r = check_text("Bei den Abnehmerländern rutschte Chile vom 12. auf den 31. Platz. Im 2. Quartal 2023 "
                   "lagen die Exporte bei 3,1 Mrd. Euro. За первые 5 месяцев 2023 года оборот составил $2 млрд.")
    texts = [c.text for c in r.claims]
    assert "12" not in texts and "31" not in texts and "2" not in texts and "5" not in texts
    assert "3,1 Mrd. Euro" in texts and any(t.startswith("$2 млрд") for t in texts)


def test_sub_period_larger_than_its_year_fires_when_established():
    text = ("Der Handel zwischen Chile und Peru wächst. Nach chilenischen Angaben erreichte der Warenumsatz von "
            "Januar bis September 2023 4,3 Milliarden Dollar. Bereits im ersten Halbjahr 2023 waren es "
            "5,1 Milliarden Dollar gewesen. Peru bleibt für Chile wichtig.")
    r = check_text(text)
    assert _claim(r, "5,1 Milliarden Dollar").subject_sure
    inc = _verdicts(r, "inconsistent")
    assert any("cannot exceed" in f.explanation for f in inc)


def test_comparison_year_in_ukrainian_is_the_base_not_the_period():
    r = check_text("Експорт з Польщі до Чехії минулого року зріс на 12% порівняно з 2022 роком і сягнув "
                   "8,1 млрд злотих.", date="2024-03-05")
    assert _claim(r, "8,1 млрд злотих").period == "2023"
    assert _claim(r, "12%").base_period == "2022"


def test_german_adjective_flow_into_the_eu():
    r = check_text("Die belarussischen Ausfuhren in die EU stiegen 2017 um 39 % auf 7,8 Mrd. Dollar, die Einfuhren "
                   "um 21 % auf 6,6 Mrd. Dollar.")
    assert (_claim(r, "7,8 Mrd. Dollar").reporter, _claim(r, "7,8 Mrd. Dollar").partner) == ("BLR", "EU")
    assert _claim(r, "6,6 Mrd. Dollar").partner == "EU"
