from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "civicspace.store"
    label = "store"
    verbose_name = "civicspace record store"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from civicspace.store.search import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="civicspace-search-index")
        post_migrate.connect(_install_facet_tables, sender=self, dispatch_uid="civicspace-facet-tables")


def _install_facet_tables(using: str = "default", **kwargs: object) -> None:
    """After every migrate: SQLite table rebuilds drop triggers, so put them back and refill."""
    from django.db import connections

    from civicspace.store import facet_tables

    connection = connections[using]
    if {"store_actor", "store_law", "store_incident_victims", "store_incident_laws"} <= set(connection.introspection.table_names()):
        facet_tables.install(connection)
