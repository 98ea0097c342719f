"""The full-text search index (FTS5 tables and triggers on SQLite, GIN indexes on
PostgreSQL) and the indexes that keep lists and facet counts fast.

`civicspace.store.search.install_index` branches on the database vendor; it is
idempotent and also runs after every later migrate (see StoreConfig.ready)."""

from django.db import migrations


def install(apps, schema_editor):
    from civicspace.store.filters import install_indexes
    from civicspace.store.search import install_index

    install_index(schema_editor.connection)
    install_indexes(schema_editor.connection)


def uninstall(apps, schema_editor):
    from civicspace.store.filters import drop_indexes
    from civicspace.store.search import drop_index

    drop_index(schema_editor.connection)
    drop_indexes(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0004_job'),
    ]

    operations = [migrations.RunPython(install, uninstall)]
