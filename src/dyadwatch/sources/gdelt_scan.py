"""The byte-level pre-scan behind ``ingest gdelt --dyad``: one read of the file finds the few lines that can
touch the dyad, hashes the file and counts its lines; only those lines are ever decoded, split and checked.

A GDELT export is tab-separated text without quoting, so a row is exactly one ``\\n``-terminated line, and
a country code in a row is a whole field: ``\\tBO\\t``. The dyad rule (``event_rows.dyad_sql``, with the
location compared as FIPS) keeps a row only when

- both actors are the two countries (so the line holds both CAMEO codes), or
- an actor is one country and the action is located in the other, or a third party acts in either
  (so the line holds one of the two FIPS location codes).

A line is therefore a *candidate* when it holds a FIPS code of either country as a whole field, or both
countries' CAMEO codes as whole fields. That is a superset of the kept rows, decided on bytes alone; the
exact rule runs later, in SQL, on the candidates.

How a chunk is searched (:func:`_search_chunk`, on worker threads: numpy, Arrow and polars release the
GIL): numpy finds the newline offsets, which number the lines and bound them; those offsets and the chunk's
bytes become an Arrow binary array of lines without copying; polars looks for each code in every line
with a SIMD substring search (``bin.contains``), the second CAMEO code only in the lines holding the first.
The reading thread reads the file in 4 MB chunks (:data:`CHUNK`: cache-sized, each is passed over several
times) into a small ring of reused buffers (memory is flat in the file size) and feeds each chunk, in
order, to the xxh3-128 hash (the same digest as ``gdelt_lines.fast_hash_and_lines``), so the hash and the
line count come from the same read as the search.

The candidates leave the workers already decoded (one polars cast per chunk). With a ``sink`` (what
``ingest gdelt --dyad`` passes) they are handed over in slices while the scan goes on (small ones in the
file's last stretch), and :func:`fields` splits a slice into the fields the checks use (polars' CSV reader
when every line is clean). ``ingest gdelt --dyad`` hashes the file itself, before the scan has gone far
(``hashing=False`` here), so that each slice can be stored as it comes.

Measured on 1M generated rows (289 MB, page cache, load 0.1–2; see docs/events-benchmark.md): Python's
``bytes.find`` searches about 1.2 GB/s per code (0.24 s per code, one core), Arrow's ``match_substring``
0.5 s per code; numpy's newline offsets 0.09 s and polars' ``bin.contains`` 0.05 s per code, both off the
GIL, so the whole pre-scan takes 0.16–0.27 s on two threads (0.40–0.48 s of CPU; the polars script
0.4 s and 0.7 s).
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field

SCAN_THREADS = 2
CHUNK = 4 << 20  # bytes per chunk: each is passed over five times, so it should stay in the CPU's cache
SLICE_LINES = 16_384  # candidate lines handed to a sink at a time (see scan)
END_SLICE_LINES = 1_024  # … and in the file's last stretch (END_BYTES), where what is left at the end is serial
END_BYTES = 8 * CHUNK  # the file's last stretch (a fixed size: what is left at the end does not grow with the file)
VECTOR_DECODE = 128  # a chunk with at least this many candidates decodes them in polars, fewer in Python


@dataclass
class Candidates:
    """What the pre-scan found: the candidate lines as a polars frame (line: Int64, text: String, decoded
    lossily; NUL shown as SUB), the raw bytes of those among them that are not UTF-8, the file's digest
    (``xxh3:<hex>``) and its line count."""
    frame: object
    bad_utf8: dict[int, bytes] = field(default_factory=dict)
    digest: str = ""
    lines: int = 0


def needles(dyad) -> tuple[list[bytes], list[bytes]]:
    """(any, both): a line is a candidate when it holds one of `any` or all of `both` as whole fields.
    `any` are the two countries' FIPS codes (the action's location), `both` their CAMEO codes (or ISO3 where
    a country has no CAMEO code), exactly the codes ``gdelt._geo_patch(dyad_sql(...))`` compares."""
    any_ = [f"\t{c}\t".encode() for c in sorted({dyad.a.fips, dyad.b.fips} - {None, ""})]
    both = [f"\t{c}\t".encode() for c in (dyad.a.cameo or dyad.a.iso3, dyad.b.cameo or dyad.b.iso3)]
    return any_, both


def scan(path: str | os.PathLike, any_: list[bytes], both: list[bytes], *, chunk_bytes: int,
         threads: int = SCAN_THREADS, sink=None, slice_lines: int | None = None,
         hashing: bool = True, stop=None) -> Candidates:
    """Read `path` once: hash it, count its lines, return its candidate lines (see the module docstring).
    At most ``threads + 1`` chunks are in memory at a time, each in a reused buffer; a line longer than a
    chunk grows that buffer to hold it.

    With `sink`, the candidate lines are not returned (the frame is empty) but handed, in file order, to
    ``sink(frame, bad_utf8, end)`` in slices of about `slice_lines` lines while the scan goes on, on a thread of
    its own (one: the slices arrive in order): the caller splits and checks one slice while this thread
    reads and the workers search the next chunks (the two cores are rarely both busy with the search
    alone). At most two slices of candidate text are held at a time. In the file's last stretch
    (:data:`END_BYTES`; `end` is then True) slices are handed at :data:`END_SLICE_LINES` lines, so that what
    is left to split and check once the last chunk is searched is small. An error of the sink is raised here
    (and ends the scan at the next slice).

    `hashing=False`: the caller hashes the file itself (``ingest gdelt --dyad`` does, on a thread of its own
    before the scan has gone far, so that its sink can store rows while the scan goes on); the digest is "".
    `stop`: a callable asked before each chunk is read; when it returns true the scan ends there (the
    counts and candidates are then those of the part read: the caller found it need not read on)."""
    from concurrent.futures import ThreadPoolExecutor

    import polars as pl
    import xxhash

    slice_lines = slice_lines or SLICE_LINES
    end_lines = min(slice_lines, END_SLICE_LINES)
    size = os.stat(path).st_size
    end_at = size - END_BYTES  # bytes searched from which the last stretch begins
    searched = 0
    h = xxhash.xxh3_128()
    ring = [bytearray(chunk_bytes) for _ in range(max(1, threads) + 1)]
    pending: deque = deque()
    parts, bad = [], {}
    lines = 0

    held = 0  # candidate lines in `parts`
    handed: deque = deque()  # the sink's calls not yet finished

    def joined():
        """The candidates collected so far as one frame (one construction per slice, not per chunk)."""
        import numpy as np

        if not parts:
            return pl.DataFrame(schema={"line": pl.Int64, "text": pl.String})
        return pl.DataFrame({"line": np.concatenate([n for n, _ in parts]),
                             "text": pl.concat([t for _, t in parts])}, schema={"line": pl.Int64, "text": pl.String})

    def hand(frame) -> None:
        while handed:  # the previous slice is finished first: at most two slices in memory
            handed.popleft().result()
        handed.append(sinker.submit(sink, frame, dict(bad), searched >= end_at))

    def collect(fut) -> None:
        nonlocal lines, held, parts, searched
        count, local, texts, raw_bad, nbytes = fut.result()
        searched += nbytes
        if len(local):
            parts.append((local + (lines + 1), texts))
            held += len(local)
        for i, raw in raw_bad.items():
            bad[lines + 1 + i] = raw
        lines += count
        if sink is not None and held >= (end_lines if searched >= end_at else slice_lines):
            frame = joined()
            parts, held = [], 0
            hand(frame)

    with open(path, "rb", buffering=0) as f, ThreadPoolExecutor(max(1, threads)) as pool, \
            ThreadPoolExecutor(1) as sinker:
        carry, slot, eof = 0, 0, False   # carry: bytes of an unfinished line at the start of the buffer
        while not eof:
            if stop is not None and stop():
                break
            buf = ring[slot]
            end = carry
            while end < len(buf):
                got = f.readinto(memoryview(buf)[end:])
                if not got:
                    eof = True
                    break
                end += got
            cut = end if eof else buf.rfind(b"\n", 0, end) + 1
            if not cut:
                if eof:
                    break  # nothing left (an empty file, or it ended at the previous chunk's newline)
                carry = end  # one line longer than the buffer: grow it and read on
                buf.extend(bytes(len(buf)))
                continue
            view = memoryview(buf)[:cut]
            if hashing:
                h.update(view)
            pending.append(pool.submit(_search_chunk, view, any_, both))
            del view
            while len(pending) > len(ring) - 1:
                collect(pending.popleft())  # the next buffer is free once its chunk was searched
            slot = (slot + 1) % len(ring)
            carry = end - cut
            if carry:
                nxt = ring[slot]
                if carry > len(nxt):
                    nxt.extend(bytes(carry - len(nxt)))
                nxt[:carry] = memoryview(buf)[cut:end]
        while pending:
            collect(pending.popleft())
        frame = joined()
        parts = []
        if sink is not None:
            if frame.height:
                hand(frame)
            while handed:
                handed.popleft().result()
            frame = frame.clear()
    return Candidates(frame, bad, "xxh3:" + h.hexdigest() if hashing else "", lines)


def _search_chunk(view: memoryview, any_: list[bytes], both: list[bytes]):
    """(lines in the chunk, 0-based indexes of the candidate lines, their text, {index: raw bytes} of
    those that are not UTF-8, the chunk's size in bytes). The chunk ends at a newline, or at the file's end."""
    import numpy as np
    import polars as pl
    import pyarrow as pa

    data = np.frombuffer(view, dtype=np.uint8)
    nl = np.flatnonzero(data == 10)
    count = len(nl) + (1 if len(data) and data[-1] != 10 else 0)
    offsets = np.empty(count + 1, dtype=np.int32)
    offsets[0] = 0
    offsets[1:len(nl) + 1] = nl + 1
    if count > len(nl):
        offsets[-1] = len(data)
    arr = pa.BinaryArray.from_buffers(pa.binary(), count, [None, pa.py_buffer(offsets), pa.py_buffer(view)])
    s = pl.from_arrow(arr)
    hit = None
    for n in any_:
        m = s.bin.contains(n)
        hit = m if hit is None else hit | m
    first = s.bin.contains(both[0])
    idx_first = first.arg_true()
    if len(idx_first):
        pair = s.gather(idx_first)
        for n in both[1:]:
            pair_hit = pair.bin.contains(n)
            idx_first = idx_first.filter(pair_hit)
            pair = pair.filter(pair_hit)
    idx = hit.arg_true() if hit is not None else pl.Series(dtype=pl.UInt32)
    if len(idx_first):
        idx = pl.concat([idx, idx_first]).unique().sort()
    local = idx.cast(pl.Int64).to_numpy()
    if not len(local):
        return count, local, None, {}, len(data)
    raw = s.gather(idx)  # copied out of the chunk's buffer (which is reused)
    if len(local) >= VECTOR_DECODE:
        try:  # all UTF-8 (nearly always): decoded, line end cut and NUL shown as SUB, in polars
            texts = raw.cast(pl.String).str.strip_suffix("\n").str.strip_suffix("\r")
            return count, local, texts.str.replace_all("\x00", "\x1a", literal=True), {}, len(data)
        except pl.exceptions.ComputeError:  # invalid UTF-8 somewhere: line by line, keeping the raw bytes
            pass
    # few candidates (a Python loop is cheaper than four polars calls), or a line that is not UTF-8
    texts, raw_bad = [], {}
    for i, b in zip(local.tolist(), raw.to_list()):
        b = b[:-1] if b.endswith(b"\n") else b
        b = b[:-1] if b.endswith(b"\r") else b
        if b"\x00" in b:  # shown as SUB, and quarantined as such (as the line reader did)
            b = b.replace(b"\x00", b"\x1a")
        try:
            texts.append(b.decode("utf-8"))
        except UnicodeDecodeError:
            raw_bad[i] = b
            texts.append(b.decode("utf-8", "replace"))
    return count, local, pl.Series(texts, dtype=pl.String), raw_bad, len(data)

def fields(lines, names: list[str], bad_utf8: dict[int, bytes], keep: set[str]):
    """The candidate lines (line, text) split into fields: (frame, lines read as latin-1), as
    ``gdelt_lines.split_fields`` gives them. When every line is clean — UTF-8, no carriage return, NUL or
    SUB, exactly ``len(names)`` fields, a SOURCEURL — polars' CSV reader parses their text, only the `keep`
    fields (no list of all 61 parts per line: 0.01 s instead of 0.03 s for 20,000 lines, and a third of
    the memory); otherwise, or when the reader refuses, the exact splitter decides. Empty fields are NULL
    on the fast path and '' on the exact one; the checks read both alike (``gdelt_typed``)."""
    import polars as pl

    from dyadwatch.sources.gdelt_lines import split_fields

    text = lines.get_column("text")
    clean = bool(lines.height) and not (bad_utf8 and lines.get_column("line").is_in(list(bad_utf8)).any())
    if clean:
        odd = text.str.contains(r"[\r\x1a]") | (text.str.count_matches("\t", literal=True) != len(names) - 1)
        clean = not odd.any()
    if clean:
        wanted = [n for n in names if n in keep]
        try:
            frame = pl.scan_csv(text.str.join("\n").item().encode(), separator="\t", has_header=False,
                                quote_char=None, schema={n: pl.String for n in names}, empty_string_is_null=True,
                                comment_prefix=None, encoding="utf8", raise_if_empty=False).select(wanted).collect()
        except Exception as exc:  # anything polars refuses: the exact splitter decides
            if type(exc).__module__.split(".")[0] != "polars":
                raise
            frame = None
        if (frame is not None and frame.height == lines.height
                and ("SOURCEURL" not in frame.columns or not frame.get_column("SOURCEURL").is_null().any())):
            return frame.select(pl.Series("line", lines.get_column("line")), pl.Series("_text", text),
                                *wanted), []
    return split_fields(lines, names, bad_utf8, keep)
