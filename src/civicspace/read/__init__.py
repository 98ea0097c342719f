"""Read: turn the files NGOs publish into one structured `Document`."""

from civicspace.read.dispatch import read_bytes, read_file
from civicspace.read.document import Block, Document, FootnoteRef, Metadata, SourceEntry

__all__ = ["Block", "Document", "FootnoteRef", "Metadata", "SourceEntry", "read_bytes", "read_file"]
