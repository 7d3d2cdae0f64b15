"""UN Comtrade: the Comtrade+ API v1 connector and the CSV importers (v1 camelCase and legacy layouts).

Both write rows of the core ``observations`` table: indicator ``exports`` (flow X, valued FOB) or ``imports``
(flow M, valued CIF), reporter = whose records, partner (``WLD`` for world totals), product (HS code or
TOTAL), period (``2021`` or ``2021-02``), value in USD, source_id, vintage and dataset ``comtrade``.
One fetch or one file is one ``sources`` row and one transaction: the store never holds half of either.

API (https://comtradeapi.un.org): ``/public/v1/preview/C/{A|M}/HS`` without a key (at most 500 records per
call), ``/data/v1/get/C/{A|M}/HS`` with a key sent only in the ``Ocp-Apim-Subscription-Key`` header. The
answer is ``{"elapsedTime": ..., "count": n, "data": [{typeCode, freqCode, refPeriodId, refYear, refMonth,
period, reporterCode, reporterISO, flowCode, partnerCode, partnerISO, partner2Code, cmdCode, customsCode,
motCode, primaryValue, cifvalue, fobvalue, isAggregate, ...}], "error": ""}``.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import (EmptyResultError, FetchError, FormatError, InputError, SourceError,
                              read_input)

log = logging.getLogger("dyadwatch.comtrade")

WORLD = "WLD"
DATASET = "comtrade"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
PREVIEW_MAX = 500
FULL_MAX = 250000
PERIODS_PER_CALL = 12
OBS_COLS = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "basis",
            "source_id", "vintage", "known_at", "dataset", "note", "origin"]
FLOW_INDICATOR = {"X": ("exports", "FOB"), "M": ("imports", "CIF")}

# --- v1 columns: what we read, and what we know and leave aside (anything else is reported) ----------
V1_USED = {"freqCode", "period", "refYear", "refMonth", "reporterCode", "reporterISO", "partnerCode",
           "partnerISO", "flowCode", "cmdCode", "primaryValue", "cifvalue", "fobvalue", "partner2Code",
           "customsCode", "motCode"}
V1_KNOWN = {"typeCode", "refPeriodId", "reporterDesc", "flowDesc", "partnerDesc", "partner2ISO",
            "partner2Desc", "classificationCode", "classificationSearchCode", "isOriginalClassification",
            "cmdDesc", "aggrLevel", "isLeaf", "customsDesc", "mosCode", "motDesc", "qtyUnitCode", "qtyUnitAbbr",
            "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty", "isAltQtyEstimated",
            "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "legacyEstimationFlag",
            "isReported", "isAggregate"}
# legacy column -> v1 field
LEGACY_MAP = {"Year": "refYear", "Period": "period", "Trade Flow Code": "flowCode", "Reporter Code": "reporterCode",
              "Reporter ISO": "reporterISO", "Partner Code": "partnerCode", "Partner ISO": "partnerISO",
              "Commodity Code": "cmdCode", "Trade Value (US$)": "primaryValue",
              "CIF Trade Value (US$)": "cifvalue", "FOB Trade Value (US$)": "fobvalue",
              "2nd Partner Code": "partner2Code", "Customs Proc. Code": "customsCode",
              "Mode of Transport Code": "motCode"}
LEGACY_KNOWN = {"Classification", "Period Desc.", "Aggregate Level", "Is Leaf Code", "Trade Flow", "Reporter",
                "Partner", "2nd Partner", "2nd Partner ISO", "Customs", "Mode of Transport", "Commodity",
                "Qty Unit Code", "Qty Unit", "Qty", "Alt Qty Unit Code", "Alt Qty Unit", "Alt Qty",
                "Netweight (kg)", "Gross weight (kg)", "Flag"}
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}


class RecordProblem(ValueError):
    """One record cannot be used (the reason goes to the quarantine)."""


# --- one record -> one observation row ---------------------------------------------------------------
def _iso3(iso: Any, code: Any) -> str:
    text = str(iso or "").strip().upper()
    num = str(code if code is not None else "").strip()
    if text in ("W00", "WLD") or num == "0":
        return WORLD
    if re.fullmatch(r"[A-Z]{3}", text):
        return text
    if num:
        from dyadwatch.countries import lookup
        try:
            return lookup(int(float(num)), "iso_numeric").iso3
        except (KeyError, ValueError):
            raise RecordProblem(f"unknown country code {num!r}") from None
    raise RecordProblem("no country code")


def normalize_period(period: Any, freq: str | None = None) -> str:
    """Comtrade's period (2021, '202102', 202102.0) as dyadwatch's '2021' or '2021-02'."""
    text = str(period).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"\d{4}", text) and freq in (None, "", "A"):
        return text
    if re.fullmatch(r"\d{6}", text) and freq in (None, "", "M") and 1 <= int(text[4:]) <= 12:
        return f"{text[:4]}-{text[4:]}"
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) and freq in (None, "", "M"):
        return text
    raise RecordProblem(f"period {period!r} is not a year (YYYY) or a month (YYYYMM)"
                        + (f" for frequency {freq}" if freq else ""))


def _number(value: Any) -> float | None:
    import math

    if value is None:
        return None
    if isinstance(value, bool):
        raise RecordProblem(f"value {value!r} is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        if text == "" or text.lower() in ("null", "none", "nan", "n/a"):
            return None
        try:
            number = float(text)
        except ValueError:
            raise RecordProblem(f"value {value!r} is not a number") from None
    if not math.isfinite(number):
        raise RecordProblem(f"value {value!r} is not a finite number")
    return number


def _is_total(value: Any, total: set[str]) -> bool:
    text = "" if value is None else str(value).strip()
    return text in total


def to_row(rec: dict[str, Any]) -> tuple | None:
    """A v1-style record as (indicator, reporter, partner, flow, product, period, value, basis), or None when
    the record is out of scope (re-exports, mode-of-transport or customs breakdowns). Raises RecordProblem."""
    flow = str(rec.get("flowCode") or "").strip().upper()
    if flow not in FLOW_INDICATOR:
        if flow in ("RX", "RM", "DX", "FM", "MIP", "XIP", "MOP", "XOP"):
            return None
        raise RecordProblem(f"flowCode {rec.get('flowCode')!r} is not X or M")
    if not _is_total(rec.get("partner2Code"), {"", "0", "0.0"}) or \
            not _is_total(rec.get("motCode"), {"", "0", "0.0"}) or \
            not _is_total(rec.get("customsCode"), {"", "C00"}):
        return None
    indicator, basis = FLOW_INDICATOR[flow]
    reporter = _iso3(rec.get("reporterISO"), rec.get("reporterCode"))
    partner = _iso3(rec.get("partnerISO"), rec.get("partnerCode"))
    product = str(rec.get("cmdCode") or "").strip().upper()
    if product in ("ALL", "0"):
        product = "TOTAL"
    if product != "TOTAL" and not re.fullmatch(r"\d{2,6}", product):
        raise RecordProblem(f"cmdCode {rec.get('cmdCode')!r} is not TOTAL or an HS code")
    freq = str(rec.get("freqCode") or "").strip().upper() or None
    raw_period = rec.get("period")
    if raw_period in (None, ""):
        year, month = rec.get("refYear"), rec.get("refMonth")
        if year in (None, ""):
            raise RecordProblem("no period")
        try:
            raw_period = (f"{int(float(year))}" if month in (None, "", 52, "52")
                          else f"{int(float(year))}{int(float(month)):02d}")
        except (TypeError, ValueError, OverflowError):
            raise RecordProblem(f"refYear {year!r} / refMonth {month!r} is not a year and month") from None
    period = normalize_period(raw_period, freq)
    own = _number(rec.get("fobvalue") if flow == "X" else rec.get("cifvalue"))
    value = own if own is not None else _number(rec.get("primaryValue"))
    if value is None:
        raise RecordProblem("no value (primaryValue, cifvalue and fobvalue are empty)")
    if value < 0:
        raise RecordProblem(f"negative value {value}")
    return (indicator, reporter, partner, flow, product, period, value, basis)


# --- writing -----------------------------------------------------------------------------------------
@dataclass
class Batch:
    """Rows read from one fetch or file, ready to be written in one transaction."""
    rows: list[tuple] = field(default_factory=list)
    quarantine: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, reason, raw)
    skipped: int = 0          # out of scope (re-exports, breakdowns)
    duplicates: int = 0
    read: int = 0
    _seen: set = field(default_factory=set)

    def add(self, rec: dict, line: int | None, raw: str | None = None) -> None:
        self.read += 1
        try:
            row = to_row(rec)
        except RecordProblem as exc:
            self.quarantine.append((line, str(exc), (raw if raw is not None else json.dumps(rec, default=str))[:2000]))
            return
        if row is None:
            self.skipped += 1
            return
        key = row[:6]
        if key in self._seen:
            self.duplicates += 1
            return
        self._seen.add(key)
        self.rows.append(row)

    def digest(self) -> str:
        payload = json.dumps(sorted(self.rows), separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()


def write_batch(store, batch: Batch, *, source: dict, sha256: str, kind: str, path: str | None,
                vintage: str | None, origin: str, extra=None, dataset: str = DATASET) -> None:
    """Write a batch's source row, observations, quarantine and ledger row in ONE transaction."""
    from dyadwatch.curated import SOURCE_COLS

    with store.transaction():
        store.execute("DELETE FROM sources WHERE id = ?", [source["id"]])
        store.insert_rows("sources", SOURCE_COLS, [[source.get(c) if c != "origin" else origin for c in SOURCE_COLS]])
        store.insert_rows("observations", OBS_COLS, [
            [ind, rep, par, flow, prod, per, val, "USD", basis, source["id"], vintage, None, dataset, None, origin]
            for ind, rep, par, flow, prod, per, val, basis in batch.rows])
        store.insert_rows("quarantine", ["ledger_sha256", "kind", "line", "reason", "raw"],
                          [[sha256, kind, line, reason, raw] for line, reason, raw in batch.quarantine])
        store.insert_rows("ingest_ledger", ["sha256", "path", "kind", "rows_read", "rows_kept", "rows_quarantined",
                                            "rows_duplicate", "note"],
                          [[sha256, path, kind, batch.read, len(batch.rows), len(batch.quarantine),
                            batch.duplicates, f"{batch.skipped} out-of-scope records skipped"]])
        if extra:
            extra(store)


