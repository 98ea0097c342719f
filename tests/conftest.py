"""Shared fixtures. The database is whatever DATABASE_URL names (SQLite by default);
`make test` runs every database test again on a real PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("CIVICSPACE_HOME", tempfile.mkdtemp(prefix="civicspace-test-"))

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def shared() -> Path:
    """../shared (corpus, gold, spec); tests that need it skip cleanly when it is absent."""
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
