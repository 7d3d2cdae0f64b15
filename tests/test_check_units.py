"""Currencies and scale words from the one table (data/check_units.yaml), in English, German, Russian, Ukrainian."""
from __future__ import annotations

import pytest

from dyadwatch.check import check_text
from dyadwatch.check.numbers import CURRENCIES, SCALES, currency_code, fmt_money


def _units(text: str) -> list[tuple[str, float, str | None]]:
    return [(c.text, c.value, c.unit) for c in check_text(text).claims]


@pytest.mark.parametrize("text, figure, value, unit", [
    ("Shipments were worth 7.5 billion yuan last year.", "7.5 billion yuan", 7.5e9, "CNY"),
    ("Sales came to RMB 12 billion.", "RMB 12 billion", 12e9, "CNY"),
    ("Purchases fell to 1.2 billion renminbi.", "1.2 billion renminbi", 1.2e9, "CNY"),
    ("The deal is worth 3.4 billion Swiss francs.", "3.4 billion Swiss francs", 3.4e9, "CHF"),
    ("Receipts were CHF 880 million.", "CHF 880 million", 880e6, "CHF"),
    ("Orders reached 2.2 billion pounds sterling.", "2.2 billion pounds sterling", 2.2e9, "GBP"),
    ("Sales rose to 640 billion yen.", "640 billion yen", 640e9, "JPY"),
    ("Imports stood at 5 trillion won.", "5 trillion won", 5e12, "KRW"),
    ("Exports were Rs 900 crore.", "Rs 900 crore", 9e9, "INR"),
    ("Exports were 52 billion rupees.", "52 billion rupees", 52e9, "INR"),
    ("Trade reached A$6.1 billion.", "A$6.1 billion", 6.1e9, "AUD"),
    ("Trade reached C$4 billion.", "C$4 billion", 4e9, "CAD"),
    ("Sales were 9 billion Canadian dollars.", "9 billion Canadian dollars", 9e9, "CAD"),
    ("Sales were 2.5 billion Australian dollars.", "2.5 billion Australian dollars", 2.5e9, "AUD"),
    ("Sales were 18 billion Turkish lira.", "18 billion Turkish lira", 18e9, "TRY"),
    ("Sales were 300 billion tenge.", "300 billion tenge", 300e9, "KZT"),
    ("Der Umsatz lag bei 2,6 Mrd. Schweizer Franken.", "2,6 Mrd. Schweizer Franken", 2.6e9, "CHF"),
    ("Der Umsatz lag bei 14 Mrd. Złoty.", "14 Mrd. Złoty", 14e9, "PLN"),
    ("Поставки составили 31 млрд юаней.", "31 млрд юаней", 31e9, "CNY"),
    ("Оборот достиг 95 млрд тенге.", "95 млрд тенге", 95e9, "KZT"),
    ("Оборот достиг 4 млрд турецких лир.", "4 млрд турецких лир", 4e9, "TRY"),
    ("Продажи выросли до 6 млрд злотых.", "6 млрд злотых", 6e9, "PLN"),
    ("Обсяг сягнув 12 млрд гривень.", "12 млрд гривень", 12e9, "UAH"),
])
def test_currency_words_symbols_and_codes(text, figure, value, unit):
    assert (figure, pytest.approx(value), unit) in _units(text)


def test_a_shared_word_is_read_against_the_pair():
    # "dirhams" are the UAE's and Morocco's: the document's countries decide
    t = "Trade between Morocco and Spain rose; Morocco sold goods worth 40 billion dirhams to Spain."
    assert any(c.unit == "MAD" for c in check_text(t).claims)
    assert currency_code("dirhams", ("ARE", "IND")) == "AED"
    assert currency_code("lei", ("MDA", "UKR")) == "MDL" and currency_code("lei", ("ROU", "HUN")) == "RON"


def test_a_weight_in_pounds_is_no_money():
    claims = check_text("The mill bought 3 million pounds of wheat.").claims
    assert all(c.unit != "GBP" for c in claims)


def test_lower_case_codes_are_words():
    # "try" and "mad" are English words; only the capitalised codes name currencies
    assert currency_code("TRY") == "TRY"
    assert all(c.unit != "TRY" for c in check_text("They will try 5 times more.").claims)


def test_every_annotation_currency_is_known_and_money():
    for code in ("USD EUR RUB UAH BYN CNY KZT PLN GBP JPY KRW MDL GEL AZN TRY INR MXN BRL AMD UZS CHF AUD CAD "
                 "MAD VND IRR EGP RON KGS TMT").split():
        assert code in CURRENCIES and currency_code(code) == code


def test_scale_words_from_the_table():
    assert SCALES["mrd"] == (1e9, True) and SCALES["crore"] == (1e7, False) and SCALES["тыс"] == (1e3, True)


def test_explanations_never_print_a_dollar_for_another_currency():
    assert fmt_money(2.5e9, "CHF") == "CHF 2.5 billion"
    assert fmt_money(2.5e9, "EUR") == "€2.5 billion"
    assert fmt_money(2.5e9, "USD") == "$2.5 billion"
    t = ("Japan's exports to Korea were 500 billion yen in 2023 and its imports from Korea 300 billion yen, "
         "a surplus of 900 billion yen.")
    rep = check_text(t)
    text = " ".join(f.explanation for f in rep.findings if "yen" in f.explanation)
    assert "JPY" in text and "$" not in text
