"""Subjects, round 8 (issue 11). Every sentence here is written for this test (invented Chile–Peru figures), not
taken from a corpus."""
from dyadwatch.check import check_text


def subj(text, needle):
    cs = [c for c in check_text(text).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text).claims]}"
    return cs[0].indicator, cs[0].reporter, cs[0].partner


# ----------------------------------------------------------------------------- a flow carried to the next sentence
def test_figures_with_no_subject_take_the_flow_of_the_sentence_before():
    text = ("Chile's exports to Peru rose 8% in the first half of 2023. Shipments totalled $2.4 billion in "
            "January-June, up from $2.2 billion a year earlier. March was the strongest month at $510 million.")
    assert subj(text, "2.4 billion") == ("exports", "CHL", "PER")
    assert subj(text, "2.2 billion") == ("exports", "CHL", "PER")
    assert subj(text, "510 million") == ("exports", "CHL", "PER")


def test_a_carried_flow_is_only_a_guess():
    text = "Chile's exports to Peru rose 8% in 2023. Shipments totalled $2.4 billion."
    c = next(c for c in check_text(text).claims if "2.4" in c.text)
    assert c.indicator == "exports" and not c.subject_sure


def test_a_part_of_the_flow_does_not_take_the_whole_flow():
    text = ("Chile's imports from Peru fell to $1.9 billion in June 2023. Energy made up half of that; "
            "energy purchases alone slipped 20% in June, to $0.9 billion.")
    assert subj(text, "0.9 billion")[0] != "imports"


def test_a_third_country_in_the_sentence_stops_the_carry():
    text = "Chile's exports to Peru rose 8% in 2023. Bolivia reached $1.1 billion."
    assert subj(text, "1.1 billion")[0] != "exports" or subj(text, "1.1 billion")[1] != "CHL"


def test_german_total_trade_of_both_countries_is_their_turnover():
    text = ("Die chilenischen Ausfuhren nach Peru erreichten 2023 2,4 Mrd. US-Dollar. Der Gesamthandel beider Länder "
            "lag bei 4,1 Mrd. US-Dollar.")
    assert subj(text, "4,1 Mrd")[0] == "turnover"


# ----------------------------------------------------------------------------- "two-way" words for turnover
def test_two_way_commerce_and_two_way_total_are_the_pairs_turnover():
    text = "Chile's exports to Peru fell in 2023. Two-way commerce slipped 4.1 per cent to $5.2 billion."
    assert subj(text, "5.2 billion")[0] == "turnover"
    text = "Peru bought less from Chile. The two-way total dropped 3.5% to $5.0 billion."
    assert subj(text, "5.0 billion")[0] == "turnover"


def test_bilateral_trade_in_russian_and_ukrainian():
    assert subj("У 2023 році обсяг двосторонньої торгівлі Чилі й Перу перевищував 4 млрд доларів.", "4 млрд")[0] \
        == "turnover"
    assert subj("В 2023 году объем двусторонней торговли Чили и Перу превысил 4 млрд долларов.", "4 млрд")[0] \
        == "turnover"


# ----------------------------------------------------------------------------- German goods that "went" somewhere
def test_german_goods_that_went_to_a_country_are_exports_to_it():
    text = ("Chile exportierte 2023 Waren für 4,1 Mrd. Euro nach Peru. Nach Bolivien gingen Waren für knapp 1,2 "
            "Milliarden Euro. Im Dezember gingen Waren im Wert von 0,3 Milliarden Euro in die Vereinigten Staaten.")
    assert subj(text, "knapp 1,2") == ("exports", "CHL", "BOL")
    assert subj(text, "0,3 Milliarden") == ("exports", "CHL", "USA")
    text = "Chile exportierte 2023 Waren für 4,1 Mrd. Euro nach Peru. Nach Bolivien wurden Waren für 0,8 Mrd. Euro geliefert."
    assert subj(text, "0,8 Mrd") == ("exports", "CHL", "BOL")


def test_german_goods_that_came_from_a_country_are_imports_from_it():
    text = "Chile exportierte 2023 Waren für 4,1 Mrd. Euro nach Peru. Aus Bolivien kamen Waren für 0,7 Mrd. Euro."
    assert subj(text, "0,7 Mrd") == ("imports", "CHL", "BOL")


# ----------------------------------------------------------------------------- the flow a share is of
def test_a_share_takes_the_flow_named_right_after_it():
    text = "In 2023 Peru bought 12% of Chile's exports and supplied 7.5% of its imports."
    assert subj(text, "12%")[0] == "exports"
    assert subj(text, "7.5%")[0] == "imports"
    text = "Peru nahm 12 % der chilenischen Exporte ab und lieferte 7,5 % der chilenischen Importe."
    assert subj(text, "12 %")[0] == "exports"
    assert subj(text, "7,5 %")[0] == "imports"
    text = "На Перу пришлось 12% чилийского экспорта и 7,5% импорта."
    assert subj(text, "7,5%")[0] == "imports"


# ----------------------------------------------------------------------------- imports named by a country's goods
def test_purchases_of_a_countrys_goods_are_imports_from_it():
    text = ("Chilean shipments to Peru dropped 6% to $4 billion, while purchases of Peruvian goods grew 27% to "
            "$2 billion.")
    assert subj(text, "$4 billion") == ("exports", "CHL", "PER")
    assert subj(text, "$2 billion") == ("imports", "CHL", "PER")


def test_a_countrys_goods_entering_another_are_the_others_imports():
    text = "Chile's exports to Peru came to $4.1 billion, while Peruvian goods entering Chile were worth $2.3 billion."
    assert subj(text, "2.3 billion") == ("imports", "CHL", "PER")


def test_an_adjective_before_shipments_names_the_exporter():
    text = "Chile's imports from Peru fell 3% in 2023 to $2.2 billion. Peruvian shipments were thus 4.5% down."
    assert subj(text, "4.5%") == ("exports", "PER", "CHL")


# ----------------------------------------------------------------------------- more words for the pair's turnover
def test_sum_of_exports_and_imports_volume_of_trade_and_both_directions_are_turnover():
    text = "Chile exportierte 2023 Waren nach Peru. Die Summe aus Ein- und Ausfuhren stieg um 5,5 Prozent auf 8,2 Mrd. Euro."
    assert subj(text, "8,2 Mrd")[0] == "turnover"
    text = "За січень–липень 2023 року обсяг торгівлі Чилі з Перу сягнув 3,07 млрд доларів: експорт – 0,9 млрд доларів."
    assert subj(text, "3,07 млрд")[0] == "turnover"
    assert subj(text, "0,9 млрд")[0] == "exports"
    text = ("Chile's exports to Peru reached $4.1 billion, while Peru's shipments to Chile slipped to $2.8 billion; "
            "trade in both directions came to $6.9 billion.")
    assert subj(text, "6.9 billion")[0] == "turnover"


def test_the_volume_and_der_austausch_as_subjects_of_a_verb_are_turnover():
    text = ("In 2017 Chile imported goods worth $4.1 billion from Peru and exported $2.2 billion there. Two years later "
            "the volume reached $7.0 billion.")
    assert subj(text, "7.0 billion")[0] == "turnover"
    text = "Chile exportierte 2022 Waren nach Peru. Der Austausch wuchs um 17 Prozent auf 2,1 Mrd. Euro."
    assert subj(text, "2,1 Mrd")[0] == "turnover"
    # not an exchange rate
    text = "Chile's exports to Peru rose 4% in 2023; the exchange rate fell 2.5%."
    assert subj(text, "2.5%")[0] != "turnover"
