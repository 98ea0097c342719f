"""Statistics for SQLite's query planner, refreshed as the record grows.

Without them SQLite guesses how selective each index is, and at 100,000 incidents a
wrong guess (sorting a whole review state instead of walking the newest ids, say)
costs a list page a tenth of a second or more. ANALYZE reads every table, so it runs only
when the incidents have doubled since it last ran. PostgreSQL's autovacuum keeps its
own statistics.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

FIRST_AT = 1000  # a record smaller than this is planned well enough without statistics


def _analysed_rows(cur: Any) -> int | None:
    try:
        cur.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'store_incident' AND idx IS NOT NULL LIMIT 1")
    except DatabaseError:  # no ANALYZE yet: the table does not exist
        return None
    row = cur.fetchone()
    return int(row[0].split()[0]) if row else None


def refresh_statistics(connection: Any) -> bool:
    """Run ANALYZE on an SQLite record that has grown enough to need it; True if it ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM store_incident")
        rows = cur.fetchone()[0]
        analysed = _analysed_rows(cur)
        if rows < FIRST_AT or (analysed is not None and rows <= 2 * analysed):
            return False
        cur.execute("ANALYZE")  # whole: sampled statistics (analysis_limit) mislead the list's sort by date
    return True
