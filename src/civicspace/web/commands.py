"""Sub-commands of the web step."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No web commands yet."""
