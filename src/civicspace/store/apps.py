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
