"""One test per error kind of issue 11, each with its own example sentences (not those of the tuning corpus)."""
import pytest

from dyadwatch.check import check_text
from dyadwatch.check.evaluate import as_gold_form


def claims(text, date=None):
    return check_text(text, date=date).claims


def one(text, needle, date=None):
    cs = [c for c in claims(text, date) if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in claims(text, date)]}"
    return cs[0]


def verdicts(text, date=None):
    return [f.verdict for f in check_text(text, date=date).findings]


# ----------------------------------------------------------------------------- subjects and direction
def test_direction_kept():
    c = one("Uzbekistan's exports to Russia reached $2.9 billion in 2022.", "$2.9")
    assert (c.indicator, c.reporter, c.partner) == ("exports", "UZB", "RUS")


def test_respectively_gives_one_subject_each():
    text = "Latvia and Estonia exported $640 million and $410 million respectively to each other in 2021."
    a, b = [c for c in claims(text) if c.unit == "USD"]
    assert (a.reporter, a.partner, b.reporter, b.partner) == ("LVA", "EST", "EST", "LVA")


def test_a_sentence_about_another_pair_moves_the_subject():
    text = ("Trade between Poland and Ukraine grew to $10 billion in 2022. Meanwhile, trade between Brazil and "
            "Mexico came to $9 billion.")
    c = one(text, "$9 billion")
    assert c.indicator == "turnover" and {c.reporter, c.partner} == {"BRA", "MEX"}


@pytest.mark.parametrize("text,iso", [
    ("US exports to Kazakhstan were $1.2 billion in 2021.", "USA"),
    ("UK exports to Georgia were $0.3 billion in 2021.", "GBR"),
    ("EU exports to Armenia were $1.5 billion in 2021.", "EU"),
    ("UAE exports to Iran were $20 billion in 2021.", "ARE"),
    ("Exports of Eritrea to Sudan were $2 million in 2021.", "ERI"),
    ("Экспорт Казахстана в Китай составил 13,2 млрд долларов в 2021 году.", "KAZ"),
    ("Експорт Молдови до Румунії становив 1,1 млрд дол. США у 2021 році.", "MDA"),
    ("Die Exporte Kasachstans nach China beliefen sich 2021 auf 13,2 Milliarden Dollar.", "KAZ"),
])
def test_short_names_and_other_languages(text, iso):
    money = [c for c in claims(text) if c.unit == "USD"]
    assert money and money[0].reporter == iso and money[0].indicator == "exports"


def test_us_the_pronoun_is_not_a_country():
    assert not any(c.reporter == "USA" for c in claims("Tell us: exports to Poland were $3 billion in 2020."))


# ----------------------------------------------------------------------------- kind
@pytest.mark.parametrize("text,needle,value", [
    ("Georgia raised its exports by 8.5% in 2023.", "8.5%", 8.5),
    ("Imports plunged 21% in 2022.", "21%", -21),
    ("Exports reached $3.3 billion (+3.4%) in 2023.", "3.4%", 3.4),
    ("Exports came to $3.3 billion, 27.9% up on 2022.", "27.9%", 27.9),
    ("Товарооборот снизился на 11,3% в 2023 году.", "11,3%", -11.3),
    ("Der Handel ging 2023 um 4,2 Prozent zurück.", "4,2", -4.2),
])
def test_a_change_is_not_a_level(text, needle, value):
    c = one(text, needle)
    assert c.kind == "change" and c.value == pytest.approx(value)


@pytest.mark.parametrize("text,needle,ratio", [
    ("Exports to India rose 2.5 times in 2023.", "2.5 times", 2.5),
    ("Imports from Turkey quadrupled in 2022.", "quadrupled", 4.0),
    ("Die Exporte waren 2023 1,8-mal so hoch wie 2020.", "1,8-mal", 1.8),
    ("Экспорт вырос в 2,3 раза в 2023 году.", "2,3 раза", 2.3),
    ("Імпорт скоротився у 2 рази у 2022 році.", "2 рази", 0.5),
])
def test_multipliers(text, needle, ratio):
    g = as_gold_form(one(text, needle))
    assert g["kind"] == "change" and g["unit"] == "ratio" and g["value"] == pytest.approx(ratio, rel=1e-3)


