"""The waste registries in Django's admin: the office corrects sites and plants here, saved
through the registries' services; containers and tonnage are read here (they are written by
the pages, the imports and the services, which keep their history)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jasyl.domain.registries.admin import ReadOnlyAdmin, RegistryEntryAdmin
from jasyl.domain.waste.models import (
    Container,
    ContainerSite,
    TonnageRecord,
    TreatmentPlant,
    WasteSite,
)

LIST = (
    "code",
    "name_kk",
    "kind",
    "status",
    "in_service_on",
    "district",
    "activity",
    "is_sample",
)
FILTERS = ("is_sample", "kind", "status", "district")
SEARCH = ("code", "name_kk", "name_ru", "name_en")


class ContainerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Container
    fields = ("fraction", "count", "volume_m3")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContainerSite)
class ContainerSiteAdmin(RegistryEntryAdmin):
    list_display = LIST
    list_filter = FILTERS
    search_fields = SEARCH
    inlines = [*RegistryEntryAdmin.inlines, ContainerInline]


@admin.register(WasteSite)
class WasteSiteAdmin(RegistryEntryAdmin):
    list_display = [*LIST, "area_m2"]
    list_filter = FILTERS
    search_fields = SEARCH


@admin.register(TreatmentPlant)
class TreatmentPlantAdmin(RegistryEntryAdmin):
    list_display = [*LIST, "capacity_t_per_year"]
    list_filter = FILTERS
    search_fields = SEARCH


@admin.register(TonnageRecord)
class TonnageRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "month",
        "site_code",
        "operator",
        "operator_name",
        "fraction",
        "destination",
        "tonnes",
        "is_sample",
    ]
    list_filter = ["is_sample", "fraction", "destination"]
    search_fields = ["site_code", "operator_name", "source"]
    date_hierarchy = "month"
