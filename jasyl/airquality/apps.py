from django.apps import AppConfig


class AirqualityConfig(AppConfig):
    name = "jasyl.airquality"
    label = "airquality"
