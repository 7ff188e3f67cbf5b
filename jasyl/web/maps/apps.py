from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "jasyl.web.maps"
    label = "maps"

    def ready(self) -> None:
        # The layers of the domain apps are registered here, in the web layer: a domain app
        # knows nothing of maps and tiles (docs/architecture.md).
        from jasyl.web.maps.layers import register_layers

        register_layers()
