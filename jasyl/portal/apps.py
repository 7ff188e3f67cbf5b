from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jasyl.portal"
    label = "portal"
