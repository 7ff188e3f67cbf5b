"""The programme office keeps the zones, their phases and rules in Django's admin (each rule
checked by `Rule.clean`); detection counts come only through the import and are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jasyl.domain.lez.models import DailyDetection, Phase, Rule, Zone


class PhaseInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Phase
    extra = 0


class RuleInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Rule
    extra = 0


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name_kk", "sample"]
    list_filter = ["sample"]
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["zone", "starts_on", "ends_on", "name_kk"]
    list_filter = ["zone"]
    inlines = [RuleInline]


@admin.register(DailyDetection)
class DailyDetectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["zone", "camera", "day", "vehicle_class", "detected", "violations"]
    list_filter = ["zone", "vehicle_class"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
