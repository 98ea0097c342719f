"""Sub-commands of the read step."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No read commands yet."""
