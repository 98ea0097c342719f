"""Report: from the verified record back to the documents advocates submit.

`build(kind, scope)` gathers what the scope may show into plain report objects;
`render(report, fmt)` writes them as Markdown, HTML, PDF or Word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civicspace.report.model import Report
    from civicspace.report.scope import Scope

KINDS = ("five-area", "prisoners", "un-submission")


def build(kind: str, scope: Scope) -> Report:
    """The report of `kind` for `scope`; the database must be ready."""
    if kind == "five-area":
        from civicspace.report.five_area import five_area_report

        return five_area_report(scope)
    if kind == "prisoners":
        from civicspace.report.prisoners import prisoners_report

        return prisoners_report(scope)
    if kind == "un-submission":
        from civicspace.report.submission import submission_report

        return submission_report(scope)
    raise ValueError(f"unknown report kind {kind!r}")


__all__ = ["KINDS", "build"]
