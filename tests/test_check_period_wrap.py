"""A range of months that wraps the turn of the year ("April–January" of a fiscal year, "November–February") is
one span across two years, never a range that ends before it begins (which crashed the period step)."""
from dyadwatch.check import check_text
from dyadwatch.periods import parse_keys


def _periods(text, date="2025-03-03"):
    return {c.text: c.period for c in check_text(text, date=date).claims}


def test_months_of_the_current_fiscal_year_wrap_into_the_next_calendar_year():
    p = _periods("Chile's exports to Peru were $5.1 billion in the 2024-25 fiscal year. In April-January of the "
                 "current fiscal year they rose 21% to $4.2 billion.")
    assert p["$4.2 billion"] == "2024-04/2025-01" and p["21%"] == "2024-04/2025-01"


def test_a_written_year_after_a_wrapping_range_is_the_year_it_ends_in():
    assert _periods("Exports reached $3.1 billion in November-February 2024, up 4%.")["$3.1 billion"] == \
        "2023-11/2024-02"


def test_every_period_label_of_a_wrapping_text_parses():
    text = ("Trade was $2 billion in 2023. In November-February exports were $0.6 billion, and in December-March "
            "imports came to $0.4 billion.")
    for period in _periods(text).values():
        assert period is None or parse_keys(period) is not None, period


def test_the_shared_grammar_reads_a_wrapping_range_the_same_way():
    from dyadwatch.periods import fmt, month_keys, months_of

    assert fmt(month_keys(2024, 11, 2)) == "2023-11/2024-02"
    p = months_of(2024, 11, 2)
    assert p.first_month < p.last_month and p.n_months == 4
    assert fmt(month_keys(2024, 3, 5)) == "2024-03/2024-05"
