"""Subjects, round 7 (issue 11): which flow, reporter and partner a figure belongs to. Every sentence here is
written for this test (invented Chile–Peru, Norway–Iceland … figures), not taken from a corpus."""
from dyadwatch.check import check_text


def subj(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0].indicator, cs[0].reporter, cs[0].partner


# ----------------------------------------------------------------------------- a second verb of the same subject
def test_a_second_verb_after_and_keeps_the_subject_and_partner():
    text = "In 2021 Chile shipped $4.1 billion of goods to Peru and bought $2.6 billion from it."
    assert subj(text, "4.1 billion") == ("exports", "CHL", "PER")
    assert subj(text, "2.6 billion") == ("imports", "CHL", "PER")
    text = "Last year Peru sold Chile goods worth $2.6 billion and purchased $4.1 billion, mostly copper."
    assert subj(text, "4.1 billion") == ("imports", "PER", "CHL")


def test_a_second_verb_in_german_russian_and_ukrainian():
    text = "Chile exportierte 2021 Waren für 4,1 Mrd. Dollar nach Peru und importierte von dort für 2,6 Mrd. Dollar."
    assert subj(text, "4,1 Mrd") == ("exports", "CHL", "PER")
    assert subj(text, "2,6 Mrd") == ("imports", "CHL", "PER")
    text = "В 2021 году Чили отгрузила в Перу товаров на $4,1 млрд и закупила перуанской продукции на $2,6 млрд."
    assert subj(text, "2,6 млрд") == ("imports", "CHL", "PER")
    text = "У 2021 році Чилі поставила до Перу товарів на $4,1 млрд, а закупила перуанських на $2,6 млрд."
    assert subj(text, "4,1 млрд") == ("exports", "CHL", "PER")
    assert subj(text, "2,6 млрд") == ("imports", "CHL", "PER")


def test_ukrainian_masculine_past_of_supply():
    text = "Торік Перу поставив до Чилі товарів на $1,9 млрд."
    assert subj(text, "1,9 млрд") == ("exports", "PER", "CHL")


def test_a_decimal_comma_does_not_cut_the_words_before_the_partner():
    text = ("Der Handel zwischen Chile und Peru wuchs 2022 um 4 %. Chile lieferte 2022 Waren für 1,25 Mrd. Euro nach "
            "Bolivien.")
    assert subj(text, "1,25 Mrd") == ("exports", "CHL", "BOL")


def test_a_flow_of_one_kind_of_goods_is_not_the_whole_flow():
    text = ("Trade between Chile and Peru reached $9 billion in 2021. Chile bought $0.4 billion of Peruvian farm "
            "products and sold Peru $0.3 billion of processed goods.")
    assert subj(text, "0.4 billion")[0] is None
    assert subj(text, "0.3 billion")[0] is None
    # goods in general, or a country's goods, are the flow
    assert subj("Chile bought $2.6 billion of Peruvian goods in 2021.", "2.6 billion") == ("imports", "CHL", "PER")


# ----------------------------------------------------------------------------- the pair's turnover in other words
def test_a_pair_that_traded_or_did_business_is_their_turnover():
    assert subj("Chile and Peru traded goods worth $5 billion in 2019, 12% more than in 2018.", "12%") == \
        ("turnover", "CHL", "PER")
    assert subj("Peru and Chile did $4.5 billion of business in the first half of 2023.", "4.5 billion") == \
        ("turnover", "CHL", "PER")
    text = "Chile und Peru haben 2022 Waren im Wert von 3,9 Mrd. Dollar ausgetauscht."
    assert subj(text, "3,9 Mrd") == ("turnover", "CHL", "PER")
    text = ("Chile verkauft vor allem Kupfer nach Peru. Zwischen beiden Ländern wurden 2022 Waren im Wert von 3,9 Mrd. "
            "Dollar gehandelt, wie die Statistikbehörde in Lima mitteilte.")
    assert subj(text, "3,9 Mrd") == ("turnover", "CHL", "PER")


