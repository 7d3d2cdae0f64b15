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
    ("between July 2019 and June 2020", "2019-07/2020-06"),
    ("from October 2016 to September 2017", "2016-10/2017-09"),
    ("vom Juli 2019 bis Juni 2020", "2019-07/2020-06"),
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


# ----------------------------------------------------------------------------- comparison periods
def test_above_and_below_mark_the_period_of_a_comparison():
    text = "In March Peru's exports to Chile rose 4.1% to $0.9 billion, 2.3% below March last year."
    assert period_of(text, "$0.9", "2021-05-01") == "2021-03"
    text = "In 2016 trade between Peru and Chile stood at $7.2 billion, 3.5% above 2015."
    assert period_of(text, "$7.2") == "2016"


@pytest.mark.parametrize("text, date, now, then", [
    ("Оборот Перу и Чили за январь–май 2019 года составил $2,4 млрд, что меньше, чем за тот же период 2018 года "
     "($2,6 млрд).", "2019-07-01", "2019-01/2019-05", "2018-01/2018-05"),
    ("Обіг Перу з Чилі у січні–травні 2019 року склав $2,4 млрд, що менше, ніж за відповідний період 2018 року "
     "($2,6 млрд).", "2019-07-01", "2019-01/2019-05", "2018-01/2018-05"),
])
def test_the_same_period_of_a_named_year_is_those_months_of_that_year(text, date, now, then):
    assert period_of(text, "$2,4", date) == now
    assert period_of(text, "$2,6", date) == then


# ----------------------------------------------------------------------------- targets
@pytest.mark.parametrize("text, needle", [
    ("In 2020 Peru sold Chile goods worth $3 billion. Both governments aim to lift trade to $5 billion.", "$5"),
    ("В 2020 году оборот Перу и Чили составил $3 млрд. Стороны поставили цель довести его до $5 млрд.", "$5"),
    ("У 2020 році обіг Перу з Чилі склав $3 млрд. Мета сторін — $5 млрд.", "$5"),
    ("2020 lag der Handel zwischen Peru und Chile bei 3 Mrd. Dollar. Das Ziel sind 5 Mrd. Dollar.", "5 Mrd"),
])
def test_a_target_without_a_period_of_its_own_takes_none_from_context(text, needle):
    assert period_of(text, needle) is None


def test_a_target_with_its_own_year_keeps_it():
    text = "In 2020 Peru sold Chile goods worth $3 billion. Both aim to lift trade to $5 billion in 2025."
    assert period_of(text, "$5") == "2025"
    assert period_of(text, "$3") == "2020"


# ----------------------------------------------------------------------------- the present
@pytest.mark.parametrize("text, needle", [
    ("In 2019 Peru sold Chile goods worth $3 billion. China now buys about 30% of Peru's copper.", "30%"),
    ("Today, about 1500 Chilean firms trade with Peru.", "1500"),
    ("В 2019 году оборот Перу и Чили составил $3 млрд. Сейчас на Китай приходится около 30% экспорта Перу.", "30%"),
])
def test_a_figure_of_the_present_takes_no_period_from_context(text, needle):
    assert period_of(text, needle) is None


def test_by_now_is_not_the_present():
    text = "In 2019 Peru sold Chile goods worth $3 billion. By now the surplus had grown to $1.2 billion."
    assert period_of(text, "$1.2") == "2019"


# ----------------------------------------------------------------------------- months and days as asides
def test_a_month_opening_a_sentence_after_a_year_is_a_month_not_a_day():
    text = "Peru shipped $5.2 billion of goods to Chile in the first half of 2021. June alone brought $1.1 billion."
    assert period_of(text, "$1.1", "2021-08-01") == "2021-06"
    # a day before a month stays a date, not a period: "am 12. März"
    assert period_of("Am 12. März meldete Peru für 2020 Ausfuhren von 3 Mrd. Dollar.", "3 Mrd", "2021-03-14") == "2020"


@pytest.mark.parametrize("text, date, day", [
    ("Peru's exports to Chile were $4.1 billion in 2021. On 14 May alone, 900 lorries crossed the border.",
     "2022-02-01", "2021-05-14"),
    ("Peru sold Chile goods worth $2 billion in January-October. On November 3 alone 700 lorries crossed.",
     "2021-12-01", "2021-11-03"),
    ("У 2021 році обіг Перу з Чилі склав $4 млрд. Лише 14 травня кордон перетнули 900 вантажівок.",
     "2022-02-01", "2021-05-14"),
])
def test_a_day_named_as_an_aside_dates_its_figure_only(text, date, day):
    assert period_of(text, "900" if "900" in text else "700", date) == day
    more = text + " Exports rose to $5 billion."
    assert period_of(more, "$5", date) != day


# ----------------------------------------------------------------------------- "respectively"
@pytest.mark.parametrize("text, date, needles, labels", [
    ("In May and June Chile's share of Peru's imports was 8.1% and 9.4% respectively.", "2021-09-01",
     ("8.1%", "9.4%"), ("2021-05", "2021-06")),
    ("Peru's exports to Chile rose 3% in 2018, 5% in 2019 and 2% in 2020, while its imports grew 4%, 6% and 1% "
     "respectively.", None, ("4%", "6%", "1%"), ("2018", "2019", "2020")),
])
def test_figures_listed_with_respectively_take_the_listed_periods_in_order(text, date, needles, labels):
    assert tuple(period_of(text, n, date) for n in needles) == labels


def test_the_ends_of_a_span_are_not_a_list():
    text = "Between 2001 and 2021 Peru's exports and imports rose 6.2 times and 4.1 times respectively."
    assert period_of(text, "6.2 times") != "2001"


