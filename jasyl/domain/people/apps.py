from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jasyl.domain.people"
    label = "people"
