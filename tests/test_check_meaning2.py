"""The meaning attached to numbers, round 4 (issue 11): periods, signs, kinds and subjects that recurred across the
tuning corpora. Every sentence here is written for this test, not taken from a corpus."""
from dyadwatch import periods as G
from dyadwatch.check import check_text


def claim(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0]


# ----------------------------------------------------------------------------- periods
def test_twelve_months_to_a_named_month():
    assert G.normalise("fiscal year to March 2021") == "2020-04/2021-03"
    assert G.normalise("year ending June 2019") == "2018-07/2019-06"
    assert G.normalise("12 months to September 2020") == "2019-10/2020-09"
    text = "In the fiscal year to March 2021 Chile's exports to Peru reached $4.4 billion."
    assert claim(text, "$4.4 billion").period == "2020-04/2021-03"


def test_german_month_span_with_zwischen_und():
    text = ("Chile hat in den ersten Monaten dieses Jahres mehr verkauft. Die Exporte nach Peru stiegen zwischen "
            "Januar und Juli um 3 % auf 2,2 Mrd. Euro.")
    assert claim(text, "2,2 Mrd", date="2021-10-01").period == "2021-01/2021-07"


def test_over_that_opens_a_sentence_is_during_not_a_base():
    text = ("Chile's exports to Peru grew in 2018. Over March-June, Chile's exports to Peru were worth $2 billion, "
            "up 5%.")
    assert claim(text, "$2 billion").period == "2018-03/2018-06"
    # "over" after a change is still the base of comparison
    text2 = "In 2019 Chile's exports to Peru rose 4% over 2018 to $2.5 billion."
    assert claim(text2, "$2.5 billion").period == "2019"


# ----------------------------------------------------------------------------- signs
def test_german_verb_at_the_end_of_um_auf_gives_the_sign():
    text = ("Die Exporte Chiles nach Peru gingen um 4,1 % auf 3,3 Mrd. Euro zurück, während die Importe aus Peru um "
            "1,7 % auf 2,2 Mrd. Euro zulegten.")
    assert claim(text, "4,1 %").value == -4.1
    assert claim(text, "1,7 %").value == 1.7
    assert claim("Die Ausfuhren nach Peru brachen um 21,5 Prozent auf 1,1 Mrd. Euro ein.", "21,5").value == -21.5
    assert claim("Die Einfuhren aus Peru gaben um 3,3 Prozent auf 0,9 Mrd. Euro nach.", "3,3").value == -3.3
    assert claim("Die Einfuhren aus Peru legten um 6,5 Prozent auf 0,9 Mrd. Euro zu.", "6,5").value == 6.5


def test_a_german_change_verb_is_a_whole_word():
    # "Sanktionen" is not "sank"
    text = "Die Ausfuhren nach Peru, trotz der Sanktionen, stiegen um 7,7 % auf 1,9 Mrd. Euro."
    assert claim(text, "7,7 %").value == 7.7


# ----------------------------------------------------------------------------- multipliers and fractions
def test_english_word_multipliers_of_a_named_amount():
    c = claim("Chile's exports to Peru reached $9 billion, more than three times the previous record.", "three times")
    assert c.kind == "change" and c.low == 200 and c.high == float("inf")
    assert claim("Trade may reach $12 billion, five times the level of 2015.", "five times").value == 400
    # a count of occasions is no multiplier
    assert not [c for c in check_text("The minister visited Lima three times the same year.").claims
                if "times" in c.text]


def test_over_half_of_a_total_is_a_lower_bound_share():
    c = claim("Peru took over half of Chile's copper exports last year.", "half")
    assert c.kind == "share" and c.low == 50 and c.high == float("inf")
    c = claim("Мідь дає понад половину чилійського експорту до Перу.", "половину")
    assert c.kind == "share" and c.low == 50
    # the first half of a year is a period, "half of their peak" a multiplier
    assert not [c for c in check_text("In the first half of 2021 trade grew.").claims if "half" in c.text]
    c = claim("Chile's exports to Peru were about half of their 2019 peak.", "half")
    assert c.kind == "change" and c.value == -50


def test_russian_change_verb_without_na_and_ukrainian_higher_by():
    assert claim("Закупки Перу в Чили прибавили 14,2% и достигли $1,5 млрд.", "14,2%").kind == "change"
    c = claim("Экспорт Чили в Перу сократился еще 6%, до $0,9 млрд.", "6%")
    assert c.kind == "change" and c.value == -6
    c = claim("У 2022 році експорт Чилі до Перу був на 35% вищим, ніж у 2020-му.", "35%")
    assert c.kind == "change" and c.value == 35


def test_a_change_against_a_base_written_after_the_number():
    c = claim("Im März lagen die Ausfuhren nach Peru 9,5 % unter dem Vorjahresmonat.", "9,5 %")
    assert c.kind == "change" and c.value == -9.5
    c = claim("In March Chile's exports to Peru were 4% above the same month of last year.", "4%")
    assert c.kind == "change" and c.value == 4


