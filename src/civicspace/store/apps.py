from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "civicspace.store"
    label = "store"
    verbose_name = "civicspace record store"
    default_auto_field = "django.db.models.BigAutoField"
