"""The report's words are for analysts: periods in words, no coding jargon in the body."""
from __future__ import annotations

import pytest

from dyadwatch.periods import words


@pytest.mark.parametrize("label, text", [
    ("2023", "2023"), ("2023-03", "March 2023"), ("2023-03-12", "12 March 2023"),
    ("2023-01/2023-07", "January–July 2023"), ("2022-11/2023-02", "November 2022–February 2023"),
    ("2021/2022", "2021–2022"), ("2022-H2", "July–December 2022"), ("not a period", "not a period"), (None, ""),
])
def test_period_words(label, text):
    assert words(label) == text
