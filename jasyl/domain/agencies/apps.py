from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "jasyl.domain.agencies"
    label = "agencies"
