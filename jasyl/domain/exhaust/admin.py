"""The programme office keeps the list of eco-posts in Django's admin; checks come only through
imports (`services.import_checks`) and are shown here read-only with their verdict."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jasyl.domain.exhaust import assess, interface
from jasyl.domain.exhaust.models import EcoPost, ExhaustCheck, ExhaustImport
from jasyl.domain.exhaust.selectors import current_limits
from jasyl.domain.roadmap.revisions import published_data_changed


@admin.register(EcoPost)
class EcoPostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name_kk", "kind", "district", "programme"]
    list_filter = ["programme", "kind", "district"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]

    # The public statistics are cached per edition: a renamed post must show at once.
    def save_model(self, request: HttpRequest, obj: EcoPost, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        published_data_changed(obj.programme_id)

    def delete_model(self, request: HttpRequest, obj: EcoPost) -> None:
        super().delete_model(request, obj)
        published_data_changed(obj.programme_id)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExhaustImport)
class ExhaustImportAdmin(ReadOnly):
    list_display = ["file_name", "programme", "imported_at", "imported_by", "created", "skipped"]
    list_filter = ["programme"]


@admin.register(ExhaustCheck)
class ExhaustCheckAdmin(ReadOnly):
    list_display = ["checked_at", "post", "vehicle_category", "fuel", "eco_class", "verdict"]
    list_filter = ["post", "fuel"]
    list_select_related = ["post"]
    date_hierarchy = "checked_at"

    @admin.display(description="verdict")
    def verdict(self, obj: ExhaustCheck) -> str:
        return interface.describe(assess.judge(current_limits(), obj.as_check(), obj.local_day))