@pytest.mark.parametrize("text,needle,share", [
    ("Machinery made up a fifth of the total in 2022.", "a fifth", 20.0),
    ("Three quarters of the goods went by road in 2022.", "Three quarters", 75.0),
    ("На долю нефти пришлась треть поставок в 2022 году.", "треть", 33.333),
])
def test_fractions_are_shares(text, needle, share):
    c = one(text, needle)
    assert c.kind == "share" and c.value == pytest.approx(share, rel=1e-3)


@pytest.mark.parametrize("text,needle", [("Turnover surpassed $12 billion in 2023.", "$12"),
                                         ("Turnover was over $12 billion in 2023.", "$12"),
                                         ("Der Umsatz lag 2023 bei mehr als 12 Mrd. Euro.", "12")])
def test_bounds_are_lower_bounds(text, needle):
    g = as_gold_form(one(text, needle))
    assert g["value"] is None and g["low"] == pytest.approx(12e9) and g["high"] is None


def test_ranges_carry_unit_and_sign():
    g = as_gold_form(one("Prices rose between 3 and 7% in 2023.", "between"))
    assert (g["kind"], g["unit"], g["low"], g["high"]) == ("range", "pct", 3.0, 7.0)


def test_compound_amounts():
    c = one("Exports to Serbia came to $1 bln 250 mln in 2022.", "$1 bln")
    assert c.value == pytest.approx(1.25e9) and c.text == "$1 bln 250 mln"


def test_an_implied_scale_is_applied():
    c = one("Exports came to $2.4 billion in 2022, and re-exports added $0.31 worth.", "$0.31")
    assert c.value == pytest.approx(3.1e8)


# ----------------------------------------------------------------------------- units in other languages
@pytest.mark.parametrize("text,needle,unit,value", [
    ("Die Exporte stiegen 2023 um 12,5 Prozent.", "12,5", "pct", 12.5),
    ("Die Exporte erreichten 2023 4,15 Milliarden Dollar.", "4,15", "USD", 4.15e9),
    ("Die Importe lagen 2023 bei 2,7 Mrd. Euro.", "2,7", "EUR", 2.7e9),
    ("Der Überschuss betrug 2023 350 Mio. EUR.", "350", "EUR", 3.5e8),
    ("Экспорт составил 5,6 млрд долларов в 2023 году.", "5,6", "USD", 5.6e9),
    ("Импорт составил 870 млн руб. в 2023 году.", "870", "RUB", 8.7e8),
    ("Экспорт составил 45 тыс. тонн в 2023 году.", "45", None, None),
    ("Експорт склав 12 млрд грн у 2023 році.", "12", "UAH", 1.2e10),
    ("Exports reached €3.1 billion in 2023.", "3.1", "EUR", 3.1e9),
])
def test_units_in_other_languages(text, needle, unit, value):
    c = one(text, needle)
    if unit is not None:
        assert c.unit == unit and c.value == pytest.approx(value)
    else:
        assert c.value == pytest.approx(45e3)


def test_a_euro_sum_is_never_printed_with_a_dollar_sign():
    text = ("In 2023 Latvia's exports to Lithuania were €2.0 billion and its imports from Lithuania €3.0 billion, "
            "and bilateral trade between Latvia and Lithuania was €9.0 billion.")
    r = check_text(text)
    expl = " ".join(f.explanation for f in r.findings if f.verdict == "inconsistent")
    assert "€" in expl and "$" not in expl


# ----------------------------------------------------------------------------- not quantities
@pytest.mark.parametrize("text,bad", [
    ("Am 3. Juni 2022 stiegen die Exporte um 5 Prozent.", "3"), ("Stand 17.03.2021: Exporte +5%.", "17"),
    ("Russland lag auf Rang 7 der Partner; Exporte 2 Mrd. Euro.", "7"),
    ("Channel 4 reported exports of $2 billion in 2022.", "4"),
    ("Телеканал «Мир 24» сообщил об экспорте на 3 млрд долларов.", "24"),
    ("On 4 March 2022 exports fell 5%.", "4"),
])
def test_not_quantities(text, bad):
    assert bad not in [c.number_text for c in claims(text)]


