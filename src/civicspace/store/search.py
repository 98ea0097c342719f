"""Full-text search over records and document text, on whichever database is in use.

SQLite gets one FTS5 table per record kind (rowid = the record's id) kept in step
by triggers on the record's table, so `bulk_create`, `update()` and raw
SQL writes are indexed as well as `save()`. Django rebuilds an SQLite table (and so
drops its triggers) when a later migration alters it; `install_index` therefore runs
after every `migrate` and rebuilds an index whose triggers went missing.
PostgreSQL gets a generated tsvector column over the same columns, GIN-indexed, with a `simple`-based
configuration (no stemmer: records mix Russian, Kazakh and English), accents folded. A
later migration that changes the type of an indexed column must drop that column first
(`drop_index`), since PostgreSQL refuses to alter a column a generated one reads.

Visibility is applied inside the query, before the limit, so a restricted record
neither shows up nor pushes a visible one off the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from civicspace.store import access
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation, Source, levels_up_to

# kind -> (model, indexed columns). Column order is the snippet's preference order.
INDEXED: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "incident": (Incident, ("summary", "charge", "location")),
    "actor": (Actor, ("name", "aliases")),
    "law": (Law, ("instrument", "article", "title")),
    "recommendation": (Recommendation, ("text",)),
    "document": (Document, ("title", "text")),
    "source": (Source, ("title",)),
}
KINDS = tuple(INDEXED)
JSON_LIST_COLUMNS = {"aliases"}
MAX_TERMS = 16
COMMON = 2000
PG_CONFIG = "civicspace_search"  # `simple` plus unaccent where the server has it
PG_TEXT_LIMIT = 300_000  # a tsvector holds at most 1 MB; longer texts are indexed by their start
SNIPPET_WORDS = 24
SNIPPET_SCAN = 20_000  # with no literal match (accents differ), look this far for one


@dataclass(frozen=True)
class Hit:
    """One search result. `snippet` is HTML: the text escaped, the matched words in <mark>."""

    kind: str
    id: int
    title: str
    snippet: str
    review_state: str
    confidentiality: str
    score: float  # lower is better, comparable within one database only


def _table(kind: str) -> str:
    return INDEXED[kind][0]._meta.db_table


def _fts_table(kind: str) -> str:
    return f"{_table(kind)}_fts"


PG_COLUMN = "search_vector"


def _pg_vector(kind: str) -> str:
    """The tsvector of a record, kept in a generated column: ranking and rechecking then
    read it instead of parsing each matching record's text again."""
    parts = []
    for col in INDEXED[kind][1]:
        text = f'COALESCE("{col}"::text, \'\')'
        parts.append(f"left({text}, {PG_TEXT_LIMIT})" if kind == "document" and col == "text" else text)
    joined = " || ' ' || ".join(parts)
    return f"to_tsvector('{PG_CONFIG}'::regconfig, {joined})"


def terms_of(query: str) -> list[str]:
    """The words of a user's query; everything else (operators, quotes) is dropped so
    that no input can be a syntax error or change the meaning of the search."""
    return re.findall(r"\w+", query or "")[:MAX_TERMS]


def _sqlite_match(terms: list[str]) -> str:
    """Every word must occur; the last one may be a prefix, so results follow typing."""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _pg_tsquery(terms: list[str]) -> str:
    return " & ".join(terms[:-1] + [terms[-1] + ":*"])


def matching_ids_sql(kind: str, query: str, vendor: str | None = None) -> tuple[str, list[str]] | None:
    """SQL selecting the ids of `kind` records whose text matches `query` (for `pk__in`),
    or None when the query has no words."""
    terms = terms_of(query)
    if not terms:
        return None
    vendor = vendor or default_connection.vendor
    if vendor == "postgresql":
        return (
            f'SELECT id FROM "{_table(kind)}" WHERE {PG_COLUMN} @@ to_tsquery(\'{PG_CONFIG}\', %s)',
            [_pg_tsquery(terms)],
        )
    fts = _fts_table(kind)
    return f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [_sqlite_match(terms)]


def _sqlite_value(column: str, row: str) -> str:
    """What the index holds for a column: JSON lists as their words, since SQLite keeps
    JSON with non-ASCII letters escaped and Cyrillic aliases would be unsearchable."""
    if column in JSON_LIST_COLUMNS:
        return f"(SELECT group_concat(value, ' ') FROM json_each({row}.{column}))"
    return f"{row}.{column}"


