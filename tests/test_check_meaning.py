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


# ----------------------------------------------------------------------------- subjects
def subject(text, needle, date=None):
    c = claim(text, needle, date)
    return c.indicator, c.reporter, c.partner


def test_pair_compound_before_trade_is_a_turnover():
    ind, a, b = subject("Georgian-Armenian trade reached $1.1 billion in 2021.", "$1.1 billion")
    assert ind == "turnover" and {a, b} == {"GEO", "ARM"}
    ind, a, b = subject("Chile–Peru trade reached $6 billion in 2021.", "$6 billion")
    assert ind == "turnover" and {a, b} == {"CHL", "PER"}


def test_bare_trade_is_the_pairs_turnover_but_not_a_countrys_total():
    text = ("Chile's exports to Peru rose in 2021, and Peru's exports to Chile fell. In the first half trade rose 5% to "
            "$3 billion. Total Chilean goods trade grew 9% to $180 billion.")
    ind, a, b = subject(text, "$3 billion")
    assert ind == "turnover" and {a, b} == {"CHL", "PER"}
    assert subject(text, "$180 billion")[0] != "turnover" or subject(text, "$180 billion")[1:] != ("CHL", "PER")


def test_share_of_a_countrys_trade():
    # a turnover's two countries are kept in alphabetical order
    assert subject("In 2021 Peru accounted for 4.1% of Chile's foreign trade.", "4.1%") == ("turnover", "CHL", "PER")
    assert subject("Peru's share of Chile's trade rose to 4.1% in 2021.", "4.1%") == ("turnover", "CHL", "PER")
    assert subject("Georgiens Anteil am armenischen Außenhandel lag 2021 bei 4,1 %.", "4,1 %")[0] == "turnover"
    assert subject("В 2021 году доля Казахстана во внешнеторговом обороте Узбекистана составила 7,1%.",
                   "7,1%") == ("turnover", "KAZ", "UZB")
    assert subject("В 2021 году на Казахстан приходилось 7,1% внешней торговли Узбекистана.",
                   "7,1%") == ("turnover", "KAZ", "UZB")
    assert subject("Der Anteil Kasachstans an den indischen Importen stieg 2021 auf 7,1 %.", "7,1 %")[0] == "imports"


def test_surplus_before_the_figure_beats_a_deficit_after_it():
    text = "In 2021 Chile's surplus of $1.3 billion with Peru turned into a deficit of $0.4 billion in 2022."
    assert claim(text, "$1.3 billion").value > 0
    assert claim(text, "$0.4 billion").value < 0


def test_german_import_surplus_is_a_negative_balance():
    c = claim("Deutschlands Importüberschuss im Handel mit Chile lag 2021 bei 2,5 Mrd. Euro.", "2,5 Mrd")
    assert c.indicator == "balance" and c.value < 0


# ----------------------------------------------------------------------------- country names (CLDR)
def test_every_un_member_has_names_in_four_languages():
    from dyadwatch.check.names import cldr_names
    from dyadwatch.check.periods import country
    names = cldr_names()
    assert all(len(names[lang]) >= 240 for lang in ("en", "de", "ru", "uk"))
    assert country("Mosambik") == "MOZ" and country("Perus") == "PER"          # German, with a genitive
    assert country("Мозамбика") == "MOZ" and country("Парагваем") == "PRY"     # Russian, inflected
    assert country("Мозамбіку") == "MOZ"                                      # Ukrainian
    assert country("Eswatini") == "SWZ"


def test_cldr_names_that_are_ordinary_words_are_not_countries():
    from dyadwatch.check.periods import country
    assert country("island") is None and country("того") is None
    assert country("индивидуальных") is None                                   # not a stem of "Индия"


def test_german_adjective_of_an_added_country():
    ind, a, b = subject("Die usbekischen Exporte nach Kasachstan stiegen 2021 um 12 %.", "12 %")
    assert (ind, a, b) == ("exports", "UZB", "KAZ")


# ----------------------------------------------------------------------------- scoring in the agreed format
def test_gold_form_follows_the_format_kinds():
    from dyadwatch.check.evaluate import as_gold_form
    text = ("In 2021 Peru took 7.2% of Chile's exports, 0.4 percentage points more than in 2020, and Chile shipped "
            "2.1 million tonnes of copper to Peru.")
    got = {c.text: as_gold_form(c) for c in check_text(text).claims}
    share = next(v for k, v in got.items() if "7.2%" in k)
    assert (share["unit"], share["kind"]) == ("pct", "share")
    pp = next(v for k, v in got.items() if "0.4" in k)
    assert (pp["unit"], pp["kind"]) == ("pp", "change")
    t = next(v for k, v in got.items() if "2.1 million" in k)
    assert (t["unit"], t["kind"]) == ("tonnes", "level")


