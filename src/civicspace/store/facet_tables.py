"""Tables kept by triggers, so a list of 100,000 incidents is counted from indexes.

Three things every incident list asks are slow to answer from the records themselves:
the roles of its victims (JSON lists on actors, behind a link table), the laws it
cites (behind a link table, each law with its own confidentiality), and how many
incidents each facet value has. These tables answer each with one index range:

- `store_incident_role`: one row per incident and role among its victims, with the
  lowest confidentiality of a victim in that role. A user may learn that an incident
  has a victim in a role when that level is within their clearance; a hidden victim's
  role is never counted or matched.
- `store_incident_cites`: one row per incident and cited law, with both levels.
- `store_incident_count` (SQLite only): running counts of incidents per facet value,
  level and review state, so the whole list is counted without reading it. PostgreSQL
  counts those quickly itself, and its concurrent writers would queue (or deadlock) on
  shared counter rows; SQLite has one writer at a time.

Levels are kept as ranks in the vocabulary's order (public 0, internal 1, ...), so
"within clearance" is `<=`. Each table also holds the incident's own level and review
state, so counting everything a user may see needs no join.

Triggers recompute an incident's rows whenever anything they come from changes, so
`save`, `bulk_create`, `update()` and raw SQL are all followed. Django drops an SQLite
table's triggers when a migration rebuilds it, so `install` runs after every migrate
and refills the tables in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from civicspace.store.models import CONFIDENTIALITY_ORDER

INCIDENT = "store_incident"
_VICTIMS = "store_incident_victims"
_CITES = "store_incident_laws"
COUNT_TABLE = "store_incident_count"
COUNTED = {"type": "type", "area": "area", "year": "year", "country": "country", "place": "location",
           "state": "review_state"}


def rank_sql(column: str) -> str:
    """The rank of a confidentiality column; an unknown level ranks above every clearance."""
    cases = " ".join(f"WHEN '{code}' THEN {i}" for i, code in enumerate(CONFIDENTIALITY_ORDER))
    return f"(CASE {column} {cases} ELSE {len(CONFIDENTIALITY_ORDER)} END)"


def clearance_rank(levels: list[str] | None) -> int:
    """The highest rank a user with these visible levels may see (None: no limit)."""
    return len(CONFIDENTIALITY_ORDER) if levels is None else len(levels) - 1


@dataclass(frozen=True)
class Linked:
    """A table of rows derived per incident from a link table and the linked records."""

    table: str
    value: str  # the column counted and filtered on
    value_type: str
    level: str  # the linked record's level column
    sqlite_rows: str  # SELECT (incident_id, value, level, incident level, state) WHERE {where}
    pg_rows: str
    sources: tuple[tuple[str, str, tuple[str, ...], str], ...]  # (table, event, columns, affected incidents)

    def create(self) -> list[str]:
        t = self.table
        return [
            f"CREATE TABLE IF NOT EXISTS {t} (incident_id bigint NOT NULL, {self.value} {self.value_type} NOT NULL,"
            f" {self.level} integer NOT NULL, level integer NOT NULL, state varchar(16) NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {t}_by_value ON {t} ({self.value}, {self.level}, level, state, incident_id)",
            f"CREATE INDEX IF NOT EXISTS {t}_by_incident ON {t} (incident_id, {self.level}, {self.value})",
        ]

    def rows(self, vendor: str, where: str) -> str:
        return (self.pg_rows if vendor == "postgresql" else self.sqlite_rows).format(where=where)


_SQLITE_ROLES = (
    "SELECT v.incident_id, j.value, MIN({actor}), {incident}, i.review_state"
    f" FROM {_VICTIMS} v JOIN store_actor a ON a.id = v.actor_id JOIN {INCIDENT} i ON i.id = v.incident_id,"
    " json_each(CASE json_type(a.roles) WHEN 'array' THEN a.roles ELSE '[]' END) j"
    " WHERE j.type = 'text' AND ({{where}}) GROUP BY v.incident_id, j.value"
).format(actor=rank_sql("a.confidentiality"), incident=rank_sql("i.confidentiality"))
_PG_ROLES = (
    "SELECT v.incident_id, r.role, MIN({actor}), MIN({incident}), MIN(i.review_state)"
    f" FROM {_VICTIMS} v JOIN store_actor a ON a.id = v.actor_id JOIN {INCIDENT} i ON i.id = v.incident_id,"
    " LATERAL jsonb_array_elements_text(CASE jsonb_typeof(a.roles) WHEN 'array' THEN a.roles"
    " ELSE '[]'::jsonb END) AS r(role) WHERE ({{where}}) GROUP BY v.incident_id, r.role"
).format(actor=rank_sql("a.confidentiality"), incident=rank_sql("i.confidentiality"))
_LAWS = (
    "SELECT c.incident_id, c.law_id, {law}, {incident}, i.review_state"
    f" FROM {_CITES} c JOIN store_law w ON w.id = c.law_id JOIN {INCIDENT} i ON i.id = c.incident_id"
    " WHERE ({{where}})"
).format(law=rank_sql("w.confidentiality"), incident=rank_sql("i.confidentiality"))


def _incident_sources(link: str, other: str, other_columns: tuple[str, ...], key: str) -> tuple:
    """What changes an incident's derived rows: its links, the linked records, the incident itself."""
    return (
        (link, "INSERT", (), "NEW.incident_id"),
        (link, "DELETE", (), "OLD.incident_id"),
        (link, "UPDATE", (), "OLD.incident_id, NEW.incident_id"),
        (other, "UPDATE", other_columns, f"SELECT incident_id FROM {link} WHERE {key} = NEW.id"),
        (other, "DELETE", (), f"SELECT incident_id FROM {link} WHERE {key} = OLD.id"),
        (INCIDENT, "UPDATE", ("confidentiality", "review_state"), "NEW.id"),
        (INCIDENT, "DELETE", (), "OLD.id"),
    )


