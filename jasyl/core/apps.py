from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jasyl.core"
    label = "core"