# ----------------------------------------------------------------------------- units
def test_more_currencies_and_scales():
    assert claim("Polen exportierte 2021 Waren für 12,4 Mrd. Złoty nach Chile.", "12,4").unit == "PLN"
    assert claim("Japan's exports to Chile came to 310 billion yen in 2021.", "310").unit == "JPY"
    assert claim("Korea's imports from Chile reached 2.2 trillion won in 2021.", "2.2").unit == "KRW"
    c = claim("Товарооборот составил почти 90 млрд белорусских рублей в 2021 году.", "90")
    assert c.unit == "BYN"
    c = claim("Die Ausfuhren insgesamt erreichten 2021 1,4 Billionen Euro.", "1,4")
    assert (c.unit, c.value) == ("EUR", 1.4e12)


def test_tonnes_and_persons_in_other_languages():
    assert claim("В 2021 году Казахстан отправил в Китай 3,2 млн тонн зерна.", "3,2").unit == "tonnes"
    assert claim("Polen lieferte 2021 rund 1,2 Mio. Tonnen Getreide nach Chile.", "1,2").unit == "tonnes"
    assert claim("У 2021 році країну відвідали близько 40 тис. туристів.", "40").unit == "persons"


def test_scaled_amount_takes_the_currency_of_the_money_before_it():
    text = "Exports to Peru reached $2.4 billion in 2021; imports from Peru 1.1 billion."
    assert claim(text, "1.1").unit == "USD"
    ru = "Экспорт Чили в Перу составил 2,4 млрд долларов, импорт — 1,1 млрд."
    assert claim(ru, "1,1").unit == "USD"
    assert claim("Chile exported 2.1 million tonnes and 1.2 million doses in 2021.", "1.2").unit != "USD"


# ----------------------------------------------------------------------------- more subjects and periods
def test_in_trade_with_is_no_turnover_and_export_surplus_is_a_balance():
    c = claim("Mit 4,1 Mrd. Euro erzielte Chile 2021 im Handel mit Peru seinen höchsten Ausfuhrüberschuss.", "4,1")
    assert c.indicator == "balance" and c.value > 0


def test_total_exports_are_not_the_pairs():
    text = ("Chile's exports to Peru rose to $3 billion in 2021. Total exports reached $95 billion, and exports "
            "overall grew 9%.")
    assert claim(text, "$95 billion").indicator != "exports" or claim(text, "$95 billion").partner is None


def test_turnover_with_a_group_is_not_the_pairs():
    text = "Товарооборот Чили с Перу вырос до 4 млрд долларов, а оборот со странами АТЭС достиг 70 млрд долларов."
    c = claim(text, "70 млрд")
    assert {c.reporter, c.partner} != {"CHL", "PER"}


def test_a_period_just_before_another_figure_is_that_figures():
    text = "За январь–март оборот Чили с Перу составлял 1,1 млрд долларов, за январь–июнь — 2,3 млрд."
    assert claim(text, "1,1", date="2021-08-01").period == "2021-01/2021-03"
    assert claim(text, "2,3", date="2021-08-01").period == "2021-01/2021-06"


def test_after_a_look_back_the_next_sentence_returns_to_the_latest_period():
    text = ("Chile's exports to Peru rose to $3.1 billion last year. In 2021 they had come to $2.5 billion. Imports "
            "from Peru reached $1.2 billion.")
    assert claim(text, "$2.5 billion", date="2023-02-01").period == "2021"
    assert claim(text, "$1.2 billion", date="2023-02-01").period == "2022"


def test_a_span_of_days_is_read_as_its_months():
    from dyadwatch.periods import read
    assert str(read("from 3 March to 20 May 2019")) == "2019-03/2019-05"
    assert str(read("с 3 марта по 20 мая 2019 года")) == "2019-03/2019-05"
    assert str(read("vom 3. März bis zum 20. Mai 2019")) == "2019-03/2019-05"
    assert str(read("з 3 березня по 20 травня 2019 року")) == "2019-03/2019-05"
    text = "С 3 марта по 20 мая 2019 года Чили отправило в Перу 1,2 млн тонн меди."
    assert claim(text, "1,2").period == "2019-03/2019-05"


