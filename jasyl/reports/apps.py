from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jasyl.reports"
    label = "reports"
