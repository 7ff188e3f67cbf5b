from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "jasyl.roadmap"
    label = "roadmap"