# ----------------------------------------------------------------------------- periods
@pytest.mark.parametrize("text,date,period", [
    ("Exports rose to $1.4 billion last year.", "2024-03-01", "2023"),
    ("Exports reached $1.4 billion this year.", "2024-10-01", "2024"),
    ("Exports reached $1.4 billion in January–October this year.", "2024-11-20", "2024-01/2024-10"),
    ("В прошлом году экспорт составил 1,4 млрд долларов.", "2022-02-10", "2021"),
])
def test_relative_years(text, date, period):
    assert one(text, "1,4" if "1,4" in text else "$1.4", date).period == period


def test_document_date_detected_in_russian_and_ukrainian_and_dmy():
    for head, year in (("Минск, 5 марта 2021 г.", "2020"), ("Київ, 5 березня 2021 р.", "2020"),
                       ("Stand: 05.03.2021.", "2020")):
        text = head + " Exports reached $1.4 billion last year."
        assert one(text, "$1.4").period == year


def test_a_to_figure_is_dated_by_its_change():
    text = "Exports fell by a quarter in 2022, from $800 million in 2021 to $600 million."
    assert one(text, "$600").period == "2022" and one(text, "$800").period == "2021"


def test_a_comparison_clause_does_not_replace_the_main_period():
    c = one("In the first half of 2019 exports were 12.3% up on the same period of 2016.", "12.3%")
    assert c.period == "2019-01/2019-06"


@pytest.mark.parametrize("text,period", [
    ("Im ersten Quartal 2023 stiegen die Exporte um 4 Prozent.", "2023-01/2023-03"),
    ("Im ersten Halbjahr 2023 stiegen die Exporte um 4 Prozent.", "2023-01/2023-06"),
    ("В I квартале 2023 года экспорт вырос на 4%.", "2023-01/2023-03"),
    ("За 9 месяцев 2023 года экспорт вырос на 4%.", "2023-01/2023-09"),
    ("В январе–августе 2023 года экспорт вырос на 4%.", "2023-01/2023-08"),
    ("Exports rose 4% in 9M 2023.", "2023-01/2023-09"),
    ("Exports rose 4% in H1 2023.", "2023-01/2023-06"),
])
def test_sub_year_periods_in_german_and_russian(text, period):
    assert one(text, "4").period == period


# ----------------------------------------------------------------------------- checks that never fired
def test_a_sub_period_larger_than_its_year_is_inconsistent():
    text = ("Poland's exports to Lithuania were $3.0 billion in 2022. In the first half of 2022 Poland's exports "
            "to Lithuania were over $3.5 billion.")
    assert "inconsistent" in verdicts(text)


def test_two_values_for_one_flow_and_period():
    text = ("Poland's exports to Lithuania were $3.0 billion in 2022. Customs data show that Poland's exports to "
            "Lithuania were $3.6 billion in 2022.")
    assert "inconsistent" in verdicts(text)


def test_the_sign_of_a_balance():
    text = ("In 2022 Georgia's exports to Armenia were $0.5 billion and its imports from Armenia $0.8 billion, "
            "giving Georgia a trade surplus of $0.3 billion with Armenia.")
    r = check_text(text)
    bad = [f for f in r.findings if f.verdict == "inconsistent"]
    assert bad and bad[0].repair and "surplus ↔ deficit" in bad[0].repair["suggested_text"]


def test_a_named_turnover_with_export_and_import_in_one_sentence_is_summed():
    text = ("Trade turnover between Latvia and Estonia was $4.0 billion in 2023, with exports at $1.5 billion and "
            "imports at $1.8 billion.")
    assert "inconsistent" in verdicts(text)
    ok = text.replace("$4.0 billion", "$3.3 billion")
    assert "inconsistent" not in verdicts(ok) and "consistent" in verdicts(ok)


def test_percentage_point_arithmetic():
    bad = "China's share of the market rose from 11.0% in 2020 to 15.5% in 2023, a gain of 3.5 percentage points."
    assert "inconsistent" in verdicts(bad)
    assert "inconsistent" not in verdicts(bad.replace("3.5 percentage", "4.5 percentage"))
