"""EV charging and air-purification blocks in Django's admin, the office's way to register and
correct them (like the green fund's registries): a location or a block is saved through the
registries' services (district by the spatial join, the lifecycle checked, the edit recorded);
a location's EVSEs are listed on it, and an EVSE's connectors are edited on the EVSE, each
change recorded in the history."""

from __future__ import annotations

from django.contrib import admin

from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation, Connector, Evse
from jasyl.domain.registries.admin import HistoryAdmin, RegistryEntryAdmin

REGISTRY_LIST = ("code", "name_kk", "status", "in_service_on", "district", "activity", "is_sample")
REGISTRY_FILTERS = ("status", "is_sample", "district_by_hand", "district")


class EvseInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Evse
    fields = ("uid", "evse_id", "physical_reference")
    extra = 0
    show_change_link = True


@admin.register(ChargingLocation)
class ChargingLocationAdmin(RegistryEntryAdmin):
    list_display = [*REGISTRY_LIST]
    list_filter = [*REGISTRY_FILTERS]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "address", "holder_name"]
    inlines = [*RegistryEntryAdmin.inlines, EvseInline]


class ConnectorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Connector
    fields = ("connector_id", "standard", "format", "power_type", "max_power_kw")
    extra = 2


@admin.register(Evse)
class EvseAdmin(HistoryAdmin):
    list_display = ["location", "uid", "evse_id"]
    search_fields = ["location__code", "uid", "evse_id"]
    autocomplete_fields = ["location"]
    inlines = [ConnectorInline]


@admin.register(AirPurifierBlock)
class AirPurifierBlockAdmin(RegistryEntryAdmin):
    list_display = [*REGISTRY_LIST, "modules"]
    list_filter = [*REGISTRY_FILTERS]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "equipment"]