# ----------------------------------------------------------------------------- subjects
def test_russian_purchases_and_supplies_of_a_countrys_goods():
    text = ("Поставки перуанских товаров в Чили выросли на 5%, до $1,2 млрд. Закупки Перу в Чили прибавили 3% и "
            "достигли $0,8 млрд.")
    c = claim(text, "$1,2 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("exports", "PER", "CHL")
    c = claim(text, "$0,8 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "PER", "CHL")


def test_imports_of_a_countrys_goods_are_the_destinations_imports():
    c = claim("Імпорт чилійських товарів до Перу скоротився на 12%, до 0,7 млрд дол.", "0,7 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "PER", "CHL")
    c = claim("Импорт перуанских товаров в Чили вырос на 4%, до $0,6 млрд.", "$0,6 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "CHL", "PER")


def test_russian_shipping_verbs_and_a_verb_without_its_country():
    text = ("Товарооборот Чили и Перу составил $5 млрд. В мае Чили отгрузила в Перу товаров на $1,1 млрд, а ввезла "
            "оттуда на $0,7 млрд.")
    c = claim(text, "$1,1 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("exports", "CHL", "PER")
    c = claim(text, "$0,7 млрд")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "CHL", "PER")


def test_a_flow_does_not_take_the_partner_of_the_next_flow():
    text = ("Trade between Chile and Peru fell 2% in 2021. Chilean exports fell 1.5% to $3.2 bln and imports from Peru "
            "lost 2.8% to $2.6 bln.")
    c = claim(text, "$2.6 bln")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "CHL", "PER")
    c = claim(text, "$3.2 bln")
    assert (c.indicator, c.reporter, c.partner) == ("exports", "CHL", "PER")


def test_german_compound_goods_exports():
    text = ("Der Handel zwischen Chile und Deutschland wuchs. Die deutschen Warenexporte nach Chile gingen um 3,1 % auf "
            "9,3 Mrd. Euro zurück, während die Warenimporte aus Chile um 1,4 % auf 8,2 Mrd. Euro zulegten.")
    c = claim(text, "9,3 Mrd")
    assert (c.indicator, c.reporter, c.partner) == ("exports", "DEU", "CHL")
    c = claim(text, "8,2 Mrd")
    assert (c.indicator, c.reporter, c.partner) == ("imports", "DEU", "CHL")
    assert claim(text, "1,4 %").value == 1.4


def test_more_english_demonyms():
    from dyadwatch.check.subjects import country
    assert [country(x) for x in ("Chilean", "Peruvian", "Kenyan", "Bangladeshi")] == ["CHL", "PER", "KEN", "BGD"]


def test_an_import_surplus_is_a_deficit_of_its_country():
    c = claim("Chile sold $9 billion of goods to Peru, and Peru's import surplus hit a record of about $5 billion.",
              "$5 billion")
    assert (c.kind, c.value, c.reporter, c.partner) == ("balance", -5e9, "PER", "CHL")
    assert claim("Peru ran a surplus of $2 billion with Chile in 2021.", "$2 billion").value == 2e9


def test_a_look_back_sentence_does_not_move_the_period_in_context():
    text = ("Chile's trade with Peru came to $9.3 billion in 2021. A year earlier, the gap had been $1.4 billion. "
            "Exports to Peru rose 2% to $5.1 billion.")
    assert claim(text, "$5.1 billion").period == "2021"


def test_a_day_and_month_without_year_is_a_date_not_a_period():
    text = ("Die Ausfuhren Chiles nach Peru haben im Mai einen Rekord erreicht. Wie das Amt am 14. Juni mitteilte, "
            "lagen sie bei 880 Mio. Dollar.")
    assert claim(text, "880 Mio", date="2021-06-20").period == "2021-05"


def test_an_amount_after_nach_or_protiv_is_the_year_before():
    text = "Im April 2021 lieferte Chile Waren nach Peru: 949 Mio. Dollar nach 612 Mio. Dollar."
    assert claim(text, "612 Mio").period == "2020-04"
    assert claim(text, "949 Mio").period == "2021-04"
    text = "Импорт Чили из Перу за январь–май 2022 года вырос до $3,1 млрд против $2,6 млрд."
    assert claim(text, "$2,6 млрд").period == "2021-01/2021-05"


def test_a_deficit_named_far_before_its_figure():
    text = "Das chilenische Defizit im Handel mit Peru betrug damit im vergangenen August rund 1,35 Mrd. Dollar."
    assert claim(text, "1,35 Mrd").value == -1.35e9


def test_the_same_period_of_last_year_in_russian_and_ukrainian_is_a_base():
    text = ("За семь месяцев 2021 года торговля Чили и Перу выросла на 9,5% к тому же периоду прошлого года и "
            "достигла $2 млрд 150 млн.")
    c = claim(text, "9,5%", date="2021-10-01")
    assert (c.period, c.base_period) == ("2021-01/2021-07", "2020-01/2020-07")
    assert claim(text, "$2 млрд", date="2021-10-01").period == "2021-01/2021-07"


def test_a_comparison_period_right_before_a_bracket_or_dash_dates_that_figure():
    text = ("Товарооборот Чили с Перу за январь–май 2022 года составил $4,1 млрд, что на 12% больше, чем за "
            "аналогичный период прошлого года ($3,66 млрд). Экспорт в Перу вырос на 8%, до $1,3 млрд (годом ранее — "
            "$1,2 млрд).")
    assert claim(text, "$3,66 млрд", date="2022-07-01").period == "2021-01/2021-05"
    assert claim(text, "$1,2 млрд", date="2022-07-01").period == "2021-01/2021-05"
    assert claim(text, "$1,3 млрд", date="2022-07-01").period == "2022-01/2022-05"
