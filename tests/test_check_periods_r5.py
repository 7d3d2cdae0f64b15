"""The period attached to each number, round 5 (issue 11): a few general rules instead of many narrow ones. Every
sentence here is written for this test (invented figures, real country names), none is taken from a corpus."""
import pytest

from dyadwatch import periods as G
from dyadwatch.check import check_text
from dyadwatch.check import periods as P


def claim(text, needle, date=None):
    cs = [c for c in check_text(text, date=date).claims if needle in c.text]
    assert cs, f"no claim with {needle!r} in {[c.text for c in check_text(text, date=date).claims]}"
    return cs[0]


def bases(text, date=None):
    """The period mentions of ``text`` read as the base of a comparison, as written."""
    return [text[m.start:m.end] for m in P.find_periods(text, 0, len(text), date) if m.base]


# ----------------------------------------------------------------------------- comparisons
@pytest.mark.parametrize("text, base", [
    ("Exports were 8% higher than in 2019.", "2019"),
    ("Die Ausfuhren lagen 8 % höher als im Jahr 2019.", "2019"),
    # (round 7: "аналогичным периодом 2019" is read whole, the same months of 2019)
    ("Экспорт вырос на 8% по сравнению с аналогичным периодом 2019 года.", "аналогичным периодом 2019"),
    ("Экспорт был на 8% больше, чем в 2019 году.", "2019"),
    ("Експорт був на 8% більшим, ніж у 2019 році.", "2019"),
    ("Експорт був на 8% більшим, ніж у 2019-му.", "2019-му"),
])
def test_a_comparison_marker_may_be_followed_by_a_preposition(text, base):
    assert bases(text) == [base]


@pytest.mark.parametrize("text, needle, own, other, period", [
    ("The deficit with Peru came to $1.9 billion, against $2.6 billion in 2020.", "$1.9", "$2.6", "2020", "2021"),
    ("Der Überschuss mit Peru sank auf 1,9 Mrd. Euro, nach 2,6 Mrd. Euro im ersten Quartal 2020.", "1,9 Mrd",
     "2,6 Mrd", "2020-01/2020-03", "2021"),
    ("Оборот с Перу составил $1,9 млрд против $2,6 млрд в 2020 году.", "$1,9", "$2,6", "2020", "2021"),
])
def test_the_period_after_a_comparison_figure_is_only_its_own(text, needle, own, other, period):
    text = "Chile's trade with Peru grew in 2021. " + text
    assert claim(text, own).period == other
    assert claim(text, needle).period == period


@pytest.mark.parametrize("text, needle, period", [
    ("Chile sold Peru goods worth $3.3 billion in 2021, 10% up on the same period of 2020, when sales stood at "
     "$3.0 billion.", "$3.0", "2020"),
    ("Chile lieferte 2021 Waren für 3,3 Mrd. Euro nach Peru, 10 % mehr als 2020, als es 3,0 Mrd. Euro waren.",
     "3,0 Mrd", "2020"),
    ("Экспорт Чили в Перу в 2021 году был на 10% больше, чем в 2020 году, когда он составил $3,0 млрд.", "$3,0",
     "2020"),
])
def test_a_when_clause_after_a_comparison_period_takes_that_period(text, needle, period):
    assert claim(text, needle).period == period


# ----------------------------------------------------------------------------- the grammar
@pytest.mark.parametrize("text, date, label", [
    ("the first quarter of this year", "2021-06-01", "2021-01/2021-03"),
    ("the first nine months of last year", "2021-06-01", "2020-01/2020-09"),
    ("im ersten Halbjahr des laufenden Jahres", "2021-08-01", "2021-01/2021-06"),
    ("in der ersten Jahreshälfte 2020", None, "2020-01/2020-06"),
    ("в первом квартале прошлого года", "2021-06-01", "2020-01/2020-03"),
    ("в первой половине 2020 года", None, "2020-01/2020-06"),
    ("9 месяцев 2020 г.", None, "2020-01/2020-09"),
    ("у першому кварталі цього року", "2021-06-01", "2021-01/2021-03"),
    ("у 2020-му", None, "2020"),
    ("наступного року", "2021-06-01", "2022"),
    ("в следующем году", "2021-06-01", "2022"),
    ("im kommenden Jahr", "2021-06-01", "2022"),
])
def test_sub_periods_with_relative_years_and_other_forms(text, date, label):
    ms = G.mentions(text)
    assert len(ms) == 1, [text[m.start:m.end] for m in ms]
    p = ms[0].resolve(doc_date=date)
    assert p is not None and p.label == label


