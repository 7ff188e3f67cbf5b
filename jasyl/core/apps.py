from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "jasyl.core"
    label = "core"

    def ready(self) -> None:
        from jasyl.core.databases import keep_busy_timeout

        connection_created.connect(keep_busy_timeout, dispatch_uid="jasyl.core.busy_timeout")
