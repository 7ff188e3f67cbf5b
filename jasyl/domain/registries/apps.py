from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "jasyl.domain.registries"
    label = "registries"
    verbose_name = _("Registries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.domain.registries.citations import cited_codes
        from jasyl.domain.reporting.workflow import register_snapshot_part

        # Every revision of a report keeps the registry rows it cites.
        register_snapshot_part("citations", cited_codes)
