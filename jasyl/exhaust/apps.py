from django.apps import AppConfig


class ExhaustConfig(AppConfig):
    name = "jasyl.exhaust"
    default_auto_field = "django.db.models.BigAutoField"
