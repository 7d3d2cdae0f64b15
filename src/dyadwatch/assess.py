"""The main job: build or update the store, compute every realm, write the self-contained report."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import InputError, StoreError


@dataclass
class AssessResult:
    dyad: str
    as_of: str
    out: Path
    store: Path
    loaded: list[dict] = field(default_factory=list)
    report: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {"dyad": self.dyad, "as_of": self.as_of, "report": str(self.out), "store": str(self.store),
                "loaded": self.loaded, **self.report}

    def terminal_summary(self) -> str:
        lines = [f"dyadwatch assessment {self.dyad} as of {self.as_of}"]
        loaded = [f for f in self.loaded if f["status"] == "loaded"]
        if self.loaded:
            lines.append(f"  bundled data: {len(loaded)} file(s) loaded, "
                         f"{len(self.loaded) - len(loaded)} unchanged")
        c = self.report.get("counts", {})
        lines.append(f"  store: {c.get('claims', 0)} claims, {c.get('events', 0)} events, "
                     f"{c.get('observations', 0)} observations ({self.store})")
        for realm, items in self.report.get("sections", {}).items():
            if items:
                lines.append(f"  {realm.replace('_', ' ')}: " + "; ".join(items))
        for err in self.report.get("errors", []):
            lines.append(f"  warning: a report part failed: {err}")
        if self.report.get("missing_sources"):
            lines.append("  warning: cited but undefined sources: " + ", ".join(self.report["missing_sources"]))
        lines.append(f"  {self.report.get('sources_cited', 0)} sources cited")
        lines.append(f"report written to {self.out}")
        return "\n".join(lines)


def bundled_key(dyad) -> str | None:
    """The folder of a bundled dataset for this dyad, if one ships with the package."""
    from importlib.resources import files

    data = files("dyadwatch") / "data"
    for a, b in ((dyad.a, dyad.b), (dyad.b, dyad.a)):
        key = f"{a.iso3}_{b.iso3}".lower()
        if (data / key).is_dir():
            return key
    return None


def _parse_as_of(as_of: str | None) -> str:
    if not as_of:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(as_of).isoformat()
    except ValueError:
        raise InputError(f"--as-of {as_of!r} is not a date", hint="use YYYY-MM-DD") from None


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dyadwatch-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def assess(country_a: str, country_b: str, *, store=None, out: str | os.PathLike | None = None,
           load_bundled: bool = True, as_of: str | None = None) -> AssessResult:
    """Assess the dyad: load bundled data (when the package ships some for it), render, write the report."""
    from dyadwatch.countries import Dyad
    from dyadwatch.curated import load_bundled as _load_bundled
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.html import render
    from dyadwatch.sanctions.bundled import ensure_bundled
    from dyadwatch.store import Store, open_store

    dyad = Dyad(country_a, country_b)
    as_of = _parse_as_of(as_of)
    out_path = Path(out) if out else Path(f"dyadwatch-{dyad.label}.html")
    own = not isinstance(store, Store)
    st = open_store(store) if own else store
    try:
        loaded = []
        key = bundled_key(dyad)
        if load_bundled and key:
            loaded = _load_bundled(st, key).files
        if load_bundled:
            ensure_bundled(st)   # the official lists' Belarus-regime subsets (data/sanctions/lists)
        ctx = ReportContext(store=st, dyad=dyad, as_of=as_of)
        page, report = render(ctx)
        try:
            write_atomic(out_path, page)
        except OSError as exc:
            raise InputError(f"cannot write the report to {out_path}: {exc}", hint="choose another --out") from None
        if not key:
            report.setdefault("notes", []).append(
                f"no bundled dataset ships for {dyad.label}; the report shows what the store holds "
                "(add data with `dyadwatch load`, `dyadwatch ingest` or `dyadwatch fetch`)")
        return AssessResult(dyad.label, as_of, out_path.resolve(), st.path, loaded, report)
    except StoreError:
        raise
    finally:
        if own:
            st.close()
