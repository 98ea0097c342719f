"""Sub-commands of the report step."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No report commands yet."""
