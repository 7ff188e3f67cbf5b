from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jasyl.web.portal"
    label = "portal"
