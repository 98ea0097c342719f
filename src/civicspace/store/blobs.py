"""Original files, kept byte for byte under the sha256 of their content.

Content addressing makes storing idempotent (the same file is kept once however
often it is imported) and lets anyone check that a stored original is the one a
dossier's evidence offsets were computed on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from civicspace.files import write_atomically


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_of(sha256: str) -> Path:
    """Where the file with this digest lives: BLOB_DIR/ab/cdef… (two levels keep directories small)."""
    return Path(settings.BLOB_DIR) / sha256[:2] / sha256[2:]


def put(data: bytes) -> str:
    """Keep `data` and return its sha256; written to a temporary name and renamed so that a
    crash never leaves a half-written file under a valid digest."""
    digest = sha256_of(data)
    target = path_of(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data, private=True)
    return digest


def get(sha256: str) -> bytes | None:
    """The original bytes, or None when this installation never kept them."""
    try:
        return path_of(sha256).read_bytes()
    except FileNotFoundError:
        return None
