"""Regular expressions tried only where they can start.

Python's engine tries a pattern at every offset of the text; a large alternation without a literal prefix (a
period grammar, a list of country names behind an optional group) is then slow on long texts even where nothing
matches. :func:`gated_finditer` gives exactly the matches of ``rx.finditer(text, pos, endpos)`` but tries ``rx``
only at the offsets where a cheap ``trigger`` pattern matches; the trigger must match at every offset where ``rx``
can begin a match (a superset: the literal prefixes of its alternatives), and ``rx`` must never match the empty
string. ``tests/test_rxgate.py`` checks each trigger against its pattern.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


def gated_finditer(rx: re.Pattern, trigger: re.Pattern, text: str, pos: int = 0,
                   endpos: int | None = None) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text, pos, endpos)``, trying ``rx`` only where ``trigger`` matches."""
    end = len(text) if endpos is None else min(endpos, len(text))
    search, match = trigger.search, rx.match
    t = search(text, pos, end)
    while t is not None:
        q = t.start()
        m = match(text, q, end)
        if m is not None:
            yield m
            t = search(text, m.end(), end)
        else:
            t = search(text, q + 1, end)


def trigger(words, extra=(), flags: int = 0, n: int = 3) -> re.Pattern:
    """A trigger pattern: the first ``n`` characters of each of ``words`` (literals), factored by common prefixes
    (an alternation of many first characters is slow to search; a prefix tree is fast), and ``extra`` patterns."""
    root: dict = {}
    for w in {w[:n] for w in words if w}:
        if flags & re.IGNORECASE:
            w = w.lower()
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        if "" in node:                  # a shorter literal is enough: every longer one starts with it
            return ""
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return re.compile("|".join([build(root), *extra]) if extra else build(root), flags)
