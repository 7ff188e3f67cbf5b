from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "jasyl.agencies"
    label = "agencies"
