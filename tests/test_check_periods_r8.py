"""The period attached to each number, round 8 (issue 11): fiscal years by country, twelve-month spans named by
their last month without a year, and months that date a statement. Every sentence here is written for this test
(invented figures, real country names); none is taken from a corpus."""
import pytest

from dyadwatch import periods as G
from dyadwatch.check import check_text


def period_of(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0].period


# ----------------------------------------------------------------------------- the table
def test_the_fiscal_year_table_gives_first_month_and_naming_and_every_row_has_a_source():
    from importlib.resources import files
    from dyadwatch.safeyaml import load
    raw = load(files("dyadwatch").joinpath("data/fiscal_years.yaml").read_text(encoding="utf-8"), "t")
    assert all(str(v.get("source", "")).strip() for v in raw.values())
    t = G.fiscal_table()
    assert t["IND"] == (4, "end") and t["JPN"] == (4, "start") and t["PAK"] == (7, "end") and t["USA"] == (10, "end")
    assert "DEU" not in t and "CHN" not in t                   # calendar-year countries are not listed


@pytest.mark.parametrize("year, single, first, named_by, label", [
    (2021, False, 7, "end", "2021-07/2022-06"),     # "2021-22" in Pakistan
    (2024, True, 7, "end", "2023-07/2024-06"),      # "FY24" in Bangladesh
    (2024, True, 10, "end", "2023-10/2024-09"),     # "FY2024" of the US federal budget
    (2023, True, 4, "start", "2023-04/2024-03"),    # "fiscal 2023" in Japan
    (2023, True, 4, "end", "2022-04/2023-03"),      # "FY2023" in India
])
def test_fiscal_period_by_first_month_and_naming(year, single, first, named_by, label):
    assert G.fiscal_period(year, single, first, named_by).label == label


# ----------------------------------------------------------------------------- in sentences
@pytest.mark.parametrize("text, needle, label", [
    # the country from the sentence: a Pakistani fiscal year runs July to June, China's is the calendar year
    ("Pakistan's shipments to China came to $2.1 billion in the 2019-20 fiscal year.", "$2.1 billion",
     "2019-07/2020-06"),
    # the same label for India runs April to March
    ("India's shipments to China came to $2.1 billion in the 2019-20 fiscal year.", "$2.1 billion",
     "2019-04/2020-03"),
    # a one-year label of the US federal budget: October to September, named by its last year
    ("The United States spent $3.5 billion on aid to Egypt and Jordan in FY2019.", "$3.5 billion",
     "2018-10/2019-09"),
    # months written after the label win over the country's table
    ("Trade between Bangladesh and India fell to $9 billion in FY21, which ran from April to March.", "$9 billion",
     "2020-04/2021-03"),
])
def test_a_fiscal_year_takes_its_months_from_its_country(text, needle, label):
    assert period_of(text, needle, "2022-01-10") == label


def test_a_fiscal_year_established_once_holds_for_later_labels_of_the_text():
    text = ("Egypt and Turkey traded more in the fiscal year that ended in June. Egyptian exports to Turkey rose "
            "to $2.2 billion. In FY20 they had been $1.8 billion.")
    assert period_of(text, "$1.8 billion", "2022-09-01") == "2019-07/2020-06"


@pytest.mark.parametrize("text, needle, date, label", [
    ("In the last fiscal year, which ended in June, Kenya's exports to Uganda rose 4% to $700 million.",
     "$700 million", "2023-10-02", "2022-07/2023-06"),
    ("Over the twelve months to August, sales to Romania reached $1.1 billion.", "$1.1 billion", "2021-09-20",
     "2020-09/2021-08"),
    ("Australia was its top partner in the year ended March 2015, with two-way trade of $21 billion.", "$21 billion",
     None, "2014-04/2015-03"),
])
def test_a_year_ended_or_to_a_month_is_twelve_months(text, needle, date, label):
    assert period_of(text, needle, date) == label


@pytest.mark.parametrize("text, needle, label", [
    ("For the whole of 2021, the ministry said in March, trade rose 8% to $5.5 billion.", "$5.5 billion", "2021"),
    ("In a November 2021 statement, the office had put 2020 trade at $4.4 billion.", "$4.4 billion", "2020"),
])
def test_a_month_that_dates_a_statement_is_not_the_period_of_the_figures(text, needle, label):
    assert period_of(text, needle, "2022-05-01") == label


def test_a_month_of_the_figures_is_still_read():
    assert period_of("Exports to Poland rose in February 2022 to $300 million.", "$300 million") == "2022-02"


def test_the_year_of_the_event_a_record_counts_from_is_not_the_figures_period():
    text = ("Chile's exports to Peru reached $2.6 billion last year. That gave Chile a surplus of $1.1 billion, the "
            "largest since the border treaty was signed in 1999.")
    assert period_of(text, "$1.1 billion", "2016-03-01") == "2015"


def test_as_of_a_month_is_the_latest_such_month_by_the_date():
    text = ("Trade between Chile and Peru grew to $5 billion last year. As of June, Chilean firms ran 310 projects "
            "in Peru.")
    assert period_of(text, "310", "2016-09-14") == "2016-06"
