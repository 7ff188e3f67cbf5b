from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "jasyl.core"
    label = "core"

    def ready(self) -> None:
        from jasyl.core.databases import keep_busy_timeout, restore_spatial_indexes

        connection_created.connect(keep_busy_timeout, dispatch_uid="jasyl.core.busy_timeout")
        # Once per `migrate`, after every app's migrations (the signal is sent per app).
        post_migrate.connect(
            restore_spatial_indexes, sender=self, dispatch_uid="jasyl.core.spatial_indexes"
        )
