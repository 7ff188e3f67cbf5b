from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LezConfig(AppConfig):
    name = "jasyl.domain.lez"
    label = "lez"
    verbose_name = _("Low-emission zones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.core.imports.pipeline import register
        from jasyl.domain.lez.imports import KINDS

        for kind in KINDS:
            register(kind)
