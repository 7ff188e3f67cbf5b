"""The programme office adds editions of the emission inventory in Django's admin."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jasyl.domain.indicators.models import EmissionInventory
from jasyl.domain.roadmap.revisions import published_data_changed


@admin.register(EmissionInventory)
class EmissionInventoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["programme", "year", "edition_en", "total", "status"]
    list_filter = ["programme", "status"]
    # A source address typed without its scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # The emissions ledger page is cached per edition: an inventory added, changed or removed
    # must show at once.
    def save_model(
        self, request: HttpRequest, obj: EmissionInventory, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        published_data_changed(obj.programme_id)

    def delete_model(self, request: HttpRequest, obj: EmissionInventory) -> None:
        super().delete_model(request, obj)
        published_data_changed(obj.programme_id)