@pytest.mark.parametrize("text, needle, period", [
    ("Chile's exports to Peru were $0.4 billion in January 2021. Over the eight months they reached $3.1 billion.",
     "$3.1", "2021-01/2021-08"),
    ("Экспорт Чили в Перу в январе 2021 года составил $0,4 млрд, а по итогам года — $5,2 млрд.", "$5,2", "2021"),
    ("Експорт Чилі до Перу у січні 2021 року становив 0,4 млрд доларів. За півроку він сягнув 2,6 млрд доларів.",
     "2,6 млрд", "2021-01/2021-06"),
])
def test_a_span_named_without_its_year_takes_the_year_in_context(text, needle, period):
    assert claim(text, needle).period == period


@pytest.mark.parametrize("text, needle", [
    ("Chile and Peru traded goods worth $6 billion in 2021. They plan to reach $9 billion by 2030, and Peru "
     "offers Chile 40 new products worth $0.5 billion.", "$0.5"),
    ("Chile und Peru handelten 2021 Waren für 6 Mrd. Euro. Bis 2030 sollen es 9 Mrd. Euro werden; Peru bietet "
     "Chile dafür 40 neue Waren für 0,5 Mrd. Euro an.", "0,5 Mrd"),
])
def test_a_target_year_after_the_document_date_dates_only_its_clause(text, needle):
    assert claim(text, needle, date="2022-02-01").period != "2030"


# ----------------------------------------------------------------------------- what is carried
@pytest.mark.parametrize("text, needle", [
    ("Chile's exports to Peru rose to $6 billion in 2021. The two sides speak of $10 billion a year.", "$10"),
    ("Chiles Exporte nach Peru stiegen 2021 auf 6 Mrd. Euro. Peru kauft Kupfer für 2 Mrd. Euro pro Jahr.", "2 Mrd"),
    ("Экспорт Чили в Перу в 2021 году вырос до $6 млрд. Транзит меди составляет около 3 млн тонн в год.", "3 млн"),
    ("Експорт Чилі до Перу у 2021 році зріс до 6 млрд доларів. Перу купує мідь на 2 млрд доларів на рік.",
     "2 млрд"),
])
def test_a_rate_takes_no_period_from_context(text, needle):
    assert claim(text, needle).period is None


def test_a_year_earlier_is_not_a_rate():
    text = "Chile's exports to Peru were $6 billion in 2021, up from $5 billion a year earlier."
    assert claim(text, "$5 billion").period == "2020"


@pytest.mark.parametrize("text, needle", [
    ("Chile's exports to Peru grew to $6 billion in 2021. In March alone they were $0.7 billion. Copper made up "
     "$2 billion.", "$2 billion"),
    ("Chiles Exporte nach Peru stiegen 2021 auf 6 Mrd. Euro. Allein im März waren es 0,7 Mrd. Euro. Kupfer "
     "machte 2 Mrd. Euro aus.", "2 Mrd"),
    ("Экспорт Чили в Перу в 2021 году вырос до $6 млрд. Только в марте он составил $0,7 млрд. На медь пришлось "
     "$2 млрд.", "$2 млрд"),
    ("Експорт Чилі до Перу у 2021 році зріс до 6 млрд доларів. Лише в березні він становив 0,7 млрд доларів. "
     "На мідь припало 2 млрд доларів.", "2 млрд"),
])
def test_a_sub_period_named_as_an_aside_is_not_carried(text, needle):
    assert claim(text, needle).period == "2021"


def test_a_possessive_period_dates_its_figure_even_in_a_comparison():
    text = "Chile's exports to Peru rose 9% in May 2021, a faster rise than April's gain of 4%."
    assert claim(text, "4%").period == "2021-04"


def test_a_peak_after_a_period_makes_it_a_base():
    text = "Chile's exports to Peru were $2 billion in 2021. That is half of their 2019 peak."
    assert bases(text) == ["2019"]


@pytest.mark.parametrize("text, needle, period", [
    ("Der Vorsprung Chiles schrumpfte 2021 auf 0,5 Mrd. Euro. Er sank auf 0,4 Mrd. Euro, nachdem er 2019 noch "
     "1,2 Mrd. Euro betragen hatte.", "0,4 Mrd", "2021"),
    ("Chile's lead shrank to $0.5 billion in 2021. It fell to $0.4 billion, after it had been $1.2 billion in "
     "2019.", "$0.4", "2021"),
])
def test_a_subordinate_clause_keeps_its_own_period(text, needle, period):
    assert claim(text, needle).period == period


@pytest.mark.parametrize("text, needle", [
    ("Chile kept 3,000 troops in Peru in 2021. Today, there are about 500 Chilean soldiers there.", "500"),
    ("Chile hatte 2021 noch 3000 Soldaten in Peru. Derzeit sind es etwa 500 Soldaten.", "500"),
    ("В 2021 году Чили держала в Перу 3000 военных. Сейчас там около 500 человек.", "500"),
    ("У 2021 році Чилі тримала в Перу 3000 військових. Зараз там близько 500 осіб.", "500"),
])
def test_a_sentence_about_the_present_takes_no_period_from_context(text, needle):
    assert claim(text, needle).period is None


