from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "jasyl.domain.reporting"
    label = "reporting"
