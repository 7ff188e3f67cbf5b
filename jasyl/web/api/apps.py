from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jasyl.web.api"
    label = "api"
    verbose_name = "API"
