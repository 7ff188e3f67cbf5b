from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jasyl.people"
    label = "people"
