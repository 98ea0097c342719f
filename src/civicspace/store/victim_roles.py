"""Victim roles per incident, one indexed row each, for the role filter and facet.

Roles live in a JSON list on the actor, behind the incident-victim link: filtering or
counting by role through them makes the database walk every link and parse every
list. This table holds (incident, victim, role, the victim's confidentiality), so a
role filter or facet is one index range, and a hidden victim's row is left out by its
confidentiality column. Triggers on the link table and on the actor keep it in step
with every write (save, bulk_create, update(), raw SQL); Django drops an SQLite
table's triggers when a migration rebuilds it, so `install` runs after every migrate
and refills the table from scratch.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

TABLE = "store_victim_role"
_LINKS = "store_incident_victims"
_ACTOR = "store_actor"

_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (incident_id bigint NOT NULL, actor_id bigint NOT NULL,"
    " role varchar(64) NOT NULL, confidentiality varchar(16) NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_by_role ON {TABLE} (role, confidentiality, incident_id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_by_incident ON {TABLE} (incident_id, confidentiality, role)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_by_actor ON {TABLE} (actor_id)",
]

_SQLITE_ROLES = "SELECT DISTINCT j.value FROM json_each(CASE json_type({roles}) WHEN 'array' THEN {roles} ELSE '[]' END) j WHERE j.type = 'text'"

_SQLITE_FILL = (
    f"INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)"
    " SELECT DISTINCT v.incident_id, v.actor_id, j.value, a.confidentiality"
    f" FROM {_LINKS} v JOIN {_ACTOR} a ON a.id = v.actor_id,"
    " json_each(CASE json_type(a.roles) WHEN 'array' THEN a.roles ELSE '[]' END) j WHERE j.type = 'text'"
)
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {TABLE}_link_ai AFTER INSERT ON {_LINKS} BEGIN
        INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)
        SELECT NEW.incident_id, NEW.actor_id, r.value, a.confidentiality FROM {_ACTOR} a,
        ({_SQLITE_ROLES.format(roles="(SELECT roles FROM store_actor WHERE id = NEW.actor_id)")}) r
        WHERE a.id = NEW.actor_id;
    END""",
    f"""CREATE TRIGGER {TABLE}_link_ad AFTER DELETE ON {_LINKS} BEGIN
        DELETE FROM {TABLE} WHERE incident_id = OLD.incident_id AND actor_id = OLD.actor_id;
    END""",
    f"""CREATE TRIGGER {TABLE}_link_au AFTER UPDATE ON {_LINKS} BEGIN
        DELETE FROM {TABLE} WHERE incident_id = OLD.incident_id AND actor_id = OLD.actor_id;
        INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)
        SELECT NEW.incident_id, NEW.actor_id, r.value, a.confidentiality FROM {_ACTOR} a,
        ({_SQLITE_ROLES.format(roles="(SELECT roles FROM store_actor WHERE id = NEW.actor_id)")}) r
        WHERE a.id = NEW.actor_id;
    END""",
    f"""CREATE TRIGGER {TABLE}_actor_au AFTER UPDATE OF roles, confidentiality ON {_ACTOR}
    WHEN OLD.roles IS NOT NEW.roles OR OLD.confidentiality IS NOT NEW.confidentiality BEGIN
        DELETE FROM {TABLE} WHERE actor_id = NEW.id;
        INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)
        SELECT v.incident_id, NEW.id, r.value, NEW.confidentiality FROM {_LINKS} v,
        ({_SQLITE_ROLES.format(roles="NEW.roles")}) r WHERE v.actor_id = NEW.id;
    END""",
    f"""CREATE TRIGGER {TABLE}_actor_ad AFTER DELETE ON {_ACTOR} BEGIN
        DELETE FROM {TABLE} WHERE actor_id = OLD.id;
    END""",
]

