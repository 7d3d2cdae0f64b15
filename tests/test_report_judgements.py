"""Key judgements: ICD 203 terms, the confidence rule, the section's place, history and what changed."""
from __future__ import annotations

import re

import pytest

from dyadwatch.assess import assess
from dyadwatch.report import judgements as kj


@pytest.mark.parametrize("p,term", [(0.0, "almost no chance"), (0.049, "almost no chance"), (0.05, "very unlikely"),
                                    (0.19, "very unlikely"), (0.2, "unlikely"), (0.5, "roughly even chance"),
                                    (0.55, "roughly even chance"), (0.56, "likely"), (0.9, "very likely"),
                                    (0.951, "almost certain")])
def test_probability_maps_to_the_icd_203_term(p, term):
    assert kj.likelihood_term(p) == term


def test_confidence_rule_counts_quantity_quality_and_recency():
    src = {"a": {"publisher": "P1"}, "b": {"publisher": "P2"}, "c": {"publisher": "P2"}, "d": {"publisher": "P1"}}
    recent = [("a", "2024-05-01"), ("b", "2024-04-01"), ("c", "2024-03-01")]
    assert kj.confidence(recent, "2024-06-01", src)[0] == "high"
    assert kj.confidence(recent[:2], "2024-06-01", src)[0] == "moderate"       # two sources: no quantity point
    same_pub = [("a", "2024-05-01"), ("d", "2024-04-01")]
    assert kj.confidence(same_pub, "2024-06-01", src)[0] == "low"            # one publisher, two sources
    assert kj.confidence(recent, "2025-06-01", src)[0] == "moderate"         # a year and more: no recency
    level, reason = kj.confidence(recent, "2027-01-01", src)
    assert level == "low" and "more than 2 years old" in reason
    assert kj.confidence([], "2024-06-01", src)[0] == "low"
    assert kj.confidence(recent, "2024-06-01", src, prior_only=True)[0] == "low"


def test_rules_are_validated_with_where():
    from dyadwatch.errors import ModelError

    with pytest.raises(ModelError, match="judgement 1 .*not an ICD 203 term"):
        kj.validate({"judgements": [{"id": "x", "kind": "trade", "branches": [{"likelihood": "probable",
                                                                             "text": "t"}]}]}, "f.yaml")
    with pytest.raises(ModelError, match="1 to 7"):
        kj.validate({"judgements": [{"id": str(i), "kind": "warning", "target": "E1", "text": "t"}
                                    for i in range(8)]}, "f.yaml")


def _section(html: str) -> str:
    i = html.index('id="key-judgements"')
    return html[i:html.index("</section>", i)]


def test_key_judgements_come_first_with_terms_confidence_and_footnotes(bundled, tmp_path):
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2024-09-01")
    html = out.read_text()
    assert html.index('id="key-judgements"') < html.index('id="economic"') < html.index('id="security"')
    sec = _section(html)
    items = re.findall(r"<li id=\"kj-.*?</li>", sec, re.S)
    assert 3 <= len(items) <= 7
    for it in items:
        assert any(f"{t.capitalize()} (" in it for t, _, _ in kj.ICD_203), it
        assert re.search(r"(Low|Moderate|High) confidence", it)
        for ref in re.findall(r'href="#(fn-\d+)"', it):
            assert f'id="{ref}"' in html
        assert 'href="#fn-' in it
    assert "2,000 Russian troops" in sec and "30,000" in sec       # figures read from the store
    assert "No earlier assessment" in sec


def _judge(store, as_of: str) -> tuple[str, str]:
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext

    block = kj.key_judgements(ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of=as_of))[0]
    return block.html, block.summary


def test_stale_data_make_low_confidence_and_the_prior_is_named(bundled):
    sec, _ = _judge(bundled, "2026-12-01")
    assert "Moderate confidence" not in sec and "High confidence" not in sec
    assert "rests on no current evidence" in sec


def test_what_changed_since_the_earlier_assessment(bundled):
    _judge(bundled, "2024-09-01")
    assert "no judgement changed" in _judge(bundled, "2024-09-01")[0]
    # a new, much larger troop reading becomes public: the rule's branch and likelihood move
    bundled.execute("INSERT INTO observations (indicator, reporter, partner, period, value, unit, source_id, known_at) "
                    "VALUES ('ru_troops_in_blr', 'BLR', 'RUS', '2024-08-20', 15000, 'persons', "
                    "'sec-sceeus-2024-05-16', DATE '2024-08-20')")
    sec, summary = _judge(bundled, "2024-09-01")
    assert "likelihood very unlikely → roughly even chance" in sec
    assert "about 15,000 Russian troops" in sec
    assert "changed since the assessment as of 2024-09-01" in summary
    n = bundled.scalar("SELECT count(DISTINCT run_id) FROM assessment_judgements WHERE dyad = 'UKR-BLR'")
    assert n == 3
    # an assessment of an earlier date is compared with earlier assessments only
    assert "No earlier assessment" in _judge(bundled, "2023-01-01")[0]
