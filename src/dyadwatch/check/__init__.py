"""The claim checker: find every numeric claim in a brief and test it against itself and against data.

    from dyadwatch.check import check_text, check_path
    report = check_text(text, date="2024-05-16", observations=[...])
    report.as_json()        # the JSON contract of ``dyadwatch check --json``

Modules: :mod:`.numbers` (numbers, intervals, hedges), :mod:`.periods` (periods, countries),
:mod:`.subjects` (whose flow), :mod:`.extract` (claims; its number side in :mod:`.numreader`, the
patterns of number expressions in :mod:`.quantities`), :mod:`.links` (links from meaning), :mod:`.frames`
(identities as constraints), :mod:`.doubts` (misreadings), :mod:`.consistency` (inconsistent sets, repairs,
tensions, staleness), :mod:`.data` (against observations), :mod:`.oracle` (evaluation on gold claims),
:mod:`.source` (reading .txt/.md/.html/.pdf/stdin), :mod:`.report` (table, JSON, HTML).
"""
from __future__ import annotations

from collections.abc import Iterable

from .model import Claim, Document, Finding, Report
from .source import MAX_BYTES, document_date, read_path

__all__ = ["check_text", "check_path", "check_document", "Report", "Claim", "Finding", "Document", "MAX_BYTES"]

_ORDER = {"inconsistent": 0, "contradicted": 1, "tension": 2, "stale": 3, "ambiguous": 4, "forecast": 5,
          "consistent": 6, "supported": 7, "unverifiable": 8}


def check_document(doc: Document, observations: Iterable[dict] | None = None) -> Report:
    from .consistency import check
    from .data import check_against
    from .extract import extract
    from .source import ensure_size

    ensure_size(doc.text)
    if doc.date is None:
        doc.date = document_date(doc.text)
    claims = extract(doc.text, doc.date)
    findings = check(claims, doc.date, doc.text)
    findings += check_against(claims, list(observations) if observations is not None else None, doc.text, doc.date)
    findings.sort(key=lambda f: _ORDER.get(f.verdict, 9))
    for i, f in enumerate(findings, 1):
        f.id = f"F{i}"
        f.explanation = f.explanation.replace("\\$", "$")   # markdown-escaped dollars
    return Report(doc, claims, findings)


def check_text(text: str, date: str | None = None, observations: Iterable[dict] | None = None,
               path: str | None = None) -> Report:
    """Check a text. ``date`` (YYYY-MM-DD) overrides the date found in the text."""
    return check_document(Document(text=text, path=path, date=date), observations)


def check_path(path: str, date: str | None = None, observations: Iterable[dict] | None = None) -> Report:
    """Check a ``.txt``/``.md``/``.html``/``.pdf`` file, or ``-`` for stdin."""
    doc = read_path(path)
    if date:
        doc.date = date
    return check_document(doc, observations)
