"""Choose a reader by content and return one Document.

Every reader hands back text and blocks; the parts every format shares (sources,
footnote markers, metadata) are found here once, on that text.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from civicspace.errors import CivicspaceError
from civicspace.read import docx, html, pdf, sniff, text
from civicspace.read.document import Document, Metadata
from civicspace.read.meta import metadata_of
from civicspace.read.sources import footnotes_of, sources_of, sources_start

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
READERS: dict[str, Callable[..., Document]] = {
    "text": text.read_text,
    "html": html.read_html,
    "pdf": pdf.read_pdf,
    "docx": docx.read_docx,
}


def max_bytes_setting() -> int:
    """CIVICSPACE_MAX_BYTES, else 100 MB: the largest file any reader accepts."""
    value = os.environ.get("CIVICSPACE_MAX_BYTES")
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return int(value)
    except ValueError:
        raise CivicspaceError(f"CIVICSPACE_MAX_BYTES: not a number of bytes: {value!r}") from None


def read_file(path: str | Path, max_bytes: int | None = None) -> Document:
    path = Path(path)
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CivicspaceError(f"{path}: is a directory")
        if size > limit:
            raise CivicspaceError(f"{path}: file of {size} bytes is over the size limit of {limit} bytes")
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as err:
        raise CivicspaceError(f"{path}: {err.strerror or err}") from None
    doc = read_bytes(raw, str(path), max_bytes=limit)
    doc.metadata.path = str(path)
    return doc


def read_bytes(data: bytes, name: str = "<bytes>", max_bytes: int | None = None) -> Document:
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    if len(data) > limit:
        raise CivicspaceError(f"{name}: file of {len(data)} bytes is over the size limit of {limit} bytes")
    if not data.strip():
        raise CivicspaceError(f"{name}: empty file")
    kind = sniff.format_of(data)
    if kind == "zip":
        raise CivicspaceError(f"{name}: a zip archive that is not a Word document")
    return read_as(kind, data, name, max_bytes=limit)


def read_as(kind: str, data: bytes, name: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read with the reader for `kind` ("text", "html", "pdf", "docx"); any failure is a CivicspaceError."""
    try:
        doc = docx.read_docx(data, name, max_bytes=max_bytes) if kind == "docx" else READERS[kind](data, name)
    except CivicspaceError:
        raise
    except RecursionError:
        raise CivicspaceError(f"{name}: {kind} nested too deeply to read") from None
    except Exception as err:  # a damaged file fails deep inside a parsing library, in any way
        raise CivicspaceError(f"{name}: unreadable {kind}: {type(err).__name__}: {str(err)[:200]}") from None
    if not doc.text.strip():
        hint = " (scanned pages need OCR first)" if kind == "pdf" else ""
        raise CivicspaceError(f"{name}: no text found in this {kind} file{hint}")
    return finished(doc, data, kind)


def finished(doc: Document, data: bytes, kind: str) -> Document:
    """Sources, footnote markers and metadata, found the same way whatever the format."""
    doc.sources = doc.sources or sources_of(doc.blocks)
    start = sources_start(doc.blocks)
    end = doc.blocks[start].start if start is not None else len(doc.text)
    doc.footnotes = doc.footnotes or footnotes_of(doc.text, end, doc.sources, doc.boilerplate)
    base = doc.metadata if doc.metadata else Metadata()
    base.sha256 = hashlib.sha256(data).hexdigest()
    base.format = kind
    doc.metadata = metadata_of(doc.text, doc.blocks, base)
    return doc
