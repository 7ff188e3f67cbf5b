from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "jasyl.domain.roadmap"
    label = "roadmap"
