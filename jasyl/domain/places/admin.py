from django.contrib import admin

from jasyl.domain.places.models import AdministrativeUnit


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin[AdministrativeUnit]):
    """Boundaries are loaded from the office's file (`jasyl load-boundaries`); here the names
    and the level can be corrected, the polygon is not drawn by hand."""

    list_display = ["code", "level", "name_kk", "name_ru", "name_en", "area_ha", "source"]
    list_filter = ["level"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    readonly_fields = ["area_ha", "source", "loaded_at"]
    exclude = ["boundary"]
