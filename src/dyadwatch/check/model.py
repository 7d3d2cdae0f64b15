"""Data classes of the claim checker: Document, Claim, Finding, Report (and the JSON contract)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

VERDICTS = ("inconsistent", "tension", "consistent", "supported", "contradicted", "unverifiable",
            "stale", "ambiguous", "forecast")
#: verdicts that make ``dyadwatch check`` exit with status 1
FAILING = frozenset({"inconsistent", "contradicted"})


def quoted(text: str | None) -> str:
    """A claim's text quoted for an explanation (markdown-escaped dollars shown plainly)."""
    return "‘" + (text or "").replace("\\$", "$") + "’"


@dataclass
class Document:
    text: str
    path: str | None = None
    date: str | None = None               # ISO date (YYYY-MM-DD) of the document, if known
    #: for HTML input: offset in ``text`` -> offset in the original markup (same length as text + 1)
    source_offsets: list[int] | None = None


@dataclass
class Claim:
    id: str
    text: str
    span: tuple[int, int]
    kind: str                               # level | change | share | count | range | forecast | balance
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    period: str | None = None
    subject: str | None = None
    hedge: str | None = None
    # internal fields (not in the JSON contract)
    direction: str | None = None            # up | down | None (changes)
    indicator: str | None = None            # exports | imports | turnover | balance | None
    reporter: str | None = None             # whose flow (ISO3); for turnover None
    partner: str | None = None
    base_period: str | None = None          # for changes: the period compared with
    level_id: str | None = None             # for changes: the id of the level stated with it
    number_text: str = ""                   # the token a repair edits ("20")
    scale_text: str = ""                    # the scale word as written ("million")
    sentence: tuple[int, int] = (0, 0)
    ambiguous_scope: str | None = None      # the list a count may or may not apply to
    latest_data: bool = False               # the sentence says "most recent data"
    #: the period was read from a mention in the claim's own sentence (not carried over from an earlier one)
    period_sure: bool = False
    #: the subject's countries are named in the claim's own sentence (or one is, the other is the document's
    #: other country and no third country is named there); "named": both are named there
    subject_sure: bool = False
    subject_named: bool = False

    def as_json(self) -> dict:
        def num(x):
            return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else x
        return {"id": self.id, "text": self.text, "span": [self.span[0], self.span[1]], "kind": self.kind,
                "value": num(self.value), "low": num(self.low), "high": num(self.high), "unit": self.unit,
                "period": self.period, "subject": self.subject, "hedge": self.hedge}


@dataclass
class Finding:
    verdict: str
    claims: list[str]
    explanation: str
    repair: dict | None = None
    id: str = ""

    def as_json(self) -> dict:
        return {"id": self.id, "verdict": self.verdict, "claims": list(self.claims),
                "explanation": self.explanation, "repair": self.repair}


@dataclass
class Report:
    document: Document
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(f.verdict in FAILING for f in self.findings) else 0

    def claim(self, cid: str) -> Claim:
        for c in self.claims:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def findings_for(self, cid: str) -> list[Finding]:
        return [f for f in self.findings if cid in f.claims]

    def verdicts_for(self, cid: str) -> set[str]:
        return {f.verdict for f in self.findings_for(cid)}

    def as_json(self) -> dict:
        d = self.document
        return {"document": {"path": d.path, "date": d.date, "chars": len(d.text)},
                "claims": [c.as_json() for c in self.claims],
                "findings": [f.as_json() for f in self.findings]}
