"""Round 6, the number side of the checker: numbers that were missed or read with the wrong value (each test in
its own words, never a corpus sentence)."""
import pytest

from dyadwatch.check import check_text
from dyadwatch.check.evaluate import as_gold_form


def claims(text):
    return check_text(text).claims


def one(text, needle):
    cs = [c for c in claims(text) if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in claims(text)]}"
    return cs[0]


# ----------------------------------------------------------------------------- decimals with four digits
@pytest.mark.parametrize("text,needle,value", [
    ("Koreas Ausfuhren nach Japan stiegen 2022 auf 3,4512 Billionen Won.", "3,4512", 3.4512e12),
    ("Die Einfuhren betrugen 12,3456 Milliarden Euro.", "12,3456", 12.3456e9),
])
def test_decimal_comma_with_four_decimals_is_one_number(text, needle, value):
    # "3,4512" is not "3,451" (thousands) followed by a stray digit
    assert one(text, needle).value == pytest.approx(value)


def test_thousands_separators_still_read():
    assert one("Shipments reached 2,345,678 tonnes.", "2,345,678").value == 2345678


# ----------------------------------------------------------------------------- a currency written before the number
def test_riyal_prefix_sr():
    c = one("Saudi imports from India came to SR47.2 billion last year.", "SR47.2")
    assert c.unit == "SAR" and c.value == pytest.approx(47.2e9)


# ----------------------------------------------------------------------------- German fractions as shares
@pytest.mark.parametrize("text,needle,value", [
    ("Knapp ein Fünftel der polnischen Ausfuhren ging 2019 nach Deutschland.", "Fünftel", 20.0),
    ("Die Lieferungen nach Spanien bestanden zu einem Drittel aus Maschinen.", "einem Drittel", 33.333),
])
def test_german_fraction_share(text, needle, value):
    c = one(text, needle)
    assert c.kind == "share" and c.unit == "pct" and c.value == pytest.approx(value, abs=0.01)


def test_tenth_of_previous_level_stays_a_change():
    c = one("Die Ausfuhren nach Belarus sanken auf ein Zehntel des Vorjahresniveaus.", "Zehntel")
    assert c.kind == "change"


# ----------------------------------------------------------------------------- multiplier verbs in the past
@pytest.mark.parametrize("text,needle,ratio", [
    ("Zwischen 2010 und 2015 verdreifachten sich die Einfuhren aus Vietnam.", "verdreifachten", 3.0),
    ("Экспорт зерна в Египет удвоился за три года.", "удвоился", 2.0),
    ("Імпорт добрив з Литви потроївся у 2021 році.", "потроївся", 3.0),
])
def test_past_multiplier_verbs(text, needle, ratio):
    g = as_gold_form(one(text, needle))
    assert g["kind"] == "change" and g["unit"] == "ratio" and g["value"] == pytest.approx(ratio)


def test_times_after_multiplied_is_a_multiplier():
    g = as_gold_form(one("Sales of solar panels to Chile multiplied 35 times over the decade.", "35 times"))
    assert g["unit"] == "ratio" and g["value"] == pytest.approx(35)


# ----------------------------------------------------------------------------- lower bounds
def test_more_than_before_a_multiplier_verb_is_a_lower_bound():
    g = as_gold_form(one("Fertiliser shipments to Brazil more than doubled in 2021.", "doubled"))
    assert g["unit"] == "ratio" and g["value"] is None and g["low"] == pytest.approx(2)


@pytest.mark.parametrize("text,needle,low", [
    ("Two-way trade passed $8 billion for the first time in 2019.", "$8 billion", 8e9),
    ("Die Ausfuhren stiegen auf über 40 Milliarden Euro.", "40 Milliarden", 40e9),
    ("Доля Китая в импорте превышает 35%.", "35%", 35),
])
def test_passing_verbs_and_auf_ueber_are_lower_bounds(text, needle, low):
    g = as_gold_form(one(text, needle))
    assert g["value"] is None and g["low"] == pytest.approx(low)


