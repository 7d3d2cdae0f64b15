"""Reading a whole GDELT export in bounded chunks (unfiltered ingest): polars' CSV reader where a chunk is
clean, the exact line reader where it is not.

A chunk (cut at a newline) is *clean* when it holds no carriage return, NUL or SUB byte, decodes as UTF-8,
every line has exactly 61 fields and no line is blank. Then polars' multi-threaded CSV reader parses it
(tab-separated, no quoting, only the fields the loader uses, all as strings) and row ``i`` of the result is
line ``first + i``. Cleanliness is checked on bytes, cheaply: the chunk's tab count must be 60 per line and
no row may have an empty SOURCEURL (a short line has none, and with the total right no line can then be
long); any doubt sends the chunk to the exact reader
(``gdelt_lines``: numbered lines, split in polars, widths, lone carriage returns, NUL and encodings
checked per line), which gives the same rows and reasons, only slower. GDELT 1.0 files (57 and 58 fields
side by side) always take the exact reader.

Memory: at most ``threads + 1`` chunks are read ahead; each yields one frame of strings.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator

THREADS = 2
# bytes read at a time, at most: 8 MB chunks (about 27,000 rows) cost the same CPU as 16 MB ones and kept the
# unfiltered ingest's peak at 460 MB instead of 580 MB (1M rows; three chunks are parsed or read ahead)
CHUNK = 8 << 20


def chunks(path: str | os.PathLike, names: list[str], fields: list[str], *, version: int, chunk_bytes: int,
           threads: int = THREADS) -> Iterator[tuple]:
    """(frame, (raw_of, recoded)) per chunk, in file order, and at the end a last item (None, (lines,
    bad_utf8)): the line count and {line: raw bytes} of the lines that are not UTF-8. The frame has
    ``line`` (1-based file line) and the `fields` as strings, plus ``_text``, ``_width``, ``_cr``, ``_nul``,
    ``_enc`` when it came from the exact reader; ``raw_of(lines)`` gives the raw text of the given lines
    of that chunk; ``recoded`` the lines read as latin-1."""
    from concurrent.futures import ThreadPoolExecutor

    pending: deque = deque()
    lines = 0
    bad: dict[int, bytes] = {}
    with open(path, "rb") as f, ThreadPoolExecutor(max(1, threads)) as pool:
        offset = 0
        while True:
            f.seek(offset)
            block = f.read(chunk_bytes)
            if not block:
                break
            eof = len(block) < chunk_bytes
            cut = len(block) if eof else block.rfind(b"\n") + 1
            while not cut:  # one line longer than a chunk: read on to its end
                more = f.read(chunk_bytes)
                block += more
                eof = not more
                cut = len(block) if eof else block.rfind(b"\n") + 1
            block = block[:cut] if cut < len(block) else block
            offset += cut
            pending.append(pool.submit(_read_chunk, block, names, fields, version))
            while len(pending) > max(1, threads):
                out = pending.popleft().result()
                yield _numbered(out, lines, bad)
                lines += out[0]
            if eof:
                break
        while pending:
            out = pending.popleft().result()
            yield _numbered(out, lines, bad)
            lines += out[0]
    yield None, (lines, bad)


def _numbered(out, before: int, bad: dict):
    import polars as pl

    count, frame, block, raw_bad, recoded = out
    frame = frame.with_columns(pl.col("line") + before)
    bad.update({before + i: raw for i, raw in raw_bad.items()})

    def raw_of(wanted) -> dict[int, str]:
        parts = block.split(b"\n")
        return {ln: parts[ln - before - 1].rstrip(b"\r").decode("utf-8", "replace") for ln in wanted}
    return frame, (raw_of, [before + ln for ln in recoded])


def _read_chunk(block: bytes, names: list[str], fields: list[str], version: int):
    """(lines in the block, frame with 1-based chunk lines, the block, {chunk line: raw} not UTF-8)."""
    import polars as pl

    if version == 2 and not any(c in block for c in (b"\r", b"\x00", b"\x1a")):
        import numpy as np

        data = np.frombuffer(block, dtype=np.uint8)
        count = int(np.count_nonzero(data == 10)) + (1 if block and block[-1:] != b"\n" else 0)
        tabs = int(np.count_nonzero(data == 9))
        if tabs == (len(names) - 1) * count:
            try:
                frame = pl.scan_csv(block, separator="\t", has_header=False, quote_char=None,
                                    schema={n: pl.String for n in names}, empty_string_is_null=True,
                                    comment_prefix=None, encoding="utf8", row_index_name="line",
                                    row_index_offset=1, raise_if_empty=False).select("line", *fields).collect()
            except Exception as exc:  # invalid UTF-8 (or anything polars refuses): the exact reader decides
                if type(exc).__module__.split(".")[0] != "polars":
                    raise
                frame = None
            if frame is not None and frame.height == count and not frame["SOURCEURL"].is_null().any():
                return count, frame.with_columns(pl.col("line").cast(pl.Int64)), block, {}, []
    return _exact(block, names, fields)


def _exact(block: bytes, names: list[str], fields: list[str]):
    from dyadwatch.sources.gdelt_lines import _parse_chunk, split_fields

    count, df, raw_bad = _parse_chunk(block)
    frame, recoded = split_fields(df, names, raw_bad, set(fields))
    return count, frame, block, raw_bad, recoded