def test_months_of_two_years_joined_by_and_without_between_are_two_months():
    text = "in May 2019 and May 2020 the office counted"
    assert [str(m.period) for m in G.mentions(text)] == ["2019-05", "2020-05"]


def test_a_month_with_a_day_and_no_year_is_a_dateline_not_the_period():
    text = ("LIMA, Feb 3 - Peru's trade with Chile reached $6.1 billion in the first eleven months of 2020. "
            "Exports totalled $2.2 billion between January and November.")
    assert period_of(text, "$6.1", "2021-02-03") == "2020-01/2020-11"
    assert period_of(text, "$2.2", "2021-02-03") == "2020-01/2020-11"


@pytest.mark.parametrize("text, needle", [
    ("Оборот Перу и Чили в 2019 году составил $3 млрд. По сравнению с 2015 годом, когда он составлял $2 млрд, "
     "торговля выросла на 50%.", "$2 млрд"),
    ("Обіг Перу з Чилі у 2019 році склав $3 млрд. Порівняно з 2015 роком, коли він становив $2 млрд, торгівля "
     "зросла на 50%.", "$2 млрд"),
])
def test_a_when_clause_after_a_comparison_year_in_the_instrumental_is_dated_by_it(text, needle):
    assert period_of(text, needle) == "2015"


# ----------------------------------------------------------------------------- comparison pairs, "this period"
@pytest.mark.parametrize("text, old, old_period", [
    ("In 2021 Peru's imports from Chile grew 20% to $1.2 billion, up from $1.0 billion.", "$1.0", "2020"),
    ("Im Jahr 2021 drehte Perus Saldo mit Chile von einem Plus von 150 Mio. Dollar auf ein Minus von 90 Mio. Dollar.",
     "150 Mio", "2020"),
])
def test_the_from_figure_of_a_pair_is_a_year_earlier(text, old, old_period):
    assert period_of(text, old) == old_period


@pytest.mark.parametrize("text, needle", [
    ("Peru's trade with Chile fell 5% in January-May 2021. The surplus for the period was $0.3 billion.", "$0.3"),
    ("Perus Handel mit Chile sank von Januar bis Mai 2021 um 5 %. Für diesen Zeitraum ergab sich ein Plus von "
     "0,3 Mrd. Dollar.", "0,3 Mrd"),
])
def test_this_period_is_the_period_named_before(text, needle):
    assert period_of(text, needle) == "2021-01/2021-05"


def test_a_record_that_dates_from_a_year_is_that_years():
    text = "In 2021 Peru sold Chile goods worth $3 billion; the record, $4.4 billion, dates from 2014."
    assert period_of(text, "$4.4") == "2014"


def test_a_month_name_inside_a_word_is_not_a_month():
    text = "Trade between Georgia and Azerbaijan reached $0.6 billion in January-July 2019."
    assert [text[m.start:m.end] for m in G.mentions(text)] == ["January-July 2019"]


# ----------------------------------------------------------------------------- German forms
def test_german_month_ranges_of_a_relative_year_and_the_same_period_of_a_named_year():
    (m,) = G.mentions("Von Februar bis Oktober des vergangenen Jahres stiegen die Ausfuhren")
    assert str(m.resolve(doc_date="2022-03-01")) == "2021-02/2021-10"
    text = ("Von Januar bis Mai 2022 lagen Perus Ausfuhren nach Chile mit 2 Mrd. Dollar höher als im gleichen Zeitraum "
            "des Krisenjahres 2020, als sie 1,1 Mrd. Dollar betragen hatten.")
    assert period_of(text, "1,1 Mrd") == "2020-01/2020-05"


def test_the_first_months_of_a_fiscal_year_are_not_the_calendar_years():
    text = ("In April-September 2020, the first six months of Peru's fiscal year, exports to Chile reached "
            "$1.5 billion.")
    assert period_of(text, "$1.5") == "2020-04/2020-09"


@pytest.mark.parametrize("text, date, label", [
    ("By the end of October Peru's exports to Chile stood at $2.4 billion.", "2021-12-01", "2021-01/2021-10"),
    ("Peru's exports to Chile reached $2.8 billion in January-November 2021, up from $2.4 billion at the end of "
     "October.", "2021-12-20", "2021-01/2021-10"),
])
def test_a_flow_by_the_end_of_a_month_is_the_year_so_far(text, date, label):
    assert period_of(text, "$2.4", date) == label


# ----------------------------------------------------------------------------- a look back that opens a sentence
@pytest.mark.parametrize("text, back, after", [
    ("Perus Ausfuhren nach Chile erreichten 2021 3 Mrd. Dollar. Im Vorjahr hatte der Überschuss noch 0,4 Mrd. Dollar "
     "betragen. Die Einfuhren stiegen um 5 Prozent.", "0,4 Mrd", "5 Prozent"),
    ("Perus Ausfuhren nach Chile erreichten 2021 3 Mrd. Dollar. Im Jahr davor waren es 2,5 Mrd. Dollar gewesen, "
     "10 Prozent aller Ausfuhren. Die Einfuhren stiegen um 5 Prozent.", "2,5 Mrd", "5 Prozent"),
])
def test_a_look_back_opening_a_sentence_dates_it_and_the_text_returns(text, back, after):
    assert period_of(text, back) == "2020"
    assert period_of(text, after) == "2021"


def test_a_year_with_its_word_before_a_dash_dates_the_next_figure():
    text = "Експорт Перу до Чилі у 2019 році становив 2,1 млрд доларів, у 2020 році — 2,6 млрд доларів."
    assert period_of(text, "2,1 млрд") == "2019"
    assert period_of(text, "2,6 млрд") == "2020"
