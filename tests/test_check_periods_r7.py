"""The period attached to each number, round 7 (issue 11): general causes of period misses found on all seven
tuning corpora. Every sentence here is written for this test (invented figures, real country names); none is
taken from a corpus."""
import pytest

from dyadwatch import periods as G
from dyadwatch.check import check_text


def period_of(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0].period


# ----------------------------------------------------------------------------- fiscal years
@pytest.mark.parametrize("text, label", [
    ("sales reached $4 billion in 2016-17", "2016-04/2017-03"),
    ("over the 2019/20 fiscal year as a whole", "2019-04/2020-03"),
    ("farmers sold 3 million tonnes in the 2020/21 season", "2020-07/2021-06"),
    ("in the fiscal year that ended in June 2015", "2014-07/2015-06"),
    ("in the twelve months to the end of September 2018", "2017-10/2018-09"),
    ("over the four quarters to the end of March 2022", "2021-04/2022-03"),
])
def test_fiscal_years_and_rolling_years_are_twelve_months(text, label):
    assert [str(m.resolve()) for m in G.mentions(text) if m.period] == [label]


def test_a_fiscal_year_without_its_year_ends_in_the_latest_such_month_before_the_date():
    (m,) = [m for m in G.mentions("in the financial year that ended on March 31, officials said")]
    assert str(m.resolve(doc_date="2021-05-02")) == "2020-04/2021-03"
    assert str(m.resolve(doc_date="2021-02-10")) == "2019-04/2020-03"


@pytest.mark.parametrize("text", ["on 2021-05-14 the office said", "the 2021-05 release", "2020-21%"])
def test_dates_and_other_digits_are_not_fiscal_years(text):
    assert not any(m.period and m.period.n_months == 12 and m.period.start.month != 1 for m in G.mentions(text))


def test_a_fiscal_year_dates_the_figures_of_its_sentence_and_the_next():
    text = ("Trade between Kenya and India grew 6% to $3.1 billion in the financial year that ended in March. "
            "Kenyan exports rose to $0.4 billion.")
    assert period_of(text, "$3.1", "2019-06-01") == "2018-04/2019-03"
    assert period_of(text, "$0.4", "2019-06-01") == "2018-04/2019-03"
    assert period_of("Exports to Peru were $2.5 billion in 2014-15.", "$2.5") == "2014-04/2015-03"
