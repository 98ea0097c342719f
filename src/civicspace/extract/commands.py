"""Sub-commands of the extract step."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No extract commands yet."""
