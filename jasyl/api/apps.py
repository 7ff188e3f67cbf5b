from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jasyl.api"
    label = "api"
    verbose_name = "API"