def test_trade_in_goods_between_and_trade_of_one_with_another():
    assert subj("Trade in goods and services between Peru and Chile totalled $7.7 billion in 2020.", "7.7 billion") \
        == ("turnover", "CHL", "PER")
    text = "Торгівля Чилі з Перу за сім місяців 2024 року зросла на 11% і склала $2,1 млрд."
    assert subj(text, "2,1 млрд") == ("turnover", "CHL", "PER")
    text = "В прошлом году торговля Перу с Чили выросла на 6%, до $2,4 млрд."
    assert subj(text, "2,4 млрд") == ("turnover", "CHL", "PER")
    # a third country's trade with the home country is that pair's, not the document's
    text = ("Торгівля Чилі з Перу зросла на 11%. Лідером лишається Китай: товарообіг Чилі з Китаєм скоротився на 3%, "
            "до 40,2 млрд доларів.")
    assert subj(text, "40,2 млрд") == ("turnover", "CHL", "CHN")


def test_a_balance_of_trade_with_a_country_stays_a_balance():
    text = "Торгівля Чилі з Перу зросла на 11%. Сальдо торгівлі з Перу торік досягло 1,3 млрд доларів."
    assert subj(text, "1,3 млрд")[0] == "balance"
    text = "Торговля Чили с Перу выросла на 11%, а дефицит в торговле с Перу составил $0,4 млрд."
    assert subj(text, "0,4 млрд")[0] == "balance"


# ----------------------------------------------------------------------------- a country's trade with the world
def test_a_countrys_total_trade_has_no_partner():
    text = "Chile and Peru trade mostly copper. Chile's total foreign trade grew 6.1% to $190 billion in 2022."
    assert subj(text, "6.1%") == ("turnover", "CHL", None)
    assert subj("Overall Peruvian goods trade slipped 2% to $110 billion in 2023.", "110 billion") == \
        ("turnover", "PER", None)
    assert subj("Der gesamte Außenhandel der Vereinigten Staaten sank 2023 um 4 Prozent.", "4 Prozent") == \
        ("turnover", "USA", None)
    assert subj("В 2023 году внешняя торговля Перу выросла на 7%, до $120 млрд.", "120 млрд") == \
        ("turnover", "PER", None)
    # a share of it is the partner's, and the trade of one with the other is the pair's
    assert subj("Peru accounted for 3.5% of Chile's foreign trade in 2022.", "3.5%")[2] is not None
    assert subj("Chile's total trade with Peru rose 4% to $3 billion.", "3 billion") == ("turnover", "CHL", "PER")


def test_total_exports_are_the_countrys_own_without_a_partner():
    text = "Chile's exports to Peru rose 3% in 2022, while Chile's total exports fell 1.2% to $98 billion."
    assert subj(text, "98 billion") == ("exports", "CHL", None)
    # the base of a share is not the figure's subject, nor is a total the subject of its part
    text = "Chile's exports to Peru reached $3.1 billion in 2022, 3.2% of its total exports."
    assert subj(text, "3.2%") == ("exports", "CHL", "PER")
    text = "Chile und Peru handeln. Total exports were $98 billion in 2022, of which $3.1 billion went to Peru."
    assert subj(text, "3.1 billion") != ("exports", "CHL", None)


# ----------------------------------------------------------------------------- a flow "there"
def test_a_flow_there_goes_to_the_country_named_just_before():
    text = ("Der Handel zwischen Chile und Peru wuchs 2022. Bolivien fiel unter den Abnehmern chilenischer Waren auf "
            "Rang 9 zurück; die Exporte dorthin sanken um 12 Prozent auf 0,8 Mrd. Dollar.")
    assert subj(text, "0,8 Mrd") == ("exports", "CHL", "BOL")
    text = ("Торговля Чили с Перу выросла на 5%. Третье место занял Эквадор: экспорт туда составил около 310 млн "
            "долларов, импорт оттуда — около 95 млн долларов.")
    assert subj(text, "310 млн") == ("exports", "CHL", "ECU")
    assert subj(text, "95 млн") == ("imports", "CHL", "ECU")