# ----------------------------------------------------------------------------- kinds, signs and bounds
def test_multipliers_of_a_named_amount_and_german_fache():
    c = claim("Trade reached $9 billion in 2021, 3.5 times the $2.6 billion of 2011.", "3.5 times")
    assert c.kind == "change" and c.__dict__.get("ratio") is not True   # stored as a percent change (+250%)
    assert abs(c.value - 250) < 1e-6
    c = claim("Die Ausfuhren nach Chile sind 2021 auf das 12-Fache gestiegen.", "12-Fache")
    assert c.kind == "change" and abs(c.value - 1100) < 1e-6
    c = claim("Die Einfuhren waren 2021 dreimal so hoch wie die Ausfuhren.", "dreimal")
    assert c.kind == "change" and abs(c.value - 200) < 1e-6


def test_fractions_as_shares_and_changes():
    c = claim("Copper accounted for 40% of Chile's exports to Peru, fruit for about a fifth.", "a fifth")
    assert c.kind == "share" and c.value == 20 and c.hedge == "about"
    c = claim("Die Ausfuhren nach Peru erreichten 2021 1,2 Mrd. Euro, ein Drittel weniger als 2020.", "Drittel")
    assert c.kind == "change" and c.value < -33
    c = claim("Rail transit across Chile is down by two-thirds since 2019.", "two-thirds")
    assert c.kind == "change" and c.value < -66
    c = claim("Майже половину експорту Чилі становила мідь.", "половину")
    assert c.kind == "share" and c.high == 50


def test_german_russian_ukrainian_bounds():
    assert claim("Der Handel könnte bis zu 16 Mrd. Dollar erreichen.", "16").high == 16e9
    assert claim("Товарооборот превысил $10 млрд.", "$10").high == float("inf")
    c = claim("Экспорт вырос более чем на 10%.", "10%")
    assert c.low == 10 and c.high == float("inf")
    c = claim("Експорт становив не менше 7 млрд доларів.", "7 млрд")
    assert c.low == 7e9 and c.high == float("inf")


def test_signs_of_changes_in_other_languages():
    assert claim("Товарооборот за полугодие составил $28 млрд (минус 1%).", "1%").value == -1
    text = "Die Einfuhren aus Chile sanken um 9,2 % auf 15,7 Mrd. Euro, die Ausfuhren nach Chile um 3,8 % auf 7,3 Mrd. Euro."
    assert claim(text, "3,8").value == -3.8
    assert claim("Der Handel erreichte 25 Mrd. Euro, 5,5 Prozent weniger als im Vorjahr.", "5,5").value == -5.5
    c = claim("Nach Rückgängen von 8,5 % im Jahr 2015 wuchs der Handel wieder.", "8,5")
    assert c.kind == "change" and c.value == -8.5


def test_compound_amounts_with_the_currency_after():
    c = claim("В 2021 году экспорт Чили в Перу составил 1 млрд 214 млн долларов.", "1 млрд")
    assert (c.value, c.unit) == (1.214e9, "USD")
    c = claim("Der Handel erreichte 2021 7 Mrd. 615 Mio. Dollar.", "7 Mrd")
    assert (c.value, c.unit) == (7.615e9, "USD")


def test_ranges_in_german_russian_ukrainian():
    c = claim("Schätzungen reichen von 20 bis 40 %.", "20")
    assert (c.kind, c.low, c.high, c.unit) == ("range", 20, 40, "pct")
    c = claim("Доля оценивается от 15 до 25%.", "15")
    assert (c.kind, c.low, c.high, c.unit) == ("range", 15, 25, "pct")
    c = claim("Der Anteil liegt zwischen 50 und 60 %.", "50")
    assert (c.kind, c.low, c.high, c.unit) == ("range", 50, 60, "pct")


def test_durations_and_cyrillic_ordinals_are_not_quantities():
    texts = ["За 9 месяцев экспорт Чили в Перу вырос на 5%.", "Перу посіло 9-те місце серед покупців."]
    for t in texts:
        assert not [c for c in check_text(t).claims if c.text.strip() == "9"], t


def test_russian_ukrainian_participles_and_further_are_changes():
    assert claim("Оборот составил 5 млрд долларов, увеличившись на 6,1%.", "6,1").value == 6.1
    assert claim("Експорт скоротився на 16% — до 2,6 млрд доларів.", "16%").value == -16
    assert claim("In 2021 exports fell a further 10% to $19.4 billion.", "10%").value == -10


def test_ukrainian_negative_balance():
    c = claim("Експорт Чилі до Перу становив 1,4 млрд доларів. Від'ємне сальдо — 7,7 млрд доларів.", "7,7")
    assert c.value < 0