ROLES = Linked("store_incident_role", "role", "varchar(64)", "victim_level", _SQLITE_ROLES, _PG_ROLES,
               _incident_sources(_VICTIMS, "store_actor", ("roles", "confidentiality"), "actor_id"))
LAWS = Linked("store_incident_cites", "law_id", "bigint", "law_level", _LAWS, _LAWS,
              _incident_sources(_CITES, "store_law", ("confidentiality",), "law_id"))
LINKED = {"role": ROLES, "law": LAWS}
OBSOLETE_TABLES = ("store_victim_role",)  # the per-victim role table this module replaced


def _changed(columns: tuple[str, ...], vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def _recompute(linked: Linked, vendor: str, affected: str) -> str:
    return (f"DELETE FROM {linked.table} WHERE incident_id IN ({affected});"
            f" INSERT INTO {linked.table} {linked.rows(vendor, f'i.id IN ({affected})')};")


def _count_rows(record: str, sign: int) -> str:
    values = []
    for facet, column in COUNTED.items():
        value = f"COALESCE(CAST({record}.{column} AS TEXT), '')"
        values.append(f"('{facet}', {value}, {rank_sql(f'{record}.confidentiality')}, {record}.review_state, {sign})")
    return (f"INSERT INTO {COUNT_TABLE} (facet, value, level, state, n) VALUES {', '.join(values)}"
            " ON CONFLICT (facet, value, level, state) DO UPDATE SET n = n + excluded.n;")


def _sqlite_count_triggers() -> list[tuple[str, str]]:
    columns = tuple(COUNTED.values()) + ("confidentiality",)
    return [
        (f"{COUNT_TABLE}_ai", f"AFTER INSERT ON {INCIDENT} BEGIN {_count_rows('NEW', 1)} END"),
        (f"{COUNT_TABLE}_ad", f"AFTER DELETE ON {INCIDENT} BEGIN {_count_rows('OLD', -1)} END"),
        (f"{COUNT_TABLE}_au", f"AFTER UPDATE ON {INCIDENT} WHEN {_changed(columns, 'sqlite')}"
                              f" BEGIN {_count_rows('OLD', -1)} {_count_rows('NEW', 1)} END"),
    ]


def _count_fill() -> str:
    parts = [f"SELECT '{facet}', COALESCE(CAST({column} AS TEXT), ''), {rank_sql('confidentiality')}, review_state,"
             f" COUNT(*) FROM {INCIDENT} GROUP BY 2, 3, 4" for facet, column in COUNTED.items()]
    return f"INSERT INTO {COUNT_TABLE} (facet, value, level, state, n) {' UNION ALL '.join(parts)}"


def _trigger_name(linked: Linked, table: str, event: str) -> str:
    return f"{linked.table}_{table.removeprefix('store_')}_{event[0].lower()}"


OURS = (ROLES.table, LAWS.table, COUNT_TABLE)


def _drop_triggers(cur: Any, vendor: str, prefixes: tuple[str, ...]) -> None:
    """Every trigger whose name starts with one of `prefixes` (ours are named after their table)."""
    if vendor == "postgresql":
        cur.execute("SELECT tgname, relname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid"
                    " WHERE NOT tgisinternal")
        for name, table in cur.fetchall():
            if name.startswith(prefixes):
                cur.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
    else:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in cur.fetchall():
            if name.startswith(prefixes):
                cur.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _install_sqlite(cur: Any) -> None:
    _drop_triggers(cur, "sqlite", (*OURS, *OBSOLETE_TABLES))
    for linked in LINKED.values():
        for table, event, columns, affected in linked.sources:
            of = f" OF {', '.join(columns)}" if columns else ""
            when = f" WHEN {_changed(columns, 'sqlite')}" if columns else ""
            cur.execute(f"CREATE TRIGGER {_trigger_name(linked, table, event)} AFTER {event}{of} ON {table}{when}"
                        f" BEGIN {_recompute(linked, 'sqlite', affected)} END")
    cur.execute(f"CREATE TABLE IF NOT EXISTS {COUNT_TABLE} (facet varchar(16) NOT NULL, value text NOT NULL,"
                " level integer NOT NULL, state varchar(16) NOT NULL, n integer NOT NULL,"
                " PRIMARY KEY (facet, level, state, value))")
    for name, body in _sqlite_count_triggers():
        cur.execute(f"CREATE TRIGGER {name} {body}")
    cur.execute(f"DELETE FROM {COUNT_TABLE}")
    cur.execute(_count_fill())


def _install_postgresql(cur: Any) -> None:
    _drop_triggers(cur, "postgresql", (*OURS, *OBSOLETE_TABLES))
    cur.execute("SELECT proname FROM pg_proc WHERE proname LIKE ANY (%s)", [[f"{t}%" for t in OBSOLETE_TABLES]])
    for (name,) in cur.fetchall():
        cur.execute(f'DROP FUNCTION IF EXISTS "{name}"()')
    for linked in LINKED.values():
        for table, event, columns, affected in linked.sources:
            name = _trigger_name(linked, table, event)
            cur.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                        f" BEGIN {_recompute(linked, 'postgresql', affected)} RETURN NULL; END $$")
            of = f" OF {', '.join(columns)}" if columns else ""
            when = f" WHEN ({_changed(columns, 'postgresql')})" if columns else ""
            cur.execute(f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} FOR EACH ROW{when}"
                        f" EXECUTE FUNCTION {name}()")
        name = f"{linked.table}_truncated"
        cur.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                    f" BEGIN DELETE FROM {linked.table}; INSERT INTO {linked.table} {linked.rows('postgresql', 'true')};"
                    " RETURN NULL; END $$")
        for table in {source[0] for source in linked.sources}:
            cur.execute(f"CREATE TRIGGER {name}_{table.removeprefix('store_')} AFTER TRUNCATE ON {table}"
                        f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


def install(connection: Any) -> None:
    """Create the tables, (re)create their triggers and refill them from the records,
    in one transaction so a reader never sees them half-filled."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        for table in OBSOLETE_TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        for linked in LINKED.values():
            for sql in linked.create():
                cur.execute(sql)
        if connection.vendor == "postgresql":
            _install_postgresql(cur)
        else:
            _install_sqlite(cur)
        for linked in LINKED.values():
            cur.execute(f"DELETE FROM {linked.table}")
            cur.execute(f"INSERT INTO {linked.table} {linked.rows(connection.vendor, '1 = 1')}")


def uninstall(connection: Any) -> None:
    """Drop the tables; their triggers and functions go with them (or with their names)."""
    with connection.cursor() as cur:
        _drop_triggers(cur, connection.vendor, OURS)
        for table in OURS:
            cur.execute(f"DROP TABLE IF EXISTS {table}")


def incident_ids_sql(name: str, values: list[Any], rank: int) -> tuple[str, list[Any]]:
    """SQL and params selecting incidents linked to any of `values` through a record seen at `rank`."""
    linked = LINKED[name]
    marks = ", ".join(["%s"] * len(values))
    return (f"SELECT incident_id FROM {linked.table} WHERE {linked.value} IN ({marks}) AND {linked.level} <= %s",
            [*values, rank])


def linked_counts(connection: Any, name: str, rank: int, states: list[str] | None) -> Counter:
    """Incidents per value of the `name` facet (role, law) among every incident seen at
    `rank` in `states` (None: any review state)."""
    linked = LINKED[name]
    sql = f"SELECT {linked.value}, COUNT(*) AS n FROM {linked.table} WHERE {linked.level} <= %s AND level <= %s"
    params: list[Any] = [rank, rank]
    if states is not None:
        sql += f" AND state IN ({', '.join(['%s'] * len(states))})"
        params += states
    with connection.cursor() as cur:
        cur.execute(sql + f" GROUP BY {linked.value}", params)
        return Counter(dict(cur.fetchall()))


def kept_counts(connection: Any, rank: int, states: list[str] | None) -> dict[str, Counter] | None:
    """Incidents seen at `rank` per value of each column facet, from the running counts;
    None where they are not kept (PostgreSQL)."""
    if connection.vendor != "sqlite":
        return None
    sql = f"SELECT facet, value, SUM(n) FROM {COUNT_TABLE} WHERE level <= %s"
    params: list[Any] = [rank]
    if states is not None:
        sql += f" AND state IN ({', '.join(['%s'] * len(states))})"
        params += states
    out: dict[str, Counter] = {facet: Counter() for facet in COUNTED}
    with connection.cursor() as cur:
        cur.execute(sql + " GROUP BY facet, value HAVING SUM(n) > 0", params)
        for facet, value, n in cur.fetchall():
            out[facet][int(value) if facet == "year" and value else value] = n
    return out
