from django.apps import AppConfig


class AirqualityConfig(AppConfig):
    name = "jasyl.domain.airquality"
    label = "airquality"

    def ready(self) -> None:
        import jasyl.domain.airquality.imports  # noqa: F401 (registers the import of stations)
