"""The tables the incident list counts from (store.facet_tables): victims' roles and
cited laws per incident, and on SQLite running counts per facet value.

`civicspace.store.facet_tables.install` is idempotent and also runs after every later
migrate (see StoreConfig.ready): SQLite drops a table's triggers when it rebuilds it."""

from django.db import migrations


def install(apps, schema_editor):
    from civicspace.store.facet_tables import install

    install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from civicspace.store.facet_tables import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0005_search_index'),
    ]

    operations = [migrations.RunPython(install, uninstall)]