# --- CSV files ---------------------------------------------------------------------------------------
@dataclass
class FileResult:
    path: str
    status: str                      # loaded | unchanged
    layout: str | None = None        # v1 | legacy
    rows_read: int = 0
    rows_kept: int = 0
    rows_quarantined: int = 0
    rows_skipped: int = 0
    rows_duplicate: int = 0
    source_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _decode(raw: bytes, name: str, encoding: str) -> str:
    try:
        return raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(f"not {encoding} text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be "
                          "decoded", file=name, line=line,
                          hint="pass --encoding (e.g. latin-1 or cp1251) if the file uses another encoding") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", hint="e.g. utf-8, latin-1, cp1251") from None


def detect_layout(header: Sequence[str], name: str) -> str:
    cols = set(header)
    if {"reporterCode", "flowCode", "cmdCode", "primaryValue"} <= cols:
        return "v1"
    if {"Trade Flow Code", "Reporter Code", "Partner Code", "Commodity Code", "Trade Value (US$)"} <= cols:
        return "legacy"
    raise FormatError("not a Comtrade CSV: the header has neither the v1 columns (reporterCode, flowCode, cmdCode, "
                      "primaryValue …) nor the legacy ones (Trade Flow Code, Reporter Code, Partner Code, Commodity "
                      f"Code, Trade Value (US$) …); it starts {', '.join(list(header)[:6])!s}", file=name, line=1)


