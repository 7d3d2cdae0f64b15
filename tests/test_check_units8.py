"""Currencies added to the one units table after held-out round 8: codes and signs written before the number
("SEK 4.2 billion", "₦310 billion", "KSh 12 billion", "¥1.5 trillion") and names after it ("baht", "soles"). A sign
shared by two currencies ("¥") is read as the one of the document's countries, else as the first listed (yen)."""
import pytest

from dyadwatch.check import check_text


@pytest.mark.parametrize("text, unit, value", [
    ("Norway's imports from Sweden were SEK 42.5 billion in 2021.", "SEK", 42.5e9),
    ("Ghana bought goods worth ₦310 billion from Nigeria in 2020.", "NGN", 310e9),
    ("Uganda's purchases from Kenya came to KSh 12.4 billion last year.", "KES", 12.4e9),
    ("Laos sold goods worth 61 billion baht to Thailand in 2022.", "THB", 61e9),
    ("Chile's exports to Peru were 2.3 billion soles in 2019.", "PEN", 2.3e9),
    ("India's purchases from Japan reached ¥1.5 trillion in 2020.", "JPY", 1.5e12),
    ("China's exports to Korea were ¥1.5 trillion in 2020.", "CNY", 1.5e12),
    ("Exports to Malaysia reached RM 8.1 billion in 2018.", "MYR", 8.1e9),
    ("Israel's imports from Turkey were NIS 20 billion in 2022.", "ILS", 20e9),
])
def test_new_currencies_carry_their_code_and_scale(text, unit, value):
    (claim,) = [c for c in check_text(text).claims if c.unit not in ("pct", None)]
    assert claim.unit == unit and claim.value == pytest.approx(value)


def test_a_common_word_is_not_taken_for_a_currency():
    # "так" (Russian "so") was considered as a name of the taka and left out: a bare scale stays without currency
    claims = check_text("Экспорт так вырос: 5 млрд так и 3 млрд рублей.").claims
    assert [c.unit for c in claims] == [None, "RUB"]