# ----------------------------------------------------------------------------- sentences
def test_a_sentence_ends_after_a_scaled_currency_abbreviation():
    text = ("Товарооборот Чили и Перу в 2021 году составил 5,1 млрд долл. В прошлом году за тот же период он "
            "составлял 4,2 млрд долл. США.")
    assert claim(text, "5,1 млрд", date="2021-11-01").period == "2021"
    assert claim(text, "4,2 млрд", date="2021-11-01").period == "2020"


def test_a_sentence_may_start_with_an_umlaut_capital():
    text = ("Chiles Kupfer deckte 2021 rund 60 % des Bedarfs Perus. Über den Hafen flossen im ersten Quartal "
            "2022 knapp 1,3 Mio. Tonnen nach Peru.")
    assert claim(text, "60 %").period == "2021"


# ----------------------------------------------------------------------------- pairs and side-by-side periods
@pytest.mark.parametrize("text, old, new", [
    ("In 2021 Chile's exports to Peru fell from $1.4 billion to $1.1 billion.", "$1.4", "$1.1"),
    ("In 2021 Chile's surplus with Peru narrowed to $0.3 billion from $0.6 billion.", "$0.6", "$0.3"),
    ("2021 sank der Anteil Chiles an den Importen Perus von 20,5 % auf 19,1 %.", "20,5 %", "19,1 %"),
    ("У 2021 році експорт Чилі до Перу скоротився з 1,4 млрд доларів до 1,1 млрд доларів.", "1,4 млрд",
     "1,1 млрд"),
    ("В 2021 году экспорт Чили в Перу сократился с $1,4 млрд до $1,1 млрд.", "$1,4", "$1,1"),
])
def test_the_earlier_figure_of_a_from_to_pair_is_a_year_before(text, old, new):
    assert claim(text, new).period == "2021"
    assert claim(text, old).period == "2020"


def test_a_month_after_a_comparison_figure_dates_it():
    text = "Im Februar 2021 lieferte Chile Waren für 415 Mio. Euro nach Peru, nach 371 Mio. Euro im Januar."
    assert claim(text, "371 Mio").period == "2021-01"


def test_a_bracketed_gloss_restates_the_period_before_it():
    text = "Im Fiskaljahr 2021/22 (April bis März) kaufte Peru chilenisches Kupfer für rund 4 Mrd. Euro."
    assert claim(text, "4 Mrd").period == "2021-04/2022-03"
    text = "Peru bought Chilean copper worth $4 billion in 2021 (2020: $3 billion)."
    assert claim(text, "$3 billion").period != "2021"


@pytest.mark.parametrize("text, needle, period", [
    ("Экспорт Чили в Перу за девять месяцев 2021 года вырос до $3 млрд. В прошлом году за тот же период он "
     "составлял $2,5 млрд.", "$2,5", "2020-01/2020-09"),
    ("Експорт Чилі до Перу за дев'ять місяців 2021 року зріс до 3 млрд доларів. Минулого року за той самий період "
     "він становив 2,5 млрд доларів.", "2,5 млрд", "2020-01/2020-09"),
])
def test_the_same_period_beside_a_relative_year(text, needle, period):
    assert claim(text, needle, date="2021-11-01").period == period


@pytest.mark.parametrize("text, needle", [
    ("In the first half of 2018 Chile's exports to Peru were $1.2 billion. Over those months imports were "
     "$0.8 billion.", "$0.8"),
    ("В первом полугодии 2018 года экспорт Чили в Перу составил $1,2 млрд. Оборот за те полгода составил "
     "$2 млрд.", "$2 млрд"),
])
def test_those_months_are_the_period_named_before(text, needle):
    assert claim(text, needle).period == "2018-01/2018-06"


def test_the_brief_keeps_every_period(shared_briefs):
    """The SCEEUS brief: every claim's value, unit, direction and period as annotated (the shared brief test allows
    one miss; a period rule must not use it)."""
    from pathlib import Path
    from dyadwatch.check.evaluate import score_brief
    gold = Path(__file__).parent / "check_corpus" / "sceeus-2024-05-16-gold.yaml"
    sc, _ = score_brief(shared_briefs / "sceeus-2024-05-16-ukraine-belarus.txt", gold)
    assert sc.precision == 1.0 and sc.recall == 1.0, sc.errors


def test_months_without_a_count_word_the_checker_knows_do_not_crash():
    text = ("In the 12 months, Chile's exports to Peru reached $5 billion. Over the 99 months they were $1 billion. "
            "In the 12 months through June 2023 they were $5.5 billion.")
    claims = check_text(text, date="2023-08-01").claims
    assert [c.period for c in claims] == [None, None, "2022-07/2023-06"]
