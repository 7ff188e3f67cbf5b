from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "jasyl.reporting"
    label = "reporting"