_PG_ROLES = "SELECT DISTINCT r FROM jsonb_array_elements_text(CASE jsonb_typeof({roles}) WHEN 'array' THEN {roles} ELSE '[]'::jsonb END) r"
_PG_FILL = (
    f"INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)"
    " SELECT DISTINCT v.incident_id, v.actor_id, r, a.confidentiality"
    f" FROM {_LINKS} v JOIN {_ACTOR} a ON a.id = v.actor_id,"
    " jsonb_array_elements_text(CASE jsonb_typeof(a.roles) WHEN 'array' THEN a.roles ELSE '[]'::jsonb END) r"
)
_PG_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_link() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM {TABLE} WHERE incident_id = OLD.incident_id AND actor_id = OLD.actor_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)
            SELECT NEW.incident_id, NEW.actor_id, x.r, a.confidentiality FROM {_ACTOR} a,
            LATERAL ({_PG_ROLES.format(roles="a.roles")}) x WHERE a.id = NEW.actor_id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_actor() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE} WHERE actor_id = OLD.id;
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO {TABLE} (incident_id, actor_id, role, confidentiality)
            SELECT v.incident_id, NEW.id, x.r, NEW.confidentiality FROM {_LINKS} v,
            ({_PG_ROLES.format(roles="NEW.roles")}) x WHERE v.actor_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END $$""",
]
_PG_TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_link AFTER INSERT OR UPDATE OR DELETE ON {_LINKS}"
    f" FOR EACH ROW EXECUTE FUNCTION {TABLE}_link()",
    f"CREATE TRIGGER {TABLE}_actor AFTER UPDATE OF roles, confidentiality OR DELETE ON {_ACTOR}"
    f" FOR EACH ROW EXECUTE FUNCTION {TABLE}_actor()",
    f"CREATE TRIGGER {TABLE}_link_truncate AFTER TRUNCATE ON {_LINKS}"
    f" FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()",
    f"CREATE TRIGGER {TABLE}_actor_truncate AFTER TRUNCATE ON {_ACTOR}"
    f" FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()",
]
_PG_TRIGGER_NAMES = [(f"{TABLE}_link", _LINKS), (f"{TABLE}_actor", _ACTOR),
                     (f"{TABLE}_link_truncate", _LINKS), (f"{TABLE}_actor_truncate", _ACTOR)]


def install(connection: Any) -> None:
    """Create the table, (re)create its triggers and refill it from the links, in one
    transaction so a reader never sees it half-filled."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        for sql in _CREATE:
            cur.execute(sql)
        if connection.vendor == "postgresql":
            for sql in _PG_FUNCTIONS:
                cur.execute(sql)
            for name, table in _PG_TRIGGER_NAMES:
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for sql in _PG_TRIGGERS:
                cur.execute(sql)
            fill = _PG_FILL
        else:
            for sql in _SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
                cur.execute(sql)
            fill = _SQLITE_FILL
        cur.execute(f"DELETE FROM {TABLE}")
        cur.execute(fill)


def incident_ids_sql(roles: list[str], levels: list[str] | None) -> tuple[str, list[str]]:
    """SQL and params selecting incidents with a victim, seen at `levels` (None: any), of any of `roles`."""
    sql = f"SELECT incident_id FROM {TABLE} WHERE role IN ({', '.join(['%s'] * len(roles))})"
    params = list(roles)
    if levels is not None:
        sql += f" AND confidentiality IN ({', '.join(['%s'] * len(levels))})"
        params += levels
    return sql, params


def counts(connection: Any, ids_sql: str, ids_params: Any, levels: list[str] | None, top: int) -> list[tuple[str, int]]:
    """(role, incidents) for the incidents `ids_sql` selects, most frequent first."""
    sql = f"SELECT role, COUNT(DISTINCT incident_id) AS n FROM {TABLE} WHERE incident_id IN ({ids_sql})"
    params = list(ids_params)
    if levels is not None:
        sql += f" AND confidentiality IN ({', '.join(['%s'] * len(levels))})"
        params += levels
    sql += " GROUP BY role ORDER BY n DESC, role LIMIT %s"
    with connection.cursor() as cur:
        cur.execute(sql, [*params, top])
        return [(role, n) for role, n in cur.fetchall()]
