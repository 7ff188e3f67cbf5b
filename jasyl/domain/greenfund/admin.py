"""The green fund in Django's admin: the office keeps the species and the compensation rules
here (with their history), and corrects registry rows, which are saved through the registries'
services. Permits and plantings are written by the services and imports; here they are read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jasyl.domain.greenfund.compensation import Reason
from jasyl.domain.greenfund.models import (
    CompensationReminder,
    CompensationRule,
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    NurseryStock,
    Park,
    Species,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.greenfund.services import recount_permit
from jasyl.domain.registries.admin import (
    GEOMETRY_AS_TEXT,
    HistoryAdmin,
    ReadOnlyAdmin,
    RegistryEntryAdmin,
)

REGISTRY_LIST = ("code", "name_kk", "district", "district_by_hand", "activity", "is_sample")
REGISTRY_FILTERS = ("is_sample", "district_by_hand", "district")


@admin.register(Species)
class SpeciesAdmin(HistoryAdmin):
    list_display = ["latin_name", "rank", "name_kk", "name_ru", "name_en", "verification_status"]
    list_filter = ["rank", "verification_status"]
    search_fields = ["latin_name", "name_kk", "name_ru", "name_en"]


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    reasons = forms.MultipleChoiceField(
        label=_("reasons it applies to"),
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CompensationRule
        fields = [
            "ratio",
            "reasons",
            "valid_from",
            "valid_to",
            "source_kk",
            "source_ru",
            "source_en",
            "verification_status",
            "legal_act",
        ]


@admin.register(CompensationRule)
class CompensationRuleAdmin(HistoryAdmin):
    """A new version of a rule: end the one in force (its `valid to`) the day before the new
    one begins; the model refuses two rules for one reason in force on the same day."""

    form = RuleForm
    list_display = ["__str__", "ratio", "valid_from", "valid_to", "verification_status"]
    list_filter = ["verification_status"]


@admin.register(Tree)
class TreeAdmin(RegistryEntryAdmin):
    list_display = ["code", "species", "condition", "status", "district", "is_sample"]
    list_filter = ["is_sample", "status", "condition", "site_type", "district"]
    search_fields = ["code", "site_name"]
    raw_id_fields = ["felled_by", "planting"]
    list_select_related = ["species", "district"]


@admin.register(Park)
class ParkAdmin(RegistryEntryAdmin):
    list_display = [*REGISTRY_LIST, "kind", "area_ha"]
    list_filter = [*REGISTRY_FILTERS, "kind"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    readonly_fields = ["area_ha", "created_at", "updated_at"]


class StockInline(admin.TabularInline):  # type: ignore[type-arg]
    model = NurseryStock
    extra = 0


@admin.register(Nursery)
class NurseryAdmin(RegistryEntryAdmin):
    list_display = [*REGISTRY_LIST, "area_ha"]
    list_filter = REGISTRY_FILTERS
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    inlines = [*RegistryEntryAdmin.inlines, StockInline]


@admin.register(WoodWasteSite)
class WoodWasteSiteAdmin(RegistryEntryAdmin):
    list_display = [*REGISTRY_LIST, "capacity_m3_per_year"]
    list_filter = REGISTRY_FILTERS
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


class PlantingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CompensatoryPlanting
    fields = ("code", "planted_on", "count", "species", "district")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FellingPermit)
class FellingPermitAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "issued_on",
        "reason",
        "trees_count",
        "owed",
        "planted_count",
        "deadline",
        "state",
        "district",
        "is_sample",
    ]
    list_filter = ["is_sample", "state", "reason", "district"]
    search_fields = ["number", "applicant_name", "issuer_name"]
    formfield_overrides = GEOMETRY_AS_TEXT
    inlines = [PlantingInline]


@admin.register(CompensatoryPlanting)
class CompensatoryPlantingAdmin(HistoryAdmin):
    """The office corrects a planting here (its date, count, species, place); its permit's
    count and state follow (`services.recount_permit`). Its registered trees are edited as
    trees."""

    list_display = ["code", "permit", "planted_on", "count", "species", "district", "is_sample"]
    list_filter = ["is_sample", "district"]
    search_fields = ["code", "permit__number"]
    formfield_overrides = GEOMETRY_AS_TEXT
    fields = ["code", "permit", "planted_on", "count", "species", "location", "points"]
    readonly_fields = ["code", "permit", "points"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        recount_permit(permit=obj.permit, actor=request.user)


@admin.register(CompensationReminder)
class CompensationReminderAdmin(ReadOnlyAdmin):
    list_display = ["permit", "stage", "sent_at"]
    list_filter = ["stage"]
