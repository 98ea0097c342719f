"""Extract: from a read Document to a dossier of people, incidents, laws and recommendations.

`extract_file(path)` reads and extracts one file; `extract_document(document)`
extracts an already read Document. The pipeline is built once per process from
pipeline.yaml (or another configuration file) and the spaCy model loads lazily.
"""

from __future__ import annotations

from pathlib import Path

from civicspace.dossier import Dossier
from civicspace.extract.dossier import to_dossier
from civicspace.extract.pipeline import ExtractionDoc, pipeline
from civicspace.read.document import Document


def run(document: Document, config: str | None = None) -> ExtractionDoc:
    """The pipeline's working document after every component ran, for inspection and tests."""
    return pipeline(config)(document)


def extract_document(document: Document, config: str | None = None, source: str = "extraction") -> Dossier:
    return to_dossier(run(document, config), source)


def extract_file(path: str | Path, config: str | None = None) -> Dossier:
    from civicspace.read import read_file

    return extract_document(read_file(path), config, str(path))


__all__ = ["ExtractionDoc", "extract_document", "extract_file", "run"]
