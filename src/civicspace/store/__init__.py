"""Store: the record database (Django ORM), import and export of dossiers."""

from __future__ import annotations

import os

_ready = False


def setup() -> None:
    """Configure Django for a command-line process; cheap after the first call."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.store.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def ready_database() -> None:
    """Django set up and the database usable: an SQLite file is created and migrated on
    first use; a server database must have been migrated with `civicspace migrate`."""
    global _ready
    setup()
    if _ready:
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from civicspace.errors import CivicspaceError

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        if connection.vendor == "sqlite":
            settings.HOME.mkdir(parents=True, exist_ok=True)
            call_command("migrate", interactive=False, verbosity=0)
        else:
            raise CivicspaceError(
                f"the {connection.vendor} database has {len(pending)} unapplied migrations: run `civicspace migrate`"
            )
    _ready = True
