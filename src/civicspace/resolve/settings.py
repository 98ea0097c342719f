"""The resolver's scores and thresholds (config.yaml), loaded once."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """config.yaml beside this module: thresholds, scores, name endings and organisation words."""
    return yaml.safe_load(files("civicspace.resolve").joinpath("config.yaml").read_text(encoding="utf-8"))
