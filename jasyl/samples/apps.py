from django.apps import AppConfig


class SamplesConfig(AppConfig):
    name = "jasyl.samples"
    verbose_name = "Sample data"
