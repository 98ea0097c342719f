"""Choose a reader by content and return one Document.

Placeholder until the format readers land: reads UTF-8 text only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from civicspace.errors import CivicspaceError
from civicspace.read.document import Document, Metadata


def read_file(path: str | Path) -> Document:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise CivicspaceError(f"{path}: {err.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CivicspaceError(f"{path}: not UTF-8 text") from None
    meta = Metadata(sha256=hashlib.sha256(raw).hexdigest(), format="text", path=str(path))
    return Document(text=text, metadata=meta)