def test_gold_form_of_a_just_below_hedge_carries_value_and_upper_bound():
    from dyadwatch.check.evaluate import as_gold_form, value_right
    f = as_gold_form(claim("Exports reached almost $2.5 billion in 2021.", "2.5"))
    assert value_right(f, {"value": 2.5e9}) and value_right(f, {"value": None, "low": None, "high": 2.5e9})


def test_german_ueber_is_not_a_bound():
    c = claim("Am 12. März unterzeichneten beide Seiten ein Abkommen über 250 Mio. EUR.", "250")
    assert c.hedge is None and c.value == 2.5e8


def test_flow_verbs_in_german_russian_and_indirect_objects():
    assert subject("2021 exportierte Chile Waren im Wert von 3,1 Mrd. Euro nach Peru.", "3,1") == ("exports", "CHL", "PER")
    assert subject("2021 bezog Peru chilenisches Kupfer im Wert von 2,2 Mrd. Euro.", "2,2") == ("imports", "PER", "CHL")
    assert subject("Chile lieferte 2021 Waren für 0,5 Mrd. Euro nach Peru.", "0,5") == ("exports", "CHL", "PER")
    assert subject("В 2021 году Казахстан закупил узбекских товаров на $1,6 млрд.", "1,6") == ("imports", "KAZ", "UZB")
    assert subject("Chile sold Peru $2.9 billion of goods in 2021.", "$2.9") == ("exports", "CHL", "PER")
    text = "Chile's exports to Peru reached $3 billion in 2021. Purchases from Peru came to $1.2 billion."
    assert subject(text, "$1.2") == ("imports", "CHL", "PER")


def test_partners_in_a_ranking_are_the_home_countrys_trade_with_them():
    text = ("Chile's trade with Peru came to $6 billion in 2021, and Chile stayed Peru's third partner. Brazil led "
            "the ranking of Chile's partners with almost $9 billion.")
    ind, a, b = subject(text, "$9 billion")
    assert ind == "turnover" and {a, b} == {"CHL", "BRA"}
    de = ("Für Chile war Peru 2021 ein wichtiger Partner, Chile handelte mit Peru Waren für 6 Mrd. Euro. "
          "Dahinter folgten Brasilien mit 4,2 Mrd. Euro und Argentinien mit 3,1 Mrd. Euro.")
    ind, a, b = subject(de, "3,1 Mrd")
    assert ind == "turnover" and {a, b} == {"CHL", "ARG"}
    ru = ("Товарооборот Чили с Перу вырос в 2021 году, Чили остаётся главным партнёром Перу. Торговля с другими "
          "странами тоже росла: с Бразилией — в 1,5 раза, до 900 млн долларов.")
    ind, a, b = subject(ru, "900")
    assert ind == "turnover" and "BRA" in {a, b}


def test_scale_abbreviation_can_end_a_sentence_but_mrd_euro_goes_on():
    text = "В 2021 году экспорт Чили в Перу составил $2,2 млрд. В прошлом году он вырос до $2,5 млрд."
    assert claim(text, "$2,2", date="2023-03-01").period == "2021"
    assert claim(text, "$2,5", date="2023-03-01").period == "2022"
    de = "2021 lieferte Chile Waren für 2,2 Mrd. Euro nach Peru."
    assert claim(de, "2,2").unit == "EUR"


def test_a_sub_period_carries_to_the_next_sentence():
    text = ("Trade between Chile and Peru grew this year. In the first quarter of 2021 Chile's exports rose 4% to $0.8 "
            "billion. Imports from Peru rose 2% to $0.3 billion.")
    assert claim(text, "$0.3", date="2021-06-01").period == "2021-01/2021-03"


def test_over_the_year_and_the_same_period_take_the_context():
    text = ("In March 2021 Chile's exports to Peru came to $0.3 billion. Over the year Chile shipped 2 million tonnes "
            "of copper to Peru.")
    assert claim(text, "2 million").period == "2021"
    ru = "За январь–май 2021 года экспорт Чили в Перу вырос на 5%, импорт за тот же период — на 2%."
    assert claim(ru, "2%").period == "2021-01/2021-05"


def test_fiscal_and_marketing_years_and_more_relative_years():
    from dyadwatch.periods import read
    assert str(read("fiscal 2022-23")) == "2022-04/2023-03"
    assert str(read("Fiskaljahr 2022/23")) == "2022-04/2023-03"
    assert str(read("marketing year 2021/22")) == "2021-07/2022-06"
    assert str(read("торік", "2022-05-01")) == "2021"
    assert str(read("im vergangenen Jahr", "2022-05-01")) == "2021"
    assert claim("Chile-Peru trade hit $6 billion in fiscal 2022-23.", "$6").period == "2022-04/2023-03"


