from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChargingConfig(AppConfig):
    name = "jasyl.domain.charging"
    label = "charging"
    verbose_name = _("EV charging and air purification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.core.imports.pipeline import register
        from jasyl.domain.charging import selectors
        from jasyl.domain.charging.imports import KINDS
        from jasyl.domain.registries import outputs

        for kind in KINDS:
            register(kind)
        outputs.register(
            outputs.OutputCounter(
                kind="ev-chargers",
                activity=selectors.CHARGING_ACTIVITY,
                unit="item",
                label=_("EV charging points (EVSEs) in service"),
                count=selectors.evses_delivered,
                of_rows=selectors.evses_of,
            ),
            outputs.OutputCounter(
                kind="air-purifiers",
                activity=selectors.AIR_PURIFIER_ACTIVITY,
                unit="item",
                label=_("air-purification blocks in service"),
                count=selectors.blocks_delivered,
            ),
        )
