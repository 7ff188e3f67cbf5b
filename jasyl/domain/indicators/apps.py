from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "jasyl.domain.indicators"
    label = "indicators"
