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


def trie_regex(words) -> str:
    """One regular expression matching any of ``words``, factored by common prefixes (Python's engine tries
    the alternatives of ``a|b|c`` one by one at every position; a trie keeps long word lists fast)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body
    return build(trie)


_PLAIN_ALT = re.compile(r"(?:[^\\\[\]().*+?{}^$|]|\[[^\]\\^-]+\])+")


def any_of(rx: re.Pattern) -> re.Pattern:
    """For yes/no searches: ``rx``, an alternation of plain words (``a|b|c``, a ``[…]`` of single characters
    allowed), as one pattern factored by common prefixes, with the same flags: it matches at the same offsets
    (so ``search`` finds something exactly when ``rx.search`` does) but may match a different alternative there.
    Any other pattern is returned unchanged."""
    alts = rx.pattern.split("|")
    if not all(_PLAIN_ALT.fullmatch(a) for a in alts):
        return rx
    out = []
    for a in alts:
        words = [""]
        for part in re.findall(r"\[[^\]]+\]|[^\[]+", a):
            chars = part[1:-1] if part.startswith("[") else None
            words = [w + c for w in words for c in chars] if chars else [w + part for w in words]
        out += words
    return re.compile(trie_regex(out), rx.flags)


def by_first_letter(alternation: str) -> str:
    """The alternation ``a|b|c`` (top-level ``|`` only, no groups spanning two alternatives) regrouped by first
    letter, the order kept within each letter: ``fell|falls?|rose`` -> ``f(?:ell|alls?)|r(?:ose)``. The
    engine then tests each first letter once instead of once per alternative; where two alternatives could
    match, the first written still wins (alternatives that begin with different lower-case ASCII letters never
    match at the same offset, in any case). An alternative that does not begin with a lower-case ASCII letter
    is kept whole, after the groups."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for alt in alternation.split("|"):
        if alt.replace("\\(", "").count("(") != alt.replace("\\)", "").count(")") or "[" in alt:
            raise ValueError(f"by_first_letter: a group or class spans alternatives in {alternation!r}")
        if alt[:1].isascii() and alt[:1].islower() and alt[1:2] not in ("?", "*", "{", "+"):
            groups.setdefault(alt[0], []).append(alt[1:])
        else:
            rest.append(alt)
    return "|".join([k + "(?:" + "|".join(v) + ")" for k, v in groups.items()] + rest)


def trigger(words, extra=(), flags: int = 0, n: int = 3) -> re.Pattern:
    """A trigger pattern: the first ``n`` characters of each of ``words`` (literals), factored by common prefixes
    (an alternation of many first characters is slow to search; a prefix tree is fast), and ``extra`` patterns.
    A literal that starts with a shorter one is left out: the shorter one already fires wherever it could."""
    starts = {(w[:n].lower() if flags & re.IGNORECASE else w[:n]) for w in words if w}
    starts = {w for w in starts if not any(w != v and w.startswith(v) for v in starts)}
    body = trie_regex(starts)
    return re.compile("|".join([body, *extra]) if extra else body, flags)
