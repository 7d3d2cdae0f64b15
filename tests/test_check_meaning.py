"""The meaning attached to numbers (issue 11, round 3): periods carried between sentences, comparison figures,
relative periods, subjects. Every sentence here is written for this test, not taken from a corpus."""
from dyadwatch.check import check_text


def claim(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0]


# ----------------------------------------------------------------------------- periods
def test_german_ordinal_dot_does_not_end_the_sentence():
    text = ("Im zweiten Quartal 2021 wuchs der Handel mit Chile. Er erreichte 3,1 Mrd. Euro; im 2. Quartal 2020 "
            "waren es 2,2 Mrd. Euro gewesen.")
    assert claim(text, "2,2 Mrd").period == "2020-04/2020-06"
    assert claim(text, "3,1 Mrd").period == "2021-04/2021-06"


def test_a_later_clause_period_does_not_date_an_earlier_clause():
    text = ("In the first half of 2021 Chile's exports to Peru grew. They rose 4% to $1.2 billion; in the first half "
            "of 2020 they had stood at $1.15 billion.")
    assert claim(text, "$1.2 billion").period == "2021-01/2021-06"
    assert claim(text, "$1.15 billion").period == "2020-01/2020-06"


def test_comparison_figure_does_not_move_the_carried_period():
    text = ("Peru's exports to Chile reached $3.3 billion in 2021, well above the $2.9 billion recorded in 2020 and "
            "the $2.5 billion of 2019. Imports from Chile came to $1.1 billion.")
    assert claim(text, "$1.1 billion").period == "2021"


def test_tie_goes_to_the_latest_period():
    text = ("Chile's exports to Peru, $0.8 billion in 2018, rose to $1.4 billion in 2021. Copper made up $0.6 "
            "billion.")
    assert claim(text, "$0.6 billion").period == "2021"


def test_a_year_earlier_counts_from_the_period_in_context():
    text = ("In the third quarter of 2021 Chile's exports to Peru came to $410 million, against $380 million a "
            "year earlier.")
    assert claim(text, "$410 million").period == "2021-07/2021-09"
    assert claim(text, "$380 million").period == "2020-07/2020-09"
    de = "Im dritten Quartal 2021 lieferte Chile Waren für 410 Mio. Euro nach Peru, nach 380 Mio. Euro ein Jahr zuvor."
    assert claim(de, "380 Mio").period == "2020-07/2020-09"
    de2 = "Im ersten Halbjahr 2021 stiegen die Exporte auf 5 Mrd. Euro, nach 4 Mrd. Euro im Vorjahreshalbjahr."
    assert claim(de2, "4 Mrd").period == "2020-01/2020-06"


def test_month_without_year_takes_the_latest_by_the_document_date():
    text = "Chile's exports to Peru fell 6% in August to $95 million."
    assert claim(text, "$95 million", date="2021-10-02").period == "2021-08"
    assert claim(text, "$95 million", date="2021-03-02").period == "2020-08"


def test_year_earlier_does_not_set_the_year_of_a_month_range():
    text = ("Trade between Chile and Peru grew in the first quarter. It came to $2.4 billion in January-March, up "
            "9% from $2.2 billion a year earlier.")
    assert claim(text, "$2.4 billion", date="2021-05-10").period == "2021-01/2021-03"
    assert claim(text, "$2.2 billion", date="2021-05-10").period == "2020-01/2020-03"


def test_from_year_dates_only_the_base_figure():
    text = ("Chile's exports to Peru rose in 2021. Wine sales grew fivefold, from $3 million in 2019 to $15 million, "
            "while fruit sales doubled to $40 million.")
    assert claim(text, "$3 million").period == "2019"
    assert claim(text, "$15 million").period == "2021"
    assert claim(text, "$40 million").period == "2021"


def test_trailing_year_dates_the_figure_right_before_it():
    text = ("Trade between Chile and Peru reached $6 billion in 2021. That is double the $3 billion recorded ten "
            "years before, in 2011.")
    assert claim(text, "$3 billion").period == "2011"
    assert claim(text, "$6 billion").period == "2021"


def test_a_target_after_the_document_date_is_not_carried():
    text = ("Chile and Peru traded goods worth $6 billion in 2021 and aim for $10 billion by 2030. Copper made up "
            "$2 billion.")
    assert claim(text, "$2 billion", date="2022-02-01").period == "2021"
