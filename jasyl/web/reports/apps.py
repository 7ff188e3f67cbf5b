from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jasyl.web.reports"
    label = "reports"
