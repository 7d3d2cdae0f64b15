"""Hand-built GDELT export rows for tests (format-true: tab-separated, no header, no quoting).

The column order is written out here from GDELT's published codebooks, independently of
dyadwatch.sources.gdelt, so a wrong column mapping in the loader shows up as wrong values in tests.
"""
from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone"]


def names(version: int) -> list[str]:
    """Column names of a GDELT 1.0 (58; 57 without SOURCEURL) or 2.0 (61) event export."""
    geo = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if version == 2 else []) + \
        ["Lat", "Long", "FeatureID"]
    cols = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    cols += [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
    cols += [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo]
    return cols + ["DATEADDED", "SOURCEURL"]


_ids = itertools.count(900_000_000)


def row(version: int = 2, *, width: int | None = None, **fields) -> str:
    """One export line. Unset fields are empty; GLOBALEVENTID, dates and DATEADDED get defaults."""
    cols = names(version)
    values = dict.fromkeys(cols, "")
    values["GLOBALEVENTID"] = str(next(_ids))
    values["SQLDATE"] = "20220115"
    for k, v in fields.items():
        if k not in values:
            raise KeyError(k)
        values[k] = "" if v is None else str(v)
    d = values["SQLDATE"]
    if len(d) == 8 and d.isdigit():
        values["MonthYear"] = values["MonthYear"] or d[:6]
        values["Year"] = values["Year"] or d[:4]
    if not values["DATEADDED"]:
        values["DATEADDED"] = d + ("120000" if version == 2 else "") if d.isdigit() else "20220115"
    out = [values[c] for c in cols]
    width = width or (61 if version == 2 else 58)
    return "\t".join(out[:width] if width <= len(out) else out + [""] * (width - len(out)))


def event(a1: str | None, a2: str | None, code: str, *, quad: int, gold: float, date: str = "20220115",
          loc: str | None = None, url: str | None = "auto", mentions: int = 1, a1type: str | None = None,
          a2type: str | None = None, added: str | None = None, version: int = 2, **extra) -> str:
    """An event between actors of CAMEO countries `a1`, `a2` (None: no actor), located in FIPS `loc`."""
    root = code[:2]
    if url == "auto":
        url = f"https://news.example/{next(_ids)}"
    fields = dict(SQLDATE=date, EventCode=code, EventBaseCode=code[:3], EventRootCode=root, QuadClass=quad,
                  GoldsteinScale=gold, NumMentions=mentions, NumSources=1, NumArticles=mentions, IsRootEvent=1,
                  AvgTone="-1.5", SOURCEURL=url, DATEADDED=added or "")
    if a1:
        fields.update(Actor1Code=a1 + (a1type or ""), Actor1Name=f"{a1} ACTOR", Actor1CountryCode=a1,
                      Actor1Type1Code=a1type)
    if a2:
        fields.update(Actor2Code=a2 + (a2type or ""), Actor2Name=f"{a2} ACTOR", Actor2CountryCode=a2,
                      Actor2Type1Code=a2type)
    if loc:
        fields.update(ActionGeo_Type=1, ActionGeo_FullName=f"Place in {loc}", ActionGeo_CountryCode=loc,
                      ActionGeo_ADM1Code=loc, ActionGeo_Lat="50.0", ActionGeo_Long="28.0",
                      ActionGeo_FeatureID=loc)
    fields.update(extra)
    return row(version, **fields)


def write(path: Path, lines: list[str], *, zip_name: str | None = None) -> Path:
    """Write lines (newline-terminated) to `path`, or to a zip archive holding one member."""
    text = "".join(line + "\n" for line in lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    if zip_name:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(zip_name, text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
