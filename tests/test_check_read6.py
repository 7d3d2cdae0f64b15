"""Subjects and the consistency checks, round 6 (issue 11): a check needs a sure reading of every figure it rests
on. Every sentence here is written for this test (invented figures), not taken from a corpus."""
from dyadwatch.check import check_text


def verdicts(text, date=None):
    return [f.verdict for f in check_text(text, date=date).findings]


# ----------------------------------------------------------------------------- a country's trade with the world
def test_total_exports_after_a_pair_sentence_are_not_checked_as_the_pairs():
    text = ("Chile's sales to Peru rose 8% to $12.4 billion in 2021, and the bilateral surplus passed $5 billion. "
            "Chile's overall trade surplus grew 20% to $31.2 billion, as total exports rose 5% to $96.5 billion while "
            "imports fell 2% to $65.3 billion.")
    v = verdicts(text)
    assert "inconsistent" not in v
    assert "tension" in v                    # the check is still shown, as a doubt


def test_the_pairs_own_total_and_a_partner_named_after_to_are_still_checked():
    # "total trade with Peru": the partner is named, so an error is still an error
    text = ("In 2021 Chile's total trade with Peru reached $20 billion. Chile's exports to Peru were $12 billion "
            "and its imports from Peru $3 billion.")
    assert "inconsistent" in verdicts(text)
    # "the two-way total" is the pair's, even though one or no country is named
    text2 = ("Trade between Chile and Peru fell in 2021. Total two-way trade dropped 6% to $30 billion from "
             "$40 billion in 2020.")
    assert "inconsistent" in verdicts(text2)


# ----------------------------------------------------------------------------- a change over several years
def test_a_change_over_two_years_is_not_checked_against_the_year_before():
    text = "Chile's exports to Peru were $6.0 billion in 2020 and $9.1 billion in 2021, up 80% over two years."
    v = verdicts(text)
    assert "inconsistent" not in v and "tension" in v
    # the same change without the span of years is an error against 2020 (6.0 -> 9.1 is +52%)
    text2 = "Chile's exports to Peru were $6.0 billion in 2020 and $9.1 billion in 2021, up 80%."
    assert "inconsistent" in verdicts(text2)
    text3 = ("Die Exporte Chiles nach Peru stiegen 2021 auf 9,1 Mrd. Dollar, nach 6,0 Mrd. Dollar 2020, in zwei Jahren "
             "um 80 %.")
    assert "inconsistent" not in verdicts(text3)


# ----------------------------------------------------------------------------- a product's part of a flow
def test_a_product_before_a_tonnage_makes_the_money_after_it_a_part():
    text = ("In January-May 2023 Chile's exports to Peru exceeded $281 million. Of wine alone Chile sent Peru "
            "25,000 tonnes for $69.1 million.")
    assert "inconsistent" not in verdicts(text)
    text_uk = ("За січень-травень 2023 року експорт Чилі до Перу перевищив 281 млн доларів. Лише вина Чилі "
               "відвантажила до Перу 25 тис. тонн на 69,1 млн доларів.")
    assert "inconsistent" not in verdicts(text_uk)
