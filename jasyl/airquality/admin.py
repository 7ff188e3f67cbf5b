"""Stations are kept in Django's admin; measurements and the ingest log are read there."""

from django.contrib import admin
from django.http import HttpRequest

from jasyl.airquality.models import IngestFile, IngestLine, Measurement, Station


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "code",
        "name_kk",
        "operator",
        "official",
        "kind",
        "district",
        "active_to",
        "sample",
    ]
    list_filter = ["official", "kind", "operator", "sample"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "operator"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["station", "parameter", "observed_at", "value", "suspicious", "source_file"]
    list_filter = ["parameter", "suspicious", "station"]
    raw_id_fields = ["station", "source_file"]
    date_hierarchy = "observed_at"
    list_select_related = ["station", "source_file"]


class IngestLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = IngestLine
    fields = ["line", "column", "reason", "detail"]
    readonly_fields = ["line", "column", "reason", "detail"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(IngestFile)
class IngestFileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The log is written by the ingest only: read it here, never edit it."""

    list_display = [
        "file_name",
        "format",
        "status",
        "started_at",
        "by",
        "rows_read",
        "inserted",
        "duplicates",
        "rejected",
    ]
    list_filter = ["status", "format"]
    inlines = [IngestLineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
