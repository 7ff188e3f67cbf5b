"""The import log in Django's admin: readable, never editable (it is the record of who changed
the plan with which file)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jasyl.domain.roadmap.models import PlanImport


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["imported_at", "programme", "imported_by", "file_name", "version", "changed"]
    list_filter = ["programme", "changed"]
    readonly_fields = [
        "programme",
        "imported_by",
        "imported_at",
        "file_name",
        "file",
        "language",
        "reason",
        "version",
        "changed",
        "diff",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
