"""The exact line reader of a GDELT export (numbered lines split into fields, in polars), and the one-pass
fast hash of a file.

A GDELT export is tab-separated text without quoting, so a row is exactly one ``\\n``-terminated line.
Reading a block as one text column per line (polars' CSV reader with a separator that never occurs, NUL)
keeps every line — blank ones, lines with a lone carriage return, lines of the wrong width, lines that
are not UTF-8 — with its true line number, and never rejects a file for one bad value;
:func:`split_fields` then gives each line's fields, width and oddities. The pre-scan (``gdelt_scan``)
and the chunk reader (``gdelt_chunks``) hand their lines here whenever bytes need a close look.

Encoding: polars decodes lossily; the readers note each line that is not valid UTF-8 with its raw bytes
(as :func:`fast_hash_and_lines` does for a whole file), and :func:`split_fields` decodes those as latin-1
(with a note), or quarantines the line when latin-1 gives control characters (bytes 0x80–0x9F: not
latin-1 text either).
"""
from __future__ import annotations

import os

CHUNK = 1 << 23  # 8 MiB reads
MAP_WINDOW = 1 << 24  # fast_digest maps 16 MiB at a time

# latin-1 bytes 0x80-0x9F are C1 control characters: text with them is no latin-1 text either
_C1 = bytes(range(0x80, 0xA0))


def fast_hash_and_lines(path: str | os.PathLike) -> tuple[str, int, dict[int, bytes]]:
    """One read of the file: its xxh3-128 content hash (``xxh3:<hex>``), its line count, and the lines
    that are not valid UTF-8 ({line: raw bytes without the newline}). The UTF-8 check decodes whole
    lines only (a chunk's partial last line is carried over), so a character split by a chunk boundary is
    never taken for a bad one."""
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
            first = chunk.find(b"\n") + 1
            if not first:
                carry += chunk
                continue
            cut = chunk.rfind(b"\n") + 1
            if chunk.isascii() and carry.isascii():  # ASCII is UTF-8: nothing to decode (the common case)
                lines += chunk.count(b"\n")
                carry = chunk[cut:]
                continue
            _check_utf8(carry + chunk[:first], lines, bad)      # the line that straddles the boundary
            lines += 1
            view = memoryview(chunk)[first:cut]
            _check_utf8(view, lines, bad)
            lines += chunk.count(b"\n", first, cut)
            carry = chunk[cut:]
    if carry:
        _check_utf8(carry + b"\n", lines, bad)
    if last != b"\n":
        lines += 1  # a last line without a newline
    return "xxh3:" + h.hexdigest(), lines, bad


def fast_digest(path: str | os.PathLike) -> str:
    """The same content hash as :func:`fast_hash_and_lines`, alone (confirming a file known by its key, or
    the hash ``ingest gdelt --dyad`` needs before its scan ends). The file is mapped a window at a time,
    not read: the hash runs over the page cache without copying it (1M rows, 289 MB: about 0.02 s of CPU
    against 0.06–0.08 s for reads into buffers; see docs/events-benchmark.md, round 4), and each window is
    unmapped before the next so the mapped pages never count as this process's memory."""
    import mmap

    import xxhash

    h = xxhash.xxh3_128()
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        step = MAP_WINDOW - MAP_WINDOW % mmap.ALLOCATIONGRANULARITY
        off = 0
        while off < size:
            try:
                m = mmap.mmap(f.fileno(), min(step, size - off), offset=off, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # not mappable (a special file): read the rest
                f.seek(off)
                while chunk := f.read(CHUNK):
                    h.update(chunk)
                break
            with m:
                h.update(m)
            off += step
    return "xxh3:" + h.hexdigest()


def _check_utf8(block, before: int, bad: dict[int, bytes]) -> None:
    import codecs

    try:
        codecs.utf_8_decode(block, "strict", True)
        return
    except UnicodeDecodeError:
        pass
    for i, raw in enumerate(bytes(block).split(b"\n")[:-1], start=before + 1):  # rare: only blocks that fail
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


SCAN_CHUNK = 16 << 20  # bytes of the file read at a time: memory stays flat whatever the file size


def chunk_for_limit(limit: str | None) -> int:
    """Chunk size under a memory limit such as '768MB' (DYADWATCH_MEMORY_LIMIT): the readers hold at most
    three chunks (gdelt_scan, gdelt_chunks), each several times over while it is parsed (bytes, fields,
    typed columns), and DuckDB has the limit for itself as well, so a chunk is 1/48 of the limit, between
    1 and 16 MB."""
    import re

    m = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]?)I?B?\s*", (limit or "").upper())
    if not m:
        return SCAN_CHUNK
    size = float(m.group(1)) * 1024 ** " KMGT".index(m.group(2) or " ")
    return int(min(SCAN_CHUNK, max(1 << 20, size / 48)))


def _parse_chunk(block: bytes):
    """(rows in the block, its non-blank lines numbered from 1, {line: raw bytes} of those not UTF-8)."""
    import polars as pl

    if b"\x00" in block:  # NUL is the reader's separator: a NUL in the data becomes SUB (quarantined as such)
        block = block.replace(b"\x00", b"\x1a")
    df = pl.read_csv(block, separator="\x00", has_header=False, new_columns=["text"], schema={"text": pl.String},
                     quote_char=None, row_index_name="line", row_index_offset=1, encoding="utf8-lossy",
                     truncate_ragged_lines=True, extra_columns="ignore", comment_prefix=None)
    height = df.height
    keep = pl.col("text").is_not_null() & (pl.col("text") != "")
    df = df.filter(keep).with_columns(pl.col("line").cast(pl.Int64))
    raw_bad: dict[int, bytes] = {}
    if df.height:
        lossy = df.filter(pl.col("text").str.contains("\ufffd", literal=True))["line"].to_list()
        if lossy:
            raw_lines = block.split(b"\n")
            for ln in lossy:
                raw = raw_lines[ln - 1].rstrip(b"\r")
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    raw_bad[ln] = raw
    return height, df, raw_bad


def split_fields(df, names: list[str], bad_utf8, keep: set[str] | None = None):
    """From (line, text) to (line, _text, _width, _cr, _enc, <names>…): the fields of each line by
    position (a missing field is NULL, an empty one ''), its width, whether it holds a lone carriage
    return, and a reason when its bytes are no readable text. Lines that are not UTF-8 are decoded as
    latin-1 first (`bad_utf8`: {line: raw bytes}). Only the fields named in
    `keep` are returned (all by default). Returns (frame, the latin-1 lines)."""
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
        pl.col("text").str.contains("\x1a", literal=True).alias("_nul"),
        (enc if enc is not None else pl.lit(None, dtype=pl.String)).alias("_enc"),
        *[pl.col("_parts").list.get(i, null_on_oob=True).alias(n) for i, n in enumerate(names)
          if keep is None or n in keep])
    return out, recoded
