"""Reading documents: .txt/.md, .html (tags stripped, offsets mapped), .pdf (text layer), ``-`` (stdin).

Inputs larger than :data:`MAX_BYTES` (5 MB of text, about 2,000 pages) are refused with ``TooLargeError``.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from dyadwatch.errors import FormatError, InputError, TooLargeError

from .model import Document

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


def ensure_size(data: str | bytes, what: str = "input") -> None:
    n = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if n > MAX_BYTES:
        raise TooLargeError(f"{what} is {n / 1e6:.1f} MB; the claim checker reads at most "
                            f"{MAX_BYTES / 1e6:.1f} MB ({MAX_BYTES} bytes)",
                            hint="split the document into parts and check each")


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FormatError(f"not UTF-8 text (byte {e.start})", file=path,
                          hint="convert it to UTF-8, e.g. iconv -f cp1252 -t utf-8") from None


class _Stripper(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "table",
             "ul", "ol", "blockquote", "header", "footer", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.parts: list[tuple[str, int]] = []    # (text, offset in source)
        self.skip = 0
        self._line_starts: list[int] = []

    def feed_with_offsets(self, src: str):
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", src)]
        self.src = src
        self.feed(src)
        self.close()

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append(("\n\n", self._pos()))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCK:
            self.parts.append(("\n\n", self._pos()))

    def handle_data(self, data):
        if not self.skip:
            self.parts.append((data, self._pos()))

    def handle_entityref(self, name):
        if not self.skip:
            self.parts.append((html.unescape(f"&{name};"), self._pos()))

    def handle_charref(self, name):
        if not self.skip:
            self.parts.append((html.unescape(f"&#{name};"), self._pos()))


def html_to_text(src: str) -> tuple[str, list[int]]:
    """Plain text of an HTML document and, for every text offset, the offset in the markup."""
    st = _Stripper()
    st.feed_with_offsets(src)
    chunks, offsets = [], []
    for data, pos in st.parts:
        if data == "\n\n":
            if chunks and chunks[-1].endswith("\n\n"):
                continue
            chunks.append("\n\n")
            offsets.extend([pos, pos])
            continue
        chunks.append(data)
        if len(data) == len(src[pos:pos + len(data)]) and src[pos:pos + len(data)] == data:
            offsets.extend(range(pos, pos + len(data)))
        else:                                     # an entity: every char maps to its start
            offsets.extend([pos] * len(data))
    text = "".join(chunks)
    offsets.append(len(src))
    return text, offsets


def pdf_text(raw: bytes, path: str) -> str:
    try:
        import io

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover - pypdf is a dependency
        raise InputError("reading PDF needs pypdf", hint="pip install pypdf") from e
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [(p.extract_text() or "") for p in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise FormatError(f"not a readable PDF ({e})", file=path) from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise FormatError("the PDF has no text layer", file=path, hint="run OCR first (e.g. ocrmypdf)")
    return text


def read_path(path: str) -> Document:
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        ensure_size(raw, "stdin")
        return Document(text=_decode(raw, "<stdin>"), path="-")
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {path}")
    if p.is_dir():
        raise InputError(f"{path} is a directory", hint="give a .txt, .md, .html or .pdf file")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'!r} for {path}",
                         hint="give a .txt, .md, .html or .pdf file, or - for stdin")
    size = p.stat().st_size
    if size > MAX_BYTES and suffix != ".pdf":
        raise TooLargeError(f"{path} is {size / 1e6:.1f} MB; the claim checker reads at most "
                            f"{MAX_BYTES / 1e6:.1f} MB", hint="split the document into parts and check each")
    raw = p.read_bytes()
    if suffix == ".pdf":
        text = pdf_text(raw, path)
        ensure_size(text, path)
        return Document(text=text, path=path)
    text = _decode(raw, path)
    if suffix in (".html", ".htm"):
        text, offsets = html_to_text(text)
        return Document(text=text, path=path, source_offsets=offsets)
    return Document(text=text, path=path)


def document_date(text: str) -> str | None:
    """The document's date: the first full date in its first 1,500 characters (ISO, DD.MM.YYYY, or a day and
    month name in English, German, Russian or Ukrainian; see :func:`dyadwatch.periods.find_date`)."""
    from dyadwatch.periods import find_date
    return find_date(text)


def parse_date(s: str) -> str:
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise InputError(f"bad --date {s!r}", hint="use YYYY-MM-DD, e.g. 2024-05-16") from None
