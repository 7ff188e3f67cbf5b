from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenFundConfig(AppConfig):
    name = "jasyl.domain.greenfund"
    label = "greenfund"
    verbose_name = _("Green fund")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.core.imports.pipeline import register
        from jasyl.domain.greenfund.imports import KINDS
        from jasyl.domain.greenfund.models import CompensatoryPlanting
        from jasyl.domain.greenfund.services import apply_planting
        from jasyl.domain.registries.moderation import register_applier

        for kind in KINDS:
            register(kind)
        # An approved proposal of a planting creates its trees and moves its permit.
        register_applier(CompensatoryPlanting, apply_planting)
