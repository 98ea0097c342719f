"""Read: turn the files NGOs publish into one structured `Document`.

`read_file` and `read_bytes` load the format readers (PDF, Word and HTML libraries)
on first use, so commands that never read a file start without them.
"""

from typing import TYPE_CHECKING, Any

from civicspace.read.document import Block, Document, FootnoteRef, Metadata, SourceEntry

if TYPE_CHECKING:
    from civicspace.read.dispatch import read_bytes, read_file

__all__ = ["Block", "Document", "FootnoteRef", "Metadata", "SourceEntry", "read_bytes", "read_file"]


def __getattr__(name: str) -> Any:
    if name in ("read_file", "read_bytes"):
        from civicspace.read import dispatch

        return getattr(dispatch, name)
    raise AttributeError(f"module 'civicspace.read' has no attribute {name!r}")
