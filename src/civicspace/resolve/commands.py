"""Sub-commands of the resolve step."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No resolve commands yet."""
