"""Reading a GDELT export as numbered lines (polars), and the one-pass fast hash of a file.

Why lines, not DuckDB's CSV reader: a GDELT export is tab-separated text without quoting, so a row is
exactly one ``\\n``-terminated line. Reading it as one text column per line (polars' CSV reader with a
separator that never occurs, NUL) keeps every line — blank ones, lines with a lone carriage return,
lines of the wrong width, lines that are not UTF-8 — with its true line number (polars numbers rows in
its parallel reader), and never rejects a file for one bad value. Splitting into fields, checking the
width and validating values then happens on the rows that matter:

- under ``--dyad`` a regular expression on the dyad's codes (``\\t(?:UKR|BLR|UP|BO)\\t``) picks the
  candidate lines inside polars' scan (Rust's regex engine, a literal search); a candidate costs
  nothing more than any other line. The exact dyad rule runs afterwards, in SQL, on the candidates;
- without a filter every line is split, in batches (memory does not grow with the file).

Encoding: polars decodes lossily; the hash pass (:func:`fast_hash_and_lines`, the same read that
counts lines) notes each line that is not valid UTF-8 with its raw bytes, and the loader decodes those
as latin-1 (with a note), or quarantines the line when latin-1 gives control characters (bytes
0x80–0x9F: not latin-1 text either).
"""
from __future__ import annotations

import os
from collections.abc import Iterator

CHUNK = 1 << 23  # 8 MiB reads

# latin-1 bytes 0x80-0x9F are C1 control characters: text with them is no latin-1 text either
_C1 = bytes(range(0x80, 0xA0))


def fast_hash_and_lines(path: str | os.PathLike) -> tuple[str, int, dict[int, bytes]]:
    """One read of the file: its xxh3-128 content hash (``xxh3:<hex>``), its line count, and the lines
    that are not valid UTF-8 ({line: raw bytes without the newline})."""
    import xxhash

    h = xxhash.xxh3_128()
    lines = 0
    bad: dict[int, bytes] = {}
    carry = b""
    last = b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            last = chunk[-1:]
            cut = chunk.rfind(b"\n") + 1
            whole = carry + chunk[:cut] if cut else b""
            carry = carry + chunk[cut:] if cut else carry + chunk
            if whole:
                _check_utf8(whole, lines, bad)
                lines += whole.count(b"\n")
    if carry:
        _check_utf8(carry + b"\n", lines, bad)
    if last != b"\n":
        lines += 1  # a last line without a newline
    return "xxh3:" + h.hexdigest(), lines, bad


def _check_utf8(block: bytes, before: int, bad: dict[int, bytes]) -> None:
    try:
        block.decode("utf-8")
        return
    except UnicodeDecodeError:
        pass
    for i, raw in enumerate(block.split(b"\n")[:-1], start=before + 1):  # rare: only blocks that fail
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad[i] = raw.rstrip(b"\r")


def recode(raw: bytes) -> tuple[str | None, str | None]:
    """(text read as latin-1, None), or (None, reason) when it is not latin-1 text either."""
    if any(b in _C1 for b in raw):
        return None, ("not UTF-8, and not latin-1 text either (bytes 0x80-0x9F); "
                      "re-encode the file as UTF-8")
    return raw.decode("latin-1"), None


def scan_lines(path, *, pattern: str | None = None, batch_rows: int = 250_000) -> Iterator:
    """polars DataFrames (line: Int64, text: String) of the file's non-blank lines; only the lines matching
    `pattern` (a regular expression) when one is given. Lines are 1-based file lines."""
    import polars as pl

    lf = pl.scan_csv(path, separator="\x00", has_header=False, new_columns=["text"], schema={"text": pl.String},
                     quote_char=None, row_index_name="line", row_index_offset=1, encoding="utf8-lossy",
                     truncate_ragged_lines=True, comment_prefix=None)
    lf = lf.filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
    if pattern is not None:
        lf = lf.filter(pl.col("text").str.contains(pattern))
    lf = lf.with_columns(pl.col("line").cast(pl.Int64))
    if pattern is not None:  # few rows: one frame
        yield lf.collect()
        return
    yield from lf.collect_batches(chunk_size=batch_rows)


def split_fields(df, names: list[str], bad_utf8: dict[int, bytes]):
    """From (line, text) to (line, _text, _width, _cr, _enc, <names>…): the fields of each line by
    position (a missing field is NULL, an empty one ''), its width, whether it holds a lone carriage
    return, and a reason when its bytes are no readable text. Lines that are not UTF-8 are decoded as
    latin-1 first. Returns (frame, the latin-1 lines)."""
    import polars as pl

    recoded: list[int] = []
    enc = None
    if bad_utf8 and df.height:
        hit = [ln for ln in df["line"].to_list() if ln in bad_utf8]
        if hit:
            texts, reasons = {}, {}
            for ln in hit:
                text, why = recode(bad_utf8[ln])
                texts[ln] = text if text is not None else bad_utf8[ln].decode("latin-1")
                if why:
                    reasons[ln] = why
                else:
                    recoded.append(ln)
            fix = pl.DataFrame({"line": list(texts), "_fixed": list(texts.values()),
                                "_enc": [reasons.get(ln) for ln in texts]},
                               schema={"line": pl.Int64, "_fixed": pl.String, "_enc": pl.String})
            df = df.join(fix, on="line", how="left", maintain_order="left")
            df = df.with_columns(pl.coalesce("_fixed", "text").alias("text")).drop("_fixed")
            enc = pl.col("_enc")
    parts = pl.col("text").str.split("\t")
    df = df.with_columns(parts.alias("_parts"))
    out = df.select(
        "line", pl.col("text").alias("_text"), pl.col("_parts").list.len().cast(pl.Int64).alias("_width"),
        pl.col("text").str.contains("\r", literal=True).alias("_cr"),
        (enc if enc is not None else pl.lit(None, dtype=pl.String)).alias("_enc"),
        *[pl.col("_parts").list.get(i, null_on_oob=True).alias(n) for i, n in enumerate(names)])
    return out, recoded
