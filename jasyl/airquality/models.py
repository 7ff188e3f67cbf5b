"""Monitoring stations, their measurements, and the log of every file ingested.

A measurement is stored once per station, parameter and time (a unique constraint): ingesting
the same file again inserts nothing. Values are in the one unit of their parameter
(`data/measurements.yaml`: ug/m3, CO in mg/m3) and times in UTC. Each clock hour's count, sum
and highest value are kept beside them (`HourlyMean`, by `hours`), so that daily means and
indices read a sixth of the rows of 10-minute data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.agencies.models import Agency
from jasyl.core.i18n import localized


class Station(models.Model):
    """A monitoring post: an official reference monitor or a citizen network's low-cost sensor."""

    class Kind(models.TextChoices):
        REFERENCE = "reference", _("Reference monitor")
        LOW_COST = "low_cost", _("Low-cost sensor")

    code = models.CharField(max_length=50, unique=True)
    name_kk = models.CharField(max_length=200)
    name_ru = models.CharField(max_length=200, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    # Who runs it: Kazhydromet, a citizen network ...; only Kazhydromet's data are official.
    operator = models.CharField(max_length=200)
    official = models.BooleanField(default=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    district = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        limit_choices_to={"kind": Agency.Kind.DISTRICT_AKIMAT},
    )
    # Parameter codes of data/measurements.yaml; empty means "not stated" and accepts any.
    parameters = models.JSONField(default=list, blank=True)
    # OpenAQ's location id, which its archive files name the station by.
    openaq_location = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    # Made-up demonstration data (`jasyl sample-air`): shown only on request, never with the
    # real stations.
    sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_from__isnull=True)
                | models.Q(active_to__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="airquality_station_active_range",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        from jasyl.airquality.versions import current_reference

        known = current_reference().parameters
        if not isinstance(self.parameters, list) or any(p not in known for p in self.parameters):
            raise ValidationError(
                {
                    "parameters": _("List parameter codes among: %(codes)s.")
                    % {"codes": ", ".join(known)}
                }
            )
        if self.district is not None and self.district.kind != Agency.Kind.DISTRICT_AKIMAT:
            raise ValidationError({"district": _("Choose a district akimat.")})


class IngestFile(models.Model):
    """One file ingested (or refused): who, when, its fingerprint and what became of its rows."""

    class Format(models.TextChoices):
        LONG = "long", _("CSV, one row per value (OpenAQ archive)")
        WIDE = "wide", _("CSV, one column per pollutant (spreadsheet)")
        OPENAQ = "openaq", _("OpenAQ v3 JSON")

    class Status(models.TextChoices):
        DONE = "done", pgettext_lazy("ingest status", "ingested")
        FAILED = "failed", pgettext_lazy("ingest status", "refused, nothing stored")

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=10, choices=Format.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    # Why a refused file wrote nothing.
    error = models.TextField(blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def format_label(self) -> str:
        return str(self.get_format_display())


class IngestLine(models.Model):
    """A line of an ingested file that was not stored, with the reason."""

    class Reason(models.TextChoices):
        BAD_VALUE = "bad_value", _("not a number")
        BAD_TIME = "bad_time", _("not a date and time")
        NEGATIVE = "negative", _("negative value")
        ABOVE_CEILING = "above_ceiling", _("above the plausible ceiling")
        UNKNOWN_STATION = "unknown_station", _("unknown station")
        UNKNOWN_PARAMETER = "unknown_parameter", _("unknown parameter")
        UNKNOWN_UNIT = "unknown_unit", _("unknown unit")
        NOT_MEASURED = "not_measured", _("not measured at the station")
        INACTIVE = "inactive", _("station not active then")
        DUPLICATE_IN_FILE = "duplicate_in_file", _("repeated in the file")
        ALREADY_STORED = "already_stored", _("already stored")

    file = models.ForeignKey(IngestFile, on_delete=models.CASCADE, related_name="lines")
    # The line of a CSV file (the header is line 1); the result number of a JSON file.
    line = models.PositiveIntegerField()
    # The column of a wide file, blank otherwise.
    column = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # What the sentence shown for the reason names (the value, the unit, the first line ...).
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["file", "line", "pk"]

    def __str__(self) -> str:
        return f"{self.file.file_name}:{self.line}: {self.reason}"

    @property
    def message(self) -> str:
        from jasyl.airquality.interface import line_message

        return line_message(self.reason, self.detail)


class Measurement(models.Model):
    """One value of one parameter at one station and time, in the parameter's unit.

    Written only by the ingest (`ingest.ingest_file`), which resolves the station and creates
    the file record in the same transaction, and never changed or deleted one by one: the
    hourly summary (`HourlyMean`) is kept from them. The two foreign keys are therefore not
    checked by the database: its triggers cost more than the insert itself on a bulk ingest
    (benchmarks/README.md); Django still refuses to delete a station or file that has
    measurements (PROTECT)."""

    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        related_name="measurements",
        db_constraint=False,
        # The unique constraint's index starts with the station.
        db_index=False,
    )
    parameter = models.CharField(max_length=20)
    observed_at = models.DateTimeField()
    value = models.FloatField()
    # Above the parameter's suspicious bound: stored, but to be looked at.
    suspicious = models.BooleanField(default=False)
    source_file = models.ForeignKey(
        IngestFile, on_delete=models.PROTECT, related_name="measurements", db_constraint=False
    )
    # The line of that file it was read from (the header is line 1; an OpenAQ response's result
    # number); none for measurements stored before lines were kept.
    source_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # The unique constraint's index serves a station's series; time ranges across stations
        # are read from the hourly summary.
        constraints = [
            models.UniqueConstraint(
                fields=["station", "parameter", "observed_at"],
                name="airquality_measurement_once",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="airquality_measurement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.parameter} {self.observed_at.isoformat()}"


class HourlyMean(models.Model):
    """The measurements of one UTC clock hour (Almaty's clock hours are UTC's) of one parameter
    at one station: how many, their sum and the highest. Kept by `hours` from `Measurement`
    as files are ingested; the hour's mean is `total / readings`."""

    # Written only by `hours`, from measurements of existing stations: not checked by the
    # database, as `Measurement`'s are not.
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="hours", db_constraint=False, db_index=False
    )
    parameter = models.CharField(max_length=20)
    hour = models.DateTimeField()
    readings = models.PositiveIntegerField()
    total = models.FloatField()
    highest = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["station", "parameter", "hour"], name="airquality_hour_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.parameter} {self.hour.isoformat()}"

    @property
    def mean(self) -> float:
        return self.total / self.readings


class ReferenceVersion(models.Model):
    """A version of a reference data file uploaded by the programme office: it replaces the
    shipped file (and any earlier upload) from the moment it is saved. Versions are never
    changed or deleted; a correction is a new version."""

    file = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    content = models.TextField()
    reason = models.TextField()
    act = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["file", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["file", "version"], name="unique_reference_version")
        ]

    def __str__(self) -> str:
        return f"{self.file} v{self.version}"
