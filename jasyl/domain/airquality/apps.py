from django.apps import AppConfig


class AirqualityConfig(AppConfig):
    name = "jasyl.domain.airquality"
    label = "airquality"
