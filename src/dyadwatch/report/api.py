"""What report sections are made of.

A section provider is a function ``provider(ctx: ReportContext) -> list[Block]`` registered for a realm in
``dyadwatch.report.sections.PROVIDERS``. Blocks are HTML fragments: escape every text with :func:`esc`,
cite every figure with ``ctx.cite(source_id)`` (it returns the footnote marker and lists the source at the
end of the report), and draw charts with :mod:`dyadwatch.report.svg`.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any


def esc(text: Any) -> str:
    """HTML-escape any value (None becomes an empty string)."""
    return "" if text is None else html.escape(str(text), quote=True)


@dataclass
class Block:
    title: str
    html: str
    order: int = 50          # lower first within a realm
    summary: str | None = None  # one line for the terminal summary (plain text)


def source_aliases() -> dict[str, str]:
    """Old source id -> the id of the same document (data/report/source_aliases.yaml), read once."""
    global _ALIASES
    if _ALIASES is None:
        from importlib.resources import files

        import yaml

        doc = yaml.safe_load((files("dyadwatch") / "data" / "report" / "source_aliases.yaml").read_text("utf-8"))
        _ALIASES = {str(k): str(v) for k, v in ((doc or {}).get("aliases") or {}).items()}
    return _ALIASES


_ALIASES: dict[str, str] | None = None


@dataclass
class ReportContext:
    store: Any
    dyad: Any                       # dyadwatch.countries.Dyad
    as_of: str                      # YYYY-MM-DD
    footnotes: list[str] = field(default_factory=list)   # source ids in order of first citation
    missing_sources: set[str] = field(default_factory=set)
    _sources: dict[str, dict] | None = None
    _same: dict[str, str] | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)   # canonical id -> other ids cited as it
    hindsight: set[str] = field(default_factory=set)   # cited sources dated after as_of (see report/known.py)

    @property
    def sources(self) -> dict[str, dict]:
        if self._sources is None:
            from dyadwatch.catalog import sources_by_id
            self._sources = sources_by_id(self.store)
            self._same = None
        return self._sources

    def canonical(self, sid: str) -> str:
        """One id per source document: an old id declared as an alias (data/report/source_aliases.yaml)
        stands for its source; entries with the same title (ignoring a bracketed suffix), the same date and the
        same publisher (its first words) are one document registered twice, e.g. by a user's file; the
        shortest id stands for all."""
        alias = source_aliases().get(sid)
        if alias and alias in self.sources:
            sid = alias
        if self._same is None:
            import re

            def key(s: dict) -> tuple:
                title = re.sub(r"\s*\([^)]*\)\s*$", "", str(s.get("title") or "")).lower()
                pub = re.sub(r"\([^)]*\)", "", str(s.get("publisher") or "")).lower().split()[:3]
                return (re.sub(r"\W+", "", title), str(s.get("date") or ""), tuple(pub))

            groups: dict[tuple, list[str]] = {}
            for i, s in self.sources.items():
                if s.get("title") and s.get("date"):
                    groups.setdefault(key(s), []).append(i)
            self._same = {i: min(ids, key=lambda x: (len(x), x)) for ids in groups.values() for i in ids}
        return self._same.get(sid, sid)

    def cite(self, *source_ids: str | None) -> str:
        """Register sources and return their footnote markers, e.g. '<sup class="fn">[3]</sup>'."""
        marks: list[str] = []
        for sid in source_ids:
            if not sid:
                continue
            if sid not in self.sources:
                self.missing_sources.add(sid)
            else:
                from dyadwatch.report.known import source_known
                if not source_known(self, sid):   # a block forgot the known-by-date filter: say so
                    self.hindsight.add(sid)
            canon = self.canonical(sid)
            if canon != sid and sid not in self.aliases.setdefault(canon, []):
                self.aliases[canon].append(sid)
            if canon not in self.footnotes:
                self.footnotes.append(canon)
            mark = f'<a href="#fn-{self.footnotes.index(canon) + 1}">{self.footnotes.index(canon) + 1}</a>'
            if mark not in marks:
                marks.append(mark)
        return f'<sup class="fn">[{", ".join(marks)}]</sup>' if marks else ""

    @property
    def a(self) -> str:
        return self.dyad.a.iso3

    @property
    def b(self) -> str:
        return self.dyad.b.iso3

    def name(self, iso3: str) -> str:
        from dyadwatch.countries import lookup
        return lookup(iso3, "iso3").name