# ----------------------------------------------------------------------------- shares of a country's trade
def test_shares_of_a_countrys_goods_trade_and_of_its_total_trade():
    assert subj("Peru accounted for 15.7% of all Chilean goods trade in 2022.", "15.7%") == ("turnover", "CHL", "PER")
    assert subj("Peru accounted for 2.1% of total Chilean trade in 2022.", "2.1%") == ("turnover", "CHL", "PER")
    text = "Торговля Чили с Перу выросла на 5%. На Перу пришлось 7,3% всей внешней торговли страны."
    assert subj(text, "7,3%") == ("turnover", "CHL", "PER")
    text = "Торгівля Чилі з Перу зросла. На Перу припало 9,2% зовнішньої торгівлі Чилі."
    assert subj(text, "9,2%") == ("turnover", "CHL", "PER")


def test_a_ranking_after_a_share_is_the_share_of_the_country_named_before_the_figure():
    text = "Peru accounted for 15.7% of all Chilean goods trade, ahead of Bolivia with 8.2%."
    assert subj(text, "8.2%") == ("turnover", "BOL", "CHL")
    text = "Торговля Чили с Перу выросла. На Перу пришлось 21,3% внешней торговли страны, на Боливию — 9,6%."
    assert subj(text, "9,6%") == ("turnover", "BOL", "CHL")


# ----------------------------------------------------------------------------- "respectively"
def test_two_changes_respectively_follow_the_two_flows_before_them():
    text = ("In 2022 Chile sold Peru goods worth $10.3 billion and bought $11.8 billion, up 5.2% and 1.8% "
            "respectively.")
    assert subj(text, "5.2%") == ("exports", "CHL", "PER")
    assert subj(text, "1.8%") == ("imports", "CHL", "PER")


def test_two_countries_respectively_are_the_partners_of_the_flow_read():
    text = ("Chile's deficit with Peru shrank 10% to $3.1 billion in 2022, and Bolivia and Ecuador followed with $1.7 "
            "billion and $0.6 billion respectively.")
    assert subj(text, "1.7 billion") == ("balance", "CHL", "BOL")
    assert subj(text, "0.6 billion") == ("balance", "CHL", "ECU")
    text = "Chilean exports to Bolivia and Peru reached $2.2 billion and $3.4 billion, respectively, in 2021."
    assert subj(text, "2.2 billion") == ("exports", "CHL", "BOL")
    assert subj(text, "3.4 billion") == ("exports", "CHL", "PER")
    # the two countries as the subjects of the verb keep their own rule
    text = "Chile and Peru exported $2.1 billion and $0.8 billion respectively to Bolivia in 2021."
    assert subj(text, "2.1 billion")[:2] == ("exports", "CHL")
    assert subj(text, "0.8 billion")[:2] == ("exports", "PER")


# ----------------------------------------------------------------------------- a trade word after the figure
def test_a_trade_word_after_the_figure_belongs_to_the_next_figure():
    text = ("Chilean exports to Peru eased 2% to $3.2 billion, while imports from Peru climbed 6% to $1.7 billion, "
            "putting two-way trade at $4.9 billion.")
    assert subj(text, "1.7 billion") == ("imports", "CHL", "PER")
    assert subj(text, "4.9 billion") == ("turnover", "CHL", "PER")


def test_ukrainian_obig_is_turnover():
    text = "Торгівля Чилі з Перу зростає. Лише за перше півріччя обіг сягнув 1,4 млрд доларів."
    assert subj(text, "1,4 млрд") == ("turnover", "CHL", "PER")


def test_a_partner_named_by_a_word_is_the_other_country():
    text = ("Chilean sales to Peru fell 8% to $0.9 billion in March, while purchases from its neighbour dropped 3% to "
            "$1.2 billion.")
    assert subj(text, "1.2 billion") == ("imports", "CHL", "PER")
    text = "Der Handel zwischen Chile und Peru wuchs 2022. Die Ausfuhren in die Republik stiegen auf 2,2 Mrd. Dollar."
    assert subj(text, "2,2 Mrd")[0] == "exports"
