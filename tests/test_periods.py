"""The one period grammar (dyadwatch.periods): formal labels, prose in four languages, dates, comparisons."""
import datetime as dt

import pytest

from dyadwatch import periods as P


@pytest.mark.parametrize("label,canon", [
    ("2023", "2023"), ("2023-03", "2023-03"), ("2023-03-12", "2023-03-12"), ("2022-H2", "2022-07/2022-12"),
    ("2022-Q1", "2022-01/2022-03"), ("2023-9M", "2023-01/2023-09"), ("2023-01/2023-09", "2023-01/2023-09"),
    ("2021/2022", "2021-01/2022-12"), ("2022-Q3/2022-Q4", "2022-07/2022-12"), (" 2024 ", "2024"),
])
def test_formal_labels_to_canonical(label, canon):
    assert P.canonical(label) == canon


@pytest.mark.parametrize("bad", ["", "23", "2023-13", "2023-H3", "2023-Q5", "2023-02-30", "2024/2023", "Q1 2023x"])
def test_bad_labels_are_none(bad):
    assert P.parse(bad) is None


@pytest.mark.parametrize("text,canon", [
    ("Q1 2023", "2023-01/2023-03"), ("H1 2023", "2023-01/2023-06"), ("9M 2023", "2023-01/2023-09"),
    ("Jan–Aug 2023", "2023-01/2023-08"), ("January-August 2023", "2023-01/2023-08"), ("March 2022", "2022-03"),
    ("the first quarter of 2021", "2021-01/2021-03"), ("the second half of 2022", "2022-07/2022-12"),
    ("the first seven months of 2023", "2023-01/2023-07"),
    # German
    ("1. Quartal 2023", "2023-01/2023-03"), ("erstes Halbjahr 2023", "2023-01/2023-06"),
    ("Januar bis August 2023", "2023-01/2023-08"), ("die ersten neun Monate 2023", "2023-01/2023-09"),
    ("März 2024", "2024-03"),
    # Russian
    ("I квартал 2023 года", "2023-01/2023-03"), ("первое полугодие 2023 года", "2023-01/2023-06"),
    ("за 9 месяцев 2023 года", "2023-01/2023-09"), ("январь–август 2023", "2023-01/2023-08"),
    ("январе-ноябре 2022 г.", "2022-01/2022-11"),
    # Ukrainian
    ("січень–серпень 2023", "2023-01/2023-08"), ("у першому півріччі 2024 року", "2024-01/2024-06"),
    # dates
    ("12.03.2023", "2023-03-12"), ("12 марта 2023", "2023-03-12"), ("12. März 2023", "2023-03-12"),
    ("March 12, 2023", "2023-03-12"), ("5 травня 2024 р.", "2024-05-05"),
])
def test_prose_in_four_languages(text, canon):
    assert P.normalise(text) == canon


@pytest.mark.parametrize("text,date,canon", [
    ("last year", "2024-03-15", "2023"), ("this year", "2024-03-15", "2024"),
    ("в прошлом году", "2019-05-09", "2018"), ("im Vorjahr", "2022-01-31", "2021"),
    ("минулого року", "2020-12-01", "2019"), ("the year before last", "2024-01-01", "2022"),
])
def test_relative_years_resolve_against_the_document_date(text, date, canon):
    assert P.normalise(text, doc_date=date) == canon
    assert P.normalise(text) is None                 # no document date: no guess


def test_month_only_mentions_take_the_context_year():
    assert P.read("январь–август", year=2021).label == "2021-01/2021-08"
    assert P.read("Q3", year=2020).label == "2020-07/2020-09"
    assert P.read("Q3") is None


def test_comparisons():
    assert P.contains("2023", "2023-01/2023-09") and not P.contains("2023-01/2023-09", "2023")
    assert P.contains("2022-H2", "2022-11") and not P.contains("2022-H2", "2022-05")
    assert P.overlaps("2022-Q2/2022-Q3", "2022-H1") and not P.overlaps("2022-H1", "2022-Q3")
    assert P.compare("2022", "2023") == -1 and P.compare("2023-03", "2023-03") == 0
    assert P.compare("2023-02", "2023-01/2023-09") == 1
    with pytest.raises(ValueError):
        P.compare("2023", "soon")


def test_period_object():
    p = P.parse("2024-02")
    assert (p.start, p.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert P.parse("2023-01/2023-09").months()[-1] == "2023-09" and P.parse("2023-9M").n_months == 9
    assert P.parse("2024-02").shifted(-1).label == "2023-02"
    assert P.parse("2022").keys == (P.key(2022, 1), P.key(2022, 12))
    assert P.fmt((P.key(2023, 1), P.key(2023, 7))) == "2023-01/2023-07"


@pytest.mark.parametrize("text,date", [
    ("Minsk, 16 May 2024. Trade fell.", "2024-05-16"), ("Stand: 09.05.2019\nExporte", "2019-05-09"),
    ("Москва, 12 марта 2023 г. Товарооборот", "2023-03-12"), ("Київ, 5 травня 2024 р.", "2024-05-05"),
    ("Published May 16, 2024", "2024-05-16"), ("2024-05-16 release", "2024-05-16"), ("no date here 2023", None),
])
def test_document_date(text, date):
    assert P.find_date(text) == date


def test_mentions_keep_offsets():
    text = "В январе–августе 2023 года экспорт вырос, а в 2022 году упал."
    ms = P.mentions(text)
    assert [text[m.start:m.end].strip() for m in ms][0].startswith("январе")
    assert [m.resolve().label for m in ms] == ["2023-01/2023-08", "2022"]
