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
        lines.append(f"  store, as known on {self.as_of}: {c.get('claims', 0)} claims, {c.get('events', 0)} events, "
                     f"{c.get('observations', 0)} observations ({self.store})")
        for realm, items in self.report.get("sections", {}).items():
            if items:
                lines.append(f"  {realm.replace('_', ' ').replace('-', ' ')}: " + "; ".join(items))
        for err in self.report.get("errors", []):
            lines.append(f"  warning: a report part failed: {err}")
        if self.report.get("missing_sources"):
            lines.append("  warning: cited but undefined sources: " + ", ".join(self.report["missing_sources"]))
        if self.report.get("hindsight"):
            lines.append(f"  warning: {len(self.report['hindsight'])} source(s) dated after {self.as_of} were cited "
                         "(hindsight): " + ", ".join(self.report["hindsight"]))
        lines.append(f"  {self.report.get('sources_cited', 0)} sources cited")
        lines.append(f"report written to {self.out}")
        if self.report.get("pdf"):
            lines.append(f"PDF written to {self.report['pdf']}")
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


def _umask() -> int:
    """The process umask (read by setting and restoring it: Python has no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a report.

    The temporary file is made private (mkstemp), so it is given the mode an ordinary new file would get
    (0666 less the user's umask: 0644 under umask 022) before it replaces the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dyadwatch-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pdf(page: str, path: Path, base: Path) -> None:
    """Render the report's HTML to PDF with WeasyPrint (the optional extra ``dyadwatch[pdf]``), atomically."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise InputError("--pdf needs WeasyPrint, which is not installed",
                         hint="pip install 'dyadwatch[pdf]' (Debian also needs libpango-1.0-0 and "
                              "libpangoft2-1.0-0)") from None
    except OSError as exc:   # WeasyPrint is installed but a system library (Pango) is missing
        raise InputError(f"--pdf: WeasyPrint cannot load its system libraries: {exc}",
                         hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0") from None
    import logging

    for name in ("weasyprint", "fontTools"):   # WeasyPrint reports every unsupported CSS property
        logging.getLogger(name).setLevel(logging.ERROR)
    data = HTML(string=page, base_url=str(base)).write_pdf()
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"cannot write the PDF to {path}: {exc}", hint="choose another --pdf") from None


def assess(country_a: str, country_b: str, *, store=None, out: str | os.PathLike | None = None,
           load_bundled: bool = True, as_of: str | None = None, template: str | os.PathLike | None = None,
           pdf: str | os.PathLike | None = None) -> AssessResult:
    """Assess the dyad: load bundled data (when the package ships some for it), render, write the report.

    `template`: a folder of Jinja2 templates that replace the shipped ones of the same name (branding).
    `pdf`: also write the report as PDF to this path (needs the ``pdf`` extra)."""
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
        from dyadwatch.report.templating import set_template_dir

        set_template_dir(template)
        try:
            page, report = render(ctx)
        finally:
            if template is not None:
                set_template_dir(None)
        try:
            write_atomic(out_path, page)
        except OSError as exc:
            raise InputError(f"cannot write the report to {out_path}: {exc}", hint="choose another --out") from None
        if pdf:
            write_pdf(page, Path(pdf), out_path.resolve().parent)
            report["pdf"] = str(Path(pdf).resolve())
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
