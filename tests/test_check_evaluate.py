"""The held-out scorer (check/evaluate.py, format of the held-out corpus) on a tiny fixture of our own."""
import math

import pytest
import yaml

from dyadwatch.check.evaluate import score_heldout, score_heldout_doc

DOC = {
    "id": "fx-1", "lang": "en", "style": "wire", "date": "2024-03-15", "pair": ["UKR", "BLR"], "status": "planted",
    "text": ("Minsk, 15 March 2024. Ukraine's exports to Belarus were $0.4 billion in 2023 and its imports from "
             "Belarus $1.2 billion, so turnover reached $2.6 billion. Belarus ranked 5th among partners."),
    "claims": [
        {"text": "$0.4 billion", "value": 4e8, "unit": "USD", "kind": "level", "period": "2023",
         "subject": {"indicator": "exports", "reporter": "UKR", "partner": "BLR"}},
        {"text": "$1.2 billion", "value": 1.2e9, "unit": "USD", "kind": "level", "period": "2023",
         "subject": {"indicator": "imports", "reporter": "UKR", "partner": "BLR"}},
        {"text": "$2.6 billion", "value": 2.6e9, "unit": "USD", "kind": "level", "period": "2023",
         "subject": {"indicator": "turnover", "reporter": "BLR", "partner": "UKR"}},
    ],
    "not_claims": ["15 March 2024", "5th"],
    "errors": [{"claims": ["$0.4 billion", "$1.2 billion", "$2.6 billion"], "target": None,
                "what": "turnover is not exports + imports"}],
}


def test_a_planted_turnover_error_is_scored_found_and_claims_right():
    sc = score_heldout_doc(DOC)
    f = sc.figures()
    assert (sc.gold, sc.extracted, sc.value_right, sc.crashes) == (3, 3, 3, 0)
    assert f["unit+kind"] == 1.0 and f["unit+kind+period"] == 1.0 and f["subject"] == 1.0
    assert sc.errors_gold == 1 and sc.errors_found == 1


def test_wrong_gold_lowers_the_right_figures_and_a_correct_text_counts_false_alarms():
    doc = dict(DOC, status="correct", errors=[])
    doc["claims"] = [dict(DOC["claims"][0], value=5e8, period="2022"),        # wrong value and period
                     dict(DOC["claims"][1], kind="change"),                   # wrong kind
                     dict(DOC["claims"][2], subject={"indicator": "exports", "reporter": "BLR", "partner": None})]
    sc = score_heldout_doc(doc)
    assert sc.value_right == 2 and sc.unit_kind == 2 and sc.unit_kind_period == 1 and sc.subject_right == 2
    assert sc.correct_docs == 1 and sc.false_alarms == 1          # the turnover check fires on a "correct" text
    assert any("FALSE ALARM" in n for n in sc.notes)


def test_a_target_outside_the_finding_is_not_found_and_missing_gold_counts_against_recall(tmp_path):
    doc = dict(DOC, errors=[{"claims": ["$0.4 billion", "7 tanks"], "target": "7 tanks", "what": "x"},
                            {"claims": ["$0.4 billion"], "target": "$0.4 billion", "what": "y"}])
    doc["claims"] = DOC["claims"] + [{"text": "7 tanks", "value": 7, "unit": "tanks", "kind": "count",
                                      "period": None, "subject": None}]
    doc["text"] = DOC["text"] + " Not 7 tanks."
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"documents": [doc]}, allow_unicode=True), encoding="utf-8")
    sc = score_heldout(tmp_path)
    assert sc.gold == 4 and sc.value_right == 4 and sc.recall == 1.0
    # an INCONSISTENT finding must contain the error's target: "7 tanks" is in no such finding, "$0.4 billion" is
    assert (sc.errors_gold, sc.errors_found) == (2, 1)
    assert any("error not found: x" in n for n in sc.notes)
    assert not math.isnan(sc.precision)


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        score_heldout(tmp_path)