def _records(text: str, name: str) -> tuple[str, list[str], Iterator[tuple[int, dict, str]]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FormatError("the file is empty (no header line)", file=name, line=1) from None
    layout = detect_layout(header, name)

    def rows():
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            raw = delimiter.join(row)
            if len(row) != len(header):
                yield line, {"__error__": f"{len(row)} fields where the header has {len(header)}"}, raw
                continue
            rec = dict(zip(header, row))
            if layout == "legacy":
                mapped = {v1: rec.get(col) for col, v1 in LEGACY_MAP.items() if col in rec}
                code = str(mapped.get("flowCode") or "").strip()
                mapped["flowCode"] = LEGACY_FLOWS.get(code, code)
                mapped["freqCode"] = None
                rec = mapped
            yield line, rec, raw
    return layout, header, rows()


def ingest_files(store, paths: Iterable[str | os.PathLike], *, encoding: str = "utf-8") -> list[FileResult]:
    """Ingest Comtrade CSV files (v1 or legacy layout), each in its own transaction; skip known files."""
    results = []
    for p in paths:
        results.append(ingest_file(store, p, encoding=encoding))
    return results


def ingest_file(store, path: str | os.PathLike, *, encoding: str = "utf-8") -> FileResult:
    name = str(path)
    raw = read_input(path, "Comtrade CSV file")
    sha = hashlib.sha256(raw).hexdigest()
    if store.ledger_has(sha, "comtrade-csv"):
        return FileResult(name, "unchanged")
    text = _decode(raw, name, encoding)
    layout, header, rows = _records(text, name)
    used, known = (V1_USED, V1_KNOWN) if layout == "v1" else (set(LEGACY_MAP), LEGACY_KNOWN)
    result = FileResult(name, "loaded", layout)
    unknown = [h for h in header if h not in used and h not in known]
    if unknown:
        result.warnings.append(f"{name}: {len(unknown)} column(s) not used by the importer: {', '.join(unknown)}"
                               " (an upstream schema change?)")
    batch = Batch()
    for line, rec, rawline in rows:
        if "__error__" in rec:
            batch.read += 1
            batch.quarantine.append((line, rec["__error__"], rawline[:2000]))
            continue
        batch.add(rec, line, rawline)
    if not batch.rows and not batch.quarantine:
        raise FormatError("no data rows after the header", file=name, line=2)
    now = _now()
    source = {"id": f"comtrade-file-{sha[:12]}", "title": f"UN Comtrade {layout} CSV file {Path(name).name}",
              "publisher": "United Nations Statistics Division (UN Comtrade)", "url": None, "date": None,
              "retrieved_at": now, "vintage": now,
              "note": f"imported from {Path(name).name} (sha256 {sha}); {batch.read} records read"}
    write_batch(store, batch, source=source, sha256=sha, kind="comtrade-csv", path=str(Path(name).resolve()),
                vintage=now, origin=f"comtrade-file:{sha}")
    result.rows_read, result.rows_kept = batch.read, len(batch.rows)
    result.rows_quarantined, result.rows_skipped, result.rows_duplicate = (len(batch.quarantine), batch.skipped,
                                                                          batch.duplicates)
    result.source_id = source["id"]
    result.quarantine = [{"line": ln, "reason": r} for ln, r, _ in batch.quarantine[:20]]
    if batch.quarantine:
        result.warnings.append(f"{name}: {len(batch.quarantine)} row(s) quarantined, first at line "
                               f"{batch.quarantine[0][0]}: {batch.quarantine[0][1]}")
    for w in result.warnings:
        log.warning(w)
    return result


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# --- the API -----------------------------------------------------------------------------------------
@dataclass
class Query:
    endpoint: str            # preview | full
    path: str                # /public/v1/preview/C/A/HS
    params: dict[str, str]
    reporter: str
    partner: str
    freq: str
    periods: list[str]

    @property
    def key(self) -> str:
        text = self.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class FetchResult:
    status: str                              # loaded | unchanged
    source_id: str | None
    vintage: str | None
    endpoint: str
    requests: int
    records: int
    rows_kept: int
    rows_quarantined: int
    rows_skipped: int
    empty: list[dict] = field(default_factory=list)   # requests that returned no records
    warnings: list[str] = field(default_factory=list)
    cache_dir: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def parse_years(text: str) -> list[int]:
    """'2015-2024' | '2019,2021' | '2022' -> sorted years."""
    years: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", part)
        if not m:
            raise InputError(f"years {text!r}: {part!r} is not YYYY or YYYY-YYYY", hint="e.g. --years 2015-2024")
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        if a > b:
            raise InputError(f"years {text!r}: {a} is after {b}")
        if b - a > 60:
            raise InputError(f"years {text!r}: more than 60 years asked")
        years.update(range(a, b + 1))
    return sorted(years)


def parse_hs(text: str | Sequence[str]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    out = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if code != "TOTAL" and not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
            raise InputError(f"HS code {item!r} must be TOTAL or 2, 4 or 6 digits", hint="e.g. --hs TOTAL,27,31,2716")
        if code not in out:
            out.append(code)
    if not out:
        raise InputError("no HS code given", hint="e.g. --hs TOTAL")
    return out


def plan(reporter: str, partner: str, years: Sequence[int], freq: str = "A", hs: Sequence[str] = ("TOTAL",),
         world: bool = True, keyed: bool = False) -> list[Query]:
    """The requests of a fetch: each reporter's records of its trade with the other (and with the world)."""
    from dyadwatch.countries import lookup

    freq = freq.upper()
    if freq not in ("A", "M"):
        raise InputError(f"frequency {freq!r} must be A (annual) or M (monthly)")
    a, b = lookup(reporter), lookup(partner)
    if a.iso3 == b.iso3:
        raise InputError(f"reporter and partner are the same country ({a.iso3})")
    for c in (a, b):
        if c.iso_numeric is None:
            raise InputError(f"{c.iso3} has no UN M49 numeric code; Comtrade cannot be asked about it")
    endpoint = "full" if keyed else "preview"
    path = (f"/data/v1/get/C/{freq}/HS" if keyed else f"/public/v1/preview/C/{freq}/HS")
    if freq == "A":
        chunks = [[str(y) for y in years[i:i + PERIODS_PER_CALL]] for i in range(0, len(years), PERIODS_PER_CALL)]
    else:
        chunks = [[f"{y}{m:02d}" for m in range(1, 13)] for y in years]
    cmd = ",".join(hs)
    queries = []
    for rep, par in ((a, b), (b, a)):
        partners = f"{par.iso_numeric}" + (",0" if world else "")
        for periods in chunks:
            params = {"reporterCode": str(rep.iso_numeric), "partnerCode": partners, "period": ",".join(periods),
                      "cmdCode": cmd, "flowCode": "M,X", "partner2Code": "0", "customsCode": "C00", "motCode": "0",
                      "maxRecords": str(FULL_MAX if keyed else PREVIEW_MAX), "format": "JSON",
                      "breakdownMode": "classic", "includeDesc": "false"}
            queries.append(Query(endpoint, path, params, rep.iso3, par.iso3, freq, periods))
    return queries


def _check_answer(q: Query, resp) -> list[dict]:
    data = resp.json()
    if not isinstance(data, dict) or "data" not in data:
        raise FetchError(f"{resp.url}: unexpected answer: a JSON object with 'data' was expected, got "
                         f"{type(data).__name__} with keys {sorted(data)[:6] if isinstance(data, dict) else '-'}",
                         url=resp.url, status=resp.status, hint="is DYADWATCH_COMTRADE_URL a Comtrade+ v1 service?")
    error = data.get("error")
    if error:
        raise FetchError(f"{resp.url}: Comtrade reports an error: {str(error)[:300]}", url=resp.url,
                         status=resp.status)
    records = data.get("data")
    if records is None:
        records = []
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FetchError(f"{resp.url}: 'data' is not a list of records", url=resp.url, status=resp.status)
    count = data.get("count")
    if isinstance(count, int) and count > len(records):
        cap = PREVIEW_MAX if q.endpoint == "preview" else FULL_MAX
        raise FetchError(f"{resp.url}: partial answer: {len(records)} of {count} records"
                         + (f" (the {q.endpoint} endpoint returns at most {cap})" if len(records) >= cap else ""),
                         url=resp.url, status=resp.status,
                         hint="narrow the request (fewer years or HS codes) or set COMTRADE_API_KEY for the full endpoint")
    return records


def _span(periods: Sequence[str]) -> str:
    return periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]} ({len(periods)} periods)"


