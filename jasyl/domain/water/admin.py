"""The water registry in Django's admin, the office's way to correct it: an object is saved
through the registries' services (district by the spatial join, length or area measured, the
lifecycle checked, the edit recorded); a work is saved with its change recorded in the history."""

from __future__ import annotations

from django.contrib import admin

from jasyl.domain.registries.admin import HistoryAdmin, RegistryEntryAdmin
from jasyl.domain.water.models import WaterObject, WaterWork


class WorkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = WaterWork
    fields = ("kind", "done_on", "km_done", "activity")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(WaterObject)
class WaterObjectAdmin(RegistryEntryAdmin):
    list_display = [
        "code",
        "name_kk",
        "kind",
        "status",
        "length_km",
        "area_ha",
        "district",
        "is_sample",
    ]
    list_filter = ["kind", "status", "is_sample", "district_by_hand", "district"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "holder_name"]
    readonly_fields = ["length_km", "area_ha", "created_at", "updated_at"]
    inlines = [*RegistryEntryAdmin.inlines, WorkInline]


@admin.register(WaterWork)
class WaterWorkAdmin(HistoryAdmin):
    list_display = ["water_object", "kind", "done_on", "km_done", "activity", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["water_object__code", "source"]
    autocomplete_fields = ["water_object"]
