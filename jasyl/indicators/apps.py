from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "jasyl.indicators"
    label = "indicators"