def fetch(store, reporter: str, partner: str, years: str | Sequence[int], *, freq: str = "A",
          hs: str | Sequence[str] = ("TOTAL",), world: bool = True, base_url: str | None = None,
          key: str | None = None, progress: bool = False, timeout: float = 60.0, retries: int = 4,
          backoff: float = 1.0, max_wait: float = 120.0, cache_dir: str | os.PathLike | None = None,
          sleep=None) -> FetchResult:
    """Fetch both countries' records of their trade (both directions) and store them as one vintage.

    All requests are made and checked before anything is written; then the fetch is written in one
    transaction. A fetch whose records equal an earlier one changes nothing ('unchanged'); a fetch with
    different records becomes a new vintage beside the earlier ones."""
    import time

    from dyadwatch import settings
    from dyadwatch.sources import http

    year_list = parse_years(years) if isinstance(years, str) else sorted(set(int(y) for y in years))
    if not year_list:
        raise InputError("no years given", hint="e.g. --years 2015-2024")
    hs_list = parse_hs(hs)
    key = key if key is not None else settings.get("comtrade_key")
    base = (base_url or settings.get("comtrade_url") or "").rstrip("/")
    if not re.match(r"^https?://", base):
        raise InputError(f"Comtrade base URL {base!r} must start with http:// or https://",
                         hint="set DYADWATCH_COMTRADE_URL")
    queries = plan(reporter, partner, year_list, freq, hs_list, world, keyed=bool(key))
    headers = {KEY_HEADER: key} if key else {}
    cache_root = Path(cache_dir) if cache_dir else settings.cache_dir() / "comtrade"
    answers = []
    progress_bar = None
    if progress:
        from rich.progress import Progress
        progress_bar = Progress(transient=True)
    try:
        if progress_bar:
            progress_bar.start()
            task = progress_bar.add_task(f"Comtrade {queries[0].endpoint}", total=len(queries))
        for q in queries:
            resp = http.get(base + q.path, params=q.params, headers=headers, timeout=timeout, retries=retries,
                            backoff=backoff, max_wait=max_wait, secret_headers=(KEY_HEADER,),
                            secrets=(key,) if key else (), sleep=sleep or time.sleep)
            records = _check_answer(q, resp)
            answers.append((q, resp, records))
            if progress_bar:
                progress_bar.advance(task)
    except SourceError as exc:
        if key:
            exc.message = exc.message.replace(key, "***")
            exc.args = (exc.message,)
        raise
    finally:
        if progress_bar:
            progress_bar.stop()

    batch = Batch()
    empty = []
    for q, resp, records in answers:
        seen = {str(r.get("period") or "").removesuffix(".0") for r in records}
        missing = [p for p in q.periods if p not in seen]
        if missing:
            empty.append({"reporter": q.reporter, "partner": q.partner, "periods": missing})
        for i, rec in enumerate(records, start=1):
            batch.add(rec, i)
    if not batch.rows:
        what = "; ".join(f"{e['reporter']} {_span(e['periods'])}" for e in empty) or "all requests"
        raise EmptyResultError(f"Comtrade returned no usable records for {reporter}–{partner} {freq} "
                               f"{year_list[0]}–{year_list[-1]} HS {','.join(hs_list)} (empty: {what}); "
                               "nothing was stored",
                               hint="check the years and codes; Belarus appears to have stopped reporting after 2021")
    warnings = [f"{e['reporter']} reported no trade with {e['partner']} for {_span(e['periods'])}"
                + (" (Belarus appears to have stopped reporting to Comtrade after 2021; use Ukraine's records)"
                   if e["reporter"] == "BLR" and e["periods"][0] >= "2022" else "") for e in empty]
    if batch.quarantine:
        warnings.append(f"{len(batch.quarantine)} record(s) quarantined, e.g. {batch.quarantine[0][1]}")

    sha = batch.digest()
    result = FetchResult("unchanged", None, None, queries[0].endpoint, len(queries), batch.read, len(batch.rows),
                         len(batch.quarantine), batch.skipped, empty, warnings, str(cache_root))
    retrieved = max(resp.retrieved_at for _, resp, _ in answers)
    stamp = re.sub(r"[^0-9T]", "", retrieved.split("+")[0])[:15]
    # cache every raw answer (the key is only ever in a header, and the HTTP layer scrubs it from bodies)
    cache_files = []
    for q, resp, _ in answers:
        folder = cache_root / q.key
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stamp}.json"
        body = json.dumps({"url": resp.url, "endpoint": q.endpoint, "params": q.params,
                           "retrieved_at": resp.retrieved_at, "status": resp.status, "attempts": resp.attempts,
                           "body": resp.text}, ensure_ascii=False)
        target.write_text(body, encoding="utf-8")
        cache_files.append((q, resp, target, hashlib.sha256(resp.text.encode()).hexdigest()))
    if store.ledger_has(sha, "comtrade-api"):
        result.source_id = store.scalar("SELECT id FROM sources WHERE origin LIKE 'comtrade-api:%' AND note LIKE ? "
                                        "ORDER BY vintage DESC LIMIT 1", [f"%{sha}%"])
        return result
    a, b = queries[0].reporter, queries[0].partner
    sid = f"comtrade-api-{a}-{b}-{freq}-{year_list[0]}-{year_list[-1]}-{stamp}".lower()
    source = {"id": sid,
              "title": f"UN Comtrade+ API v1 ({queries[0].endpoint}): {a} and {b} records of their trade, "
                       f"{'annual' if freq.upper() == 'A' else 'monthly'} {year_list[0]}–{year_list[-1]}, "
                       f"HS {','.join(hs_list)}",
              "publisher": "United Nations Statistics Division (UN Comtrade)", "url": base + queries[0].path,
              "date": retrieved[:10], "retrieved_at": retrieved, "vintage": retrieved,
              "note": f"{len(queries)} requests, {batch.read} records, {len(batch.rows)} kept; records sha256 {sha}"
                      + ("; " + "; ".join(warnings) if warnings else "")}

    def index(st):
        st.insert_rows("trade_fetches", ["source_id", "request_key", "url", "endpoint", "reporter", "partner", "freq",
                                         "periods", "status", "records", "cache_path", "sha256", "retrieved_at"],
                       [[sid, q.key, resp.url, q.endpoint, q.reporter, q.partner, q.freq, ",".join(q.periods),
                         resp.status, len(recs), str(path), digest, resp.retrieved_at]
                        for (q, resp, path, digest), (_, _, recs) in zip(cache_files, answers)])

    write_batch(store, batch, source=source, sha256=sha, kind="comtrade-api", path=base + queries[0].path,
                vintage=retrieved, origin=f"comtrade-api:{sid}", extra=index)
    result.status, result.source_id, result.vintage = "loaded", sid, retrieved
    return result

