from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "civicspace.web"
    label = "web"
    verbose_name = "civicspace workspace"
