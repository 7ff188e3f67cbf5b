"""Stations are kept in Django's admin; measurements and the ingest log are read there; the
programme office uploads new versions of the reference data files there."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jasyl.domain.airquality.models import (
    IngestFile,
    IngestLine,
    Measurement,
    ReferenceVersion,
    Station,
)
from jasyl.domain.airquality.reference import FILES, ReferenceDataError
from jasyl.domain.airquality.tasks import refresh_indices
from jasyl.domain.airquality.versions import (
    check_version,
    current_reference,
    known_files,
    upload_version,
)


class StationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Station
        fields = [
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "operator",
            "official",
            "kind",
            "latitude",
            "longitude",
            "district",
            "parameters",
            "openaq_location",
            "active_from",
            "active_to",
            "sample",
        ]

    def clean_parameters(self) -> Any:
        parameters = self.cleaned_data.get("parameters")
        known = current_reference().parameters
        if not isinstance(parameters, list) or any(p not in known for p in parameters):
            raise forms.ValidationError(
                _("List parameter codes among: %(codes)s.") % {"codes": ", ".join(known)}
            )
        return parameters


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = StationForm
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

    # Measurements come from ingested files only, and the hourly summary is kept from them:
    # they are read here, never added, changed or deleted one by one.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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
        "state",
        "started_at",
        "by",
        "rows_read",
        "inserted",
        "duplicates",
        "rejected",
    ]
    list_filter = ["status", "format"]
    inlines = [IngestLineInline]
    readonly_fields = ["state"]

    @admin.display(description=_("status"))
    def state(self, obj: IngestFile) -> str:
        """The status, "interrupted" included (a running file whose process is gone)."""
        return obj.state_label

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReferenceVersionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new version of a reference file: pasted or uploaded, checked like the shipped files."""

    file = forms.ChoiceField(choices=lambda: [(f, f) for f in known_files()])
    upload = forms.FileField(required=False, help_text=_("A YAML file; or paste it below."))
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 24}), required=False)

    class Meta:
        model = ReferenceVersion
        fields = ["file", "upload", "content", "reason", "act"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("upload")
        text = upload.read().decode("utf-8", errors="replace") if upload else cleaned.get("content")
        if not text:
            raise forms.ValidationError(_("Upload the file or paste its content."))
        try:
            cleaned["version"] = check_version(str(cleaned.get("file")), text)
        except ReferenceDataError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned["content"] = text
        return cleaned


@admin.register(ReferenceVersion)
class ReferenceVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Versions are added, never changed: a correction is a newer version."""

    form = ReferenceVersionForm
    list_display = ["file", "version", "uploaded_by", "uploaded_at", "reason"]
    list_filter = ["file"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["file", "version", "content", "reason", "act", "uploaded_by", "uploaded_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("file", "upload", "content", "reason", "act")
        return tuple(self.get_readonly_fields(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        saved = upload_version(
            actor=request.user,
            file=form.cleaned_data["file"],
            text=form.cleaned_data["content"],
            reason=form.cleaned_data["reason"],
            act=form.cleaned_data.get("act") or "",
        )
        obj.pk = saved.pk
        if saved.file in FILES:
            # The stored indices were computed with the values replaced; until the job has
            # stored them again the pages compute them (`daily`).
            transaction.on_commit(refresh_indices.enqueue)