def _sqlite_statements(kind: str) -> list[str]:
    """A table of its own (not external content), since what is indexed is not always
    the stored text; rows are found by rowid = record id, so updates stay cheap."""
    table, fts, cols = _table(kind), _fts_table(kind), INDEXED[kind][1]
    names = ", ".join(cols)
    new = ", ".join(_sqlite_value(c, "new") for c in cols)
    delete = f"DELETE FROM {fts} WHERE rowid = old.id;"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    ]


def _sqlite_rebuild(kind: str) -> list[str]:
    table, fts, cols = _table(kind), _fts_table(kind), INDEXED[kind][1]
    values = ", ".join(_sqlite_value(c, table) for c in cols)
    return [f"DELETE FROM {fts}", f"INSERT INTO {fts}(rowid, {', '.join(cols)}) SELECT id, {values} FROM {table}"]


def _install_pg_config(connection: BaseDatabaseWrapper, cur: Any) -> None:
    """No stemming (records mix languages) but accents folded, so "Tamas" finds "Tamás";
    without the unaccent extension (not every server allows it) accents simply count."""
    cur.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [PG_CONFIG])
    if cur.fetchone():
        return
    cur.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = simple)")
    try:
        with transaction.atomic(using=connection.alias):
            cur.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cur.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR hword, hword_part, word"
                " WITH unaccent, simple"
            )
    except DatabaseError:
        pass


def install_index(connection: BaseDatabaseWrapper | None = None) -> None:
    """Create whatever part of the search index is missing; cheap when all is there."""
    connection = connection or default_connection
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            for kind in KINDS:
                fts = _fts_table(kind)
                cur.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{fts}_a_"]
                )
                complete = cur.fetchone()[0] == 3
                for statement in _sqlite_statements(kind):
                    cur.execute(statement)
                if not complete:
                    for statement in _sqlite_rebuild(kind):
                        cur.execute(statement)
        elif connection.vendor == "postgresql":
            _install_pg_config(connection, cur)
            for kind in KINDS:
                table = _table(kind)
                cur.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                            [table, PG_COLUMN])
                if cur.fetchone() is None:  # the expression index of earlier versions gives way to the column's
                    cur.execute(f'DROP INDEX IF EXISTS "{_fts_table(kind)}"')
                    cur.execute(f'ALTER TABLE "{table}" ADD COLUMN {PG_COLUMN} tsvector'
                                f" GENERATED ALWAYS AS ({_pg_vector(kind)}) STORED")
                cur.execute(f'CREATE INDEX IF NOT EXISTS "{_fts_table(kind)}" ON "{table}" USING GIN ({PG_COLUMN})')


def drop_index(connection: BaseDatabaseWrapper | None = None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cur:
        for kind in KINDS:
            fts = _fts_table(kind)
            if connection.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cur.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cur.execute(f"DROP TABLE IF EXISTS {fts}")
            elif connection.vendor == "postgresql":
                cur.execute(f'DROP INDEX IF EXISTS "{fts}"')
                cur.execute(f'ALTER TABLE "{_table(kind)}" DROP COLUMN IF EXISTS {PG_COLUMN}')
        if connection.vendor == "postgresql":
            cur.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")


def _ranked(kind: str, terms: list[str], levels: list[str], limit: int) -> list[tuple[int, float]]:
    """(id, score) of the best visible matches of one kind. A word found in more than
    COMMON records says little about relevance and ranking all of them is slow, so
    those matches come newest first instead."""
    table = _table(kind)
    marks = ", ".join(["%s"] * len(levels))
    with default_connection.cursor() as cur:
        if default_connection.vendor == "postgresql":
            doc, query = PG_COLUMN, _pg_tsquery(terms)
            cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM \"{table}\" WHERE {doc} @@ to_tsquery('{PG_CONFIG}', %s)"
                        f" LIMIT {COMMON + 1}) x", [query])
            common = cur.fetchone()[0] > COMMON  # ranking re-reads each match's text: fine for hundreds, not 30,000
            score, order = ("0.0", "t.id DESC") if common else (f"-ts_rank({doc}, q)", "score, t.id")
            cur.execute(
                f"SELECT t.id, {score} AS score FROM \"{table}\" t, to_tsquery('{PG_CONFIG}', %s) q"
                f" WHERE {doc} @@ q AND t.confidentiality IN ({marks}) ORDER BY {order} LIMIT %s",
                [query, *levels, limit],
            )
            return [(int(r[0]), float(r[1])) for r in cur.fetchall()]
        fts, match = _fts_table(kind), _sqlite_match(terms)
        cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH %s LIMIT {COMMON + 1})", [match])
        common = cur.fetchone()[0] > COMMON
        score, order = ("0.0", "f.rowid DESC") if common else (f"bm25({fts})", "score, f.rowid")
        cur.execute(
            f"SELECT f.rowid, {score} AS score FROM {fts} f JOIN {table} t ON t.id = f.rowid"
            f" WHERE {fts} MATCH %s AND t.confidentiality IN ({marks}) ORDER BY {order} LIMIT %s",
            [match, *levels, limit],
        )
        return [(int(r[0]), float(r[1])) for r in cur.fetchall()]


