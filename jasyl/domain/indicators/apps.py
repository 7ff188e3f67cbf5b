from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "jasyl.domain.indicators"
    label = "indicators"

    def ready(self) -> None:
        import jasyl.domain.indicators.imports  # noqa: F401 (registers the import of values)
