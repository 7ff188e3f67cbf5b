"""The registries in Django's admin: the edits (the office approves or rejects the pending
ones here), the attachments, and the base classes every registry's admin uses, so that a row
saved or deleted in the admin goes through the same services as any other write and leaves its
edit in the history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.gis.db import models as gis_models
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.history import snapshot, tracked_fields
from jasyl.domain.registries.models import Attachment, Edit
from jasyl.domain.registries.services import (
    approve_edit,
    delete_entry,
    record_edit,
    reject_edit,
    save_entry,
)

# Geometry is typed as WKT or GeoJSON: the map widget of GeoDjango's admin loads OpenLayers
# and its tiles from the internet, which the servers do not reach.
GEOMETRY_AS_TEXT: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    gis_models.GeometryField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}
}


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RejectForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea, required=True)


@admin.register(Edit)
class EditAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "code", "action", "status", "by", "reviewer"]
    list_filter = ["status", "action", "content_type", "is_sample"]
    search_fields = ["code", "note", "comment"]
    date_hierarchy = "at"
    actions = ["approve", "reject"]

    @admin.action(description=gettext_lazy("Approve the selected pending edits"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Edit]) -> None:
        done = 0
        for edit in queryset.filter(status=Edit.Status.PENDING).order_by("at", "id"):
            try:
                approve_edit(edit=edit, actor=request.user, access=None)
                done += 1
            except RegistryError as error:
                self.message_user(request, f"{edit.code}: {error.message}", messages.ERROR)
        self.message_user(request, _("%(count)s edits applied.") % {"count": done})

    @admin.action(description=gettext_lazy("Reject the selected pending edits"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Edit]) -> HttpResponse | None:
        form = RejectForm(request.POST if "comment" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/registries/edit/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "form": form,
                    "edits": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        done = 0
        for edit in queryset.filter(status=Edit.Status.PENDING):
            reject_edit(
                edit=edit, actor=request.user, access=None, comment=form.cleaned_data["comment"]
            )
            done += 1
        self.message_user(request, _("%(count)s edits rejected.") % {"count": done})
        return None


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "content_type", "object_id", "kind", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]


class AttachmentInline(GenericTabularInline):
    model = Attachment
    fields = ("file_name", "kind", "caption", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _form_values(form: Any, model: type[models.Model], *, all_fields: bool) -> dict[str, Any]:
    names = {f.name for f in tracked_fields(model)}
    chosen = form.cleaned_data if all_fields else form.changed_data
    return {name: form.cleaned_data[name] for name in chosen if name in names}


class RegistryEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A registry's rows: saved and deleted through `services.save_entry` and `delete_entry`
    (the admin is the office's: its edits apply at once), with the district by the spatial
    join unless chosen by hand."""

    formfield_overrides = GEOMETRY_AS_TEXT
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AttachmentInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        model = type(obj)
        original = model._default_manager.get(pk=obj.pk) if change else None
        values = _form_values(form, model, all_fields=not change)
        saved = save_entry(
            model=model,
            entry=original,
            values=values,
            actor=request.user,
            access=None,
            note="admin",
        )
        obj.pk = saved.entry.pk
        obj.district_id = saved.entry.district_id

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_entry(entry=obj, actor=request.user, access=None, note="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_entry(entry=obj, actor=request.user, access=None, note="admin")


class HistoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Reference data the office keeps in the admin (species, compensation rules): saved as
    usual, with each change recorded in the registries' history."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        model = type(obj)
        before = snapshot(model._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        record_edit(
            row=obj,
            action=Edit.Action.UPDATE if change else Edit.Action.CREATE,
            before=before,
            after=snapshot(obj),
            actor=request.user,
            note="admin",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        record_edit(
            row=obj,
            action=Edit.Action.DELETE,
            before=before,
            after={},
            actor=request.user,
            note="admin",
        )