def _folded(text: str) -> str:
    """Lower case without accents, as the index compares words."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def snippet_html(text: str, terms: list[str], words: int = SNIPPET_WORDS) -> str:
    """About `words` words of `text` around the first match, escaped, matches in <mark>.

    Made in Python from the record's own text rather than by the database: FTS5 rereads
    every match of a common word for each snippet, which costs more than the search."""
    wanted = [_folded(t) for t in terms]

    def matches(word: str) -> bool:
        folded = _folded(word)
        return folded in wanted[:-1] or folded.startswith(wanted[-1])

    first = re.search("|".join(rf"\b{re.escape(t)}" for t in terms), text, re.IGNORECASE)
    anchor = first.start() if first else 0
    if first is None and len(text) > SNIPPET_SCAN:
        text = text[:SNIPPET_SCAN]
    window_start = text.rfind(" ", 0, max(0, anchor - 80)) + 1  # a word boundary before the match
    if first:
        offset, tokens = window_start, list(re.finditer(r"\w+", text[window_start : anchor + 400]))
        hit_at = next((n for n, m in enumerate(tokens) if offset + m.start() >= anchor), 0)
    else:
        offset, tokens = 0, list(re.finditer(r"\w+", text))
        hit_at = next((n for n, m in enumerate(tokens) if matches(m.group())), 0)
    chosen = tokens[max(0, hit_at - 4) : max(0, hit_at - 4) + words]
    if not chosen:
        return html.escape(text[:200])
    start, end = offset + chosen[0].start(), offset + chosen[-1].end()
    out, pos = [], start
    for m in chosen:
        out.append(html.escape(text[pos : offset + m.start()]))
        word = html.escape(m.group())
        out.append(f"<mark>{word}</mark>" if matches(m.group()) else word)
        pos = offset + m.end()
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def _texts(kind: str, ids: list[int]) -> dict[int, str]:
    """Each record's indexed text, the best column first (the first that matches wins)."""
    model, columns = INDEXED[kind]
    out = {}
    for rid, *values in model._default_manager.filter(pk__in=ids).values_list("id", *columns):
        parts = [" ".join(v) if isinstance(v, list) else str(v or "") for v in values]
        out[rid] = "\n".join(p for p in parts if p)
    return out


def title_of(kind: str, record: Any) -> str:
    """A short label for a hit: what a person would call the record."""
    if kind == "incident":
        return " ".join(p for p in (record.type.replace("_", " "), record.date_start, record.location) if p)
    if kind == "recommendation":
        return record.text[:120]
    return str(record)


def search(query: str, user: Any, kinds: list[str] | None = None, limit: int = 50) -> list[Hit]:
    """The best `limit` records (and documents) matching `query` that `user` may see, best first."""
    terms = terms_of(query)
    clearance = access.clearance_of(user)
    if not terms or clearance is None or limit <= 0:
        return []
    levels = levels_up_to(clearance)
    found: list[tuple[float, int, int, str]] = []
    for kind in kinds or KINDS:
        if kind not in INDEXED:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        found.extend((score, KINDS.index(kind), rid, kind) for rid, score in _ranked(kind, terms, levels, limit))
    found.sort(key=lambda f: (f[0], f[1], -f[2]))  # equal scores: the newest first
    best = found[:limit]
    hits: list[Hit] = []
    for kind in {k for *_, k in best}:
        ids = [rid for *_, rid, k in best if k == kind]
        model = INDEXED[kind][0]
        manager = model._default_manager
        base = manager.defer("text", "metadata") if model is Document else manager.all()
        records = access.visible(base, user).in_bulk(ids)
        texts = _texts(kind, ids)
        for score, _, rid, k in best:
            record = records.get(rid)
            if k == kind and record is not None:
                hits.append(Hit(kind, rid, title_of(kind, record), snippet_html(texts.get(rid, ""), terms),
                                record.review_state, record.confidentiality, score))
    hits.sort(key=lambda h: (h.score, KINDS.index(h.kind), -h.id))
    return hits


def reinstall_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate hook: put back triggers that a table rebuild dropped (only once the
    index's own migration is applied, so migrating backwards leaves it alone)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if ("store", "0005_search_index") in MigrationRecorder(connection).applied_migrations():
        from civicspace.store.filters import install_indexes

        install_index(connection)
        install_indexes(connection)
