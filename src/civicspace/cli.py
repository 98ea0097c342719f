"""The `civicspace` command: one sub-command per verb of the flow.

Each verb's package contributes its sub-commands through `add_commands`, so the
command line grows with the product without this file knowing the details.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from civicspace.dossier import DossierError
from civicspace.errors import CivicspaceError

COMMAND_MODULES = (
    "civicspace.read.commands",
    "civicspace.extract.commands",
    "civicspace.store.commands",
    "civicspace.resolve.commands",
    "civicspace.report.commands",
    "civicspace.web.commands",
    "civicspace.web.api_commands",
    "civicspace.demo",
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="civicspace",
        description="Read monitoring reports, extract a reviewed record of civic-space violations, report back out.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result = args.func(args)
    except (CivicspaceError, DossierError) as err:
        print(f"civicspace: error: {err}", file=sys.stderr)
        return getattr(err, "exit_code", 1)
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