def test_ueber_alone_is_not_a_bound():
    # "ein Vertrag über 3 Mrd. Euro": a contract worth that sum, not more than it
    g = as_gold_form(one("Beide Seiten schlossen einen Vertrag über 3 Mrd. Euro.", "3 Mrd"))
    assert g["value"] == pytest.approx(3e9)


# ----------------------------------------------------------------------------- ranges of changes
@pytest.mark.parametrize("text,needle,low,high", [
    ("Economists see exports to Peru shrinking by between 3 and 7% next year.", "between 3 and 7%", -7, -3),
    ("Прогноз: товарооборот вырастет на 10–12% в будущем году.", "10–12%", 10, 12),
    ("Die Einfuhren sanken 2021 um 2–4 %.", "2–4 %", -4, -2),
])
def test_range_of_changes_keeps_range_and_sign(text, needle, low, high):
    g = as_gold_form(one(text, needle))
    assert g["kind"] == "range" and g["low"] == pytest.approx(low) and g["high"] == pytest.approx(high)


# ----------------------------------------------------------------------------- "i.e. by N points"
@pytest.mark.parametrize("text,needle,value", [
    ("Der Anteil Chinas fiel von 9,1 % auf 8,4 %, also um 0,7 Prozentpunkte.", "0,7 Prozentpunkte", -0.7),
    ("Доля Турции выросла с 2,2% до 3,0%, то есть на 0,8 п.п.", "0,8 п.п.", 0.8),
])
def test_restated_change_takes_the_sentence_verb(text, needle, value):
    c = one(text, needle)
    assert c.kind == "change" and c.unit == "pp" and c.value == pytest.approx(value)


# ----------------------------------------------------------------------------- sums of money that are changes
@pytest.mark.parametrize("text,needle,value", [
    ("Chilean copper sales to Korea rose by $410 million to $3.2 billion.", "$410 million", 410e6),
    ("Imports from Norway dropped $85 million in 2020.", "$85 million", -85e6),
    ("Two-way trade reached €8.1 billion, down 3.5%, or €290 million, on 2019.", "€290 million", -290e6),
    ("Exports came to $9.4 billion, $1.1 billion or 13% more than a year earlier.", "$1.1 billion", 1.1e9),
])
def test_money_after_a_change_verb_is_a_change(text, needle, value):
    c = one(text, needle)
    assert c.kind == "change" and c.value == pytest.approx(value)


def test_money_after_rose_to_stays_a_level():
    assert one("Exports to Oman rose to $1.4 billion in 2018.", "$1.4 billion").kind == "level"


def test_made_up_is_a_share_not_a_rise():
    assert as_gold_form(one("Machinery made up roughly 30% of German sales to Chile.", "30%"))["kind"] == "share"


def test_or_by_takes_the_sentence_verb():
    c = one("Imports from Latvia fell from €2.2 billion to €1.9 billion, or by 14%.", "14%")
    assert c.kind == "change" and c.value == pytest.approx(-14)


# ----------------------------------------------------------------------------- a scale shared by a from-to pair
@pytest.mark.parametrize("text,needle,value,unit", [
    ("Die Ausfuhren nach Chile stiegen von 1,4 auf 2,2 Milliarden Euro.", "1,4", 1.4e9, "EUR"),
    ("Sales to Peru went from 3.5 to 4.1 billion dollars.", "3.5", 3.5e9, "USD"),
    ("Импорт из Вьетнама вырос с 2,6 до 3,3 млрд долларов.", "2,6", 2.6e9, "USD"),
])
def test_from_to_pair_shares_scale_and_currency(text, needle, value, unit):
    c = one(text, needle)
    assert c.value == pytest.approx(value) and c.unit == unit


def test_from_to_without_scale_is_untouched():
    c = one("The port's rank went from 12 to 9 places.", "12")
    assert c.value == 12