def test_an_attributive_year_dates_only_the_figure_after_it():
    text = ("Chile's exports to Peru rose to $3 billion last year. That turned Chile's 2021 deficit of $0.2 billion "
            "into a surplus of $0.4 billion.")
    assert claim(text, "$0.2", date="2023-02-01").period == "2021"
    assert claim(text, "$0.4", date="2023-02-01").period == "2022"


def test_a_total_is_not_the_flow_named_before_in_the_sentence():
    text = "Peru nahm 2021 9,5 % der chilenischen Exporte ab; die Ausfuhren insgesamt erreichten 95 Mrd. Euro."
    c = claim(text, "95 Mrd")
    assert not (c.indicator == "exports" and c.partner == "PER")


def test_exports_and_imports_together_and_mutual_trade_are_turnover():
    ind, a, b = subject("Chile und Peru: Exporte und Importe zusammen erreichten 2021 6,1 Mrd. Euro.", "6,1")
    assert ind == "turnover" and {a, b} == {"CHL", "PER"}
    ind, a, b = subject("Товарооборот Чили и Перу растёт: в 2021 году взаимная торговля выросла на 8%.", "8%")
    assert ind == "turnover" and {a, b} == {"CHL", "PER"}


def test_a_country_that_took_a_share_of_exports():
    assert subject("In 2021 Peru took almost a quarter of Brazilian exports (24.1%).", "24.1%") == ("exports", "BRA", "PER")


def test_a_figure_without_a_flow_after_a_turnover_sentence_is_that_turnover_but_never_sure():
    text = ("Chile's consul put turnover with Peru in January-May 2021 at $2.1 billion. For 2020 as a whole Lima cites "
            "a record $5.2 billion.")
    c = claim(text, "$5.2")
    assert c.indicator == "turnover" and {c.reporter, c.partner} == {"CHL", "PER"}
    assert c.subject_sure is False
    total = claim(text + " Total Chilean trade fell 3% to $180 billion.", "$180")
    assert total.indicator != "turnover" or {total.reporter, total.partner} != {"CHL", "PER"}


def test_understood_change_verbs():
    text = "Chile's exports to Peru fell 3.1% in 2019, 2.4% in 2020 and 1.2% in 2021."
    assert claim(text, "2.4%").value == -2.4 and claim(text, "1.2%").value == -1.2
    ru = "Экспорт Чили в Перу вырос примерно на 6%, а импорт из Перу — около 12%."
    assert claim(ru, "6%").kind == "change" and claim(ru, "12%").value == 12 and claim(ru, "12%").kind == "change"
    uk = "Експорт зріс на 4,1% і досяг 2 млрд доларів, імпорт — на 3,2%, до 1 млрд доларів."
    assert claim(uk, "3,2").kind == "change" and claim(uk, "3,2").value == 3.2
    de = "Chile exportierte 2021 Waren für 4 Mrd. Euro nach Peru, 13,1 % mehr als 2020."
    assert claim(de, "13,1").kind == "change"


def test_a_bare_million_of_people_takes_no_currency():
    text = "Exports reached $3 billion in 2021. The number of Peruvian visitors to Chile fell 4%, to 1.3 million."
    assert claim(text, "1.3 million").unit != "USD"


def test_the_same_period_means_the_last_sentences_even_after_a_look_back():
    text = ("Chile's exports to Peru rose 5% last year. In January-May 2021 Peru took 8% of Chilean copper exports. "
            "Fruit sales over the same period grew 12%.")
    assert claim(text, "12%", date="2023-02-01").period == "2021-01/2021-05"


def test_since_a_year_is_a_base_and_a_period_right_after_in_other_languages():
    uk = "Експорт Чилі до Перу з 2015 року скоротився вдвічі: до 1,2 млрд доларів за весь 2021 рік."
    assert claim(uk, "1,2").period == "2021"
    de = "Seit 2015 sind die Ausfuhren nach Peru gestiegen, auf 2,1 Mrd. Euro im Jahr 2021."
    assert claim(de, "2,1").period == "2021"


def test_german_perfect_tense_and_compound_flow_nouns():
    text = "Peru hat 2021 chilenische Waren im Wert von 2,4 Mrd. Euro eingeführt."
    assert subject(text, "2,4") == ("imports", "PER", "CHL")
    text = "Chile und Peru handeln viel. 2021 erreichten die Kupferexporte 3,3 Mrd. Euro."
    assert subject(text, "3,3")[0] == "exports"
