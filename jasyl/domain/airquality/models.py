"""Monitoring stations, their measurements, and the log of every file ingested.

A measurement is stored once per station, parameter and time (a unique constraint): ingesting
the same file again inserts nothing. Values are in the one unit of their parameter
(`data/measurements.yaml`: ug/m3, CO in mg/m3) and times in UTC. Each clock hour's count, sum
and highest value are kept beside them (`HourlyMean`, by `hours`), so that daily means and
indices read a sixth of the rows of 10-minute data.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jasyl.core.i18n import localized
from jasyl.core.processes import process_alive, this_host
from jasyl.domain.agencies.models import Agency
from jasyl.domain.airquality.averaging import to_significant

# A file still running after this long was interrupted whatever its process says: the longest
# ingest measured, a city-year into SQLite, took 11 minutes (benchmarks/README.md), and a
# process id may be reused by another process.
INTERRUPTED_AFTER = datetime.timedelta(hours=6)


class Station(models.Model):
    """A monitoring post: an official reference monitor or a citizen network's low-cost sensor."""

    class Kind(models.TextChoices):
        REFERENCE = "reference", _("Reference monitor")
        LOW_COST = "low_cost", _("Low-cost sensor")

    code = models.CharField(verbose_name=_("code"), max_length=50, unique=True)
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=200, blank=True)
    # Who runs it: Kazhydromet, a citizen network ...; only Kazhydromet's data are official.
    operator = models.CharField(verbose_name=_("operator"), max_length=200)
    official = models.BooleanField(verbose_name=_("official data"), default=False)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    latitude = models.DecimalField(
        verbose_name=_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    district = models.ForeignKey(
        Agency,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        limit_choices_to={"kind": Agency.Kind.DISTRICT_AKIMAT},
    )
    # Parameter codes of data/measurements.yaml; empty means "not stated" and accepts any.
    parameters = models.JSONField(verbose_name=_("measured parameters"), default=list, blank=True)
    # OpenAQ's location id, which its archive files name the station by.
    openaq_location = models.PositiveBigIntegerField(
        verbose_name=_("OpenAQ location ID"), null=True, blank=True, unique=True
    )
    active_from = models.DateField(verbose_name=_("active from"), null=True, blank=True)
    active_to = models.DateField(verbose_name=_("active until"), null=True, blank=True)
    # Made-up demonstration data (`jasyl sample-air`): shown only on request, never with the
    # real stations.
    sample = models.BooleanField(verbose_name=_("sample data"), default=False)

    class Meta:
        verbose_name = _("monitoring station")
        verbose_name_plural = _("monitoring stations")
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
        # The parameter codes are checked against the reference data in force by the station's
        # form (admin.StationForm): the model stays below the reference versions.
        if self.district is not None and self.district.kind != Agency.Kind.DISTRICT_AKIMAT:
            raise ValidationError({"district": _("Choose a district akimat.")})


class IngestFile(models.Model):
    """One file ingested (or refused): who, when, its fingerprint and what became of its rows."""

    class Format(models.TextChoices):
        LONG = "long", _("CSV, one row per value (OpenAQ archive)")
        WIDE = "wide", _("CSV, one column per pollutant (spreadsheet)")
        OPENAQ = "openaq", _("OpenAQ v3 JSON")

    class Status(models.TextChoices):
        # Written before the file's transaction begins: a process killed mid-file leaves it so.
        RUNNING = "running", pgettext_lazy("ingest status", "running")
        DONE = "done", pgettext_lazy("ingest status", "ingested")
        FAILED = "failed", pgettext_lazy("ingest status", "refused, nothing stored")

    file_name = models.CharField(verbose_name=_("file name"), max_length=255)
    sha256 = models.CharField(verbose_name=_("SHA-256 checksum"), max_length=64, db_index=True)
    format = models.CharField(verbose_name=_("format"), max_length=10, choices=Format.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    started_at = models.DateTimeField(verbose_name=_("started at"))
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices)
    # Where the ingest runs: a running file whose process is gone was interrupted.
    host = models.CharField(verbose_name=_("machine"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(verbose_name=_("process id"), null=True, blank=True)
    # Why a refused file wrote nothing.
    error = models.TextField(verbose_name=_("reason for refusal"), blank=True)
    rows_read = models.PositiveIntegerField(verbose_name=_("rows read"), default=0)
    inserted = models.PositiveIntegerField(verbose_name=_("values inserted"), default=0)
    duplicates = models.PositiveIntegerField(verbose_name=_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(verbose_name=_("rows rejected"), default=0)
    flagged = models.PositiveIntegerField(verbose_name=_("flagged as suspicious"), default=0)

    class Meta:
        verbose_name = _("ingested file")
        verbose_name_plural = _("ingested files")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def format_label(self) -> str:
        return str(self.get_format_display())

    @property
    def interrupted(self) -> bool:
        """Still marked running though its process is gone (killed, its machine restarted).
        Another machine's processes cannot be seen from here: its file counts as interrupted
        once it has run longer than any ingest does."""
        if self.status != self.Status.RUNNING:
            return False
        if self.started_at < timezone.now() - INTERRUPTED_AFTER:
            return True
        return self.host == this_host() and not process_alive(self.pid)

    @property
    def state_label(self) -> str:
        """The status as the ingest page and the admin show it, "interrupted" included."""
        if self.interrupted:
            return str(pgettext_lazy("ingest status", "interrupted, nothing stored"))
        return str(self.get_status_display())


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

    file = models.ForeignKey(
        IngestFile, verbose_name=_("ingested file"), on_delete=models.CASCADE, related_name="lines"
    )
    # The line of a CSV file (the header is line 1); the result number of a JSON file.
    line = models.PositiveIntegerField(verbose_name=_("line number"))
    # The column of a wide file, blank otherwise.
    column = models.CharField(verbose_name=_("column"), max_length=100, blank=True)
    reason = models.CharField(verbose_name=_("reason"), max_length=20, choices=Reason.choices)
    # What the sentence shown for the reason names (the value, the unit, the first line ...).
    detail = models.JSONField(verbose_name=_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("line not stored")
        verbose_name_plural = _("lines not stored")
        ordering = ["file", "line", "pk"]

    def __str__(self) -> str:
        return f"{self.file.file_name}:{self.line}: {self.reason}"

    @property
    def message(self) -> str:
        from jasyl.domain.airquality.interface import line_message

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
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="measurements",
        db_constraint=False,
        # The unique constraint's index starts with the station.
        db_index=False,
    )
    parameter = models.CharField(verbose_name=_("parameter"), max_length=20)
    observed_at = models.DateTimeField(verbose_name=_("observed at"))
    value = models.FloatField(verbose_name=_("value"))
    # Above the parameter's suspicious bound: stored, but to be looked at.
    suspicious = models.BooleanField(verbose_name=_("suspicious"), default=False)
    source_file = models.ForeignKey(
        IngestFile,
        verbose_name=_("source file"),
        on_delete=models.PROTECT,
        related_name="measurements",
        db_constraint=False,
    )
    # The line of that file it was read from (the header is line 1; an OpenAQ response's result
    # number); none for measurements stored before lines were kept.
    source_line = models.PositiveIntegerField(
        verbose_name=_("line in the source file"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
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
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="hours",
        db_constraint=False,
        db_index=False,
    )
    parameter = models.CharField(verbose_name=_("parameter"), max_length=20)
    hour = models.DateTimeField(verbose_name=_("hour (UTC)"))
    readings = models.PositiveIntegerField(verbose_name=_("number of readings"))
    total = models.FloatField(verbose_name=_("sum of readings"))
    highest = models.FloatField(verbose_name=_("highest reading"))

    class Meta:
        verbose_name = _("hourly summary")
        verbose_name_plural = _("hourly summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "parameter", "hour"], name="airquality_hour_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.parameter} {self.hour.isoformat()}"

    @property
    def mean(self) -> float:
        # The sum of floats is noisy in its last digits: the mean at 12 significant digits.
        return to_significant(self.total / self.readings)


class DailyValue(models.Model):
    """One station's hourly means of one parameter on one local (Almaty) day, summed up: their
    mean, the highest and how many hours have one, and for the pollutants of the 8-hour US AQI
    (`summaries.EIGHT_HOUR`) the day's maximum 8-hour mean by that pollutant's rule. Kept by
    `daily` from the hourly summary for the days each ingested file touches; every day with an
    hourly mean has a row (the completeness rules are applied when it is read)."""

    # Written only by `daily`, from the hourly summary: not checked by the database, as
    # `HourlyMean`'s are not.
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="daily_values",
        db_constraint=False,
        db_index=False,
    )
    parameter = models.CharField(verbose_name=_("parameter"), max_length=20)
    day = models.DateField(verbose_name=_("day (Almaty time)"))
    mean = models.FloatField(verbose_name=_("mean of the hourly means"))
    highest_hour = models.FloatField(verbose_name=_("highest hourly mean"))
    hours = models.PositiveSmallIntegerField(verbose_name=_("hours with a mean"))
    eight_hour = models.FloatField(
        verbose_name=_("daily maximum 8-hour mean"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("daily value")
        verbose_name_plural = _("daily values")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "parameter", "day"], name="airquality_daily_value_once"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="airquality_daily_value_day")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.parameter} {self.day.isoformat()}"


class DailyIndex(models.Model):
    """One station's indices of one local day, from its daily values: the US AQI (its
    category, dominant pollutants and each pollutant's sub-index), the parameters above their
    WHO 24-hour guideline and the category of PM2.5 alone. `basis` names the reference data
    and gas temperature they were computed with: rows of another basis are not read."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="daily_indices",
        db_constraint=False,
        db_index=False,
    )
    day = models.DateField(verbose_name=_("day (Almaty time)"))
    basis = models.CharField(verbose_name=_("computed with"), max_length=100)
    aqi = models.PositiveSmallIntegerField(verbose_name=_("US AQI"), null=True, blank=True)
    category = models.CharField(verbose_name=_("US AQI category"), max_length=40, blank=True)
    dominant = models.CharField(verbose_name=_("dominant pollutants"), max_length=100, blank=True)
    sub_indices = models.JSONField(verbose_name=_("sub-indices"), default=dict, blank=True)
    # Parameter codes between commas (",pm25,no2,"), so that SQL counts them on both databases.
    complete = models.CharField(verbose_name=_("parameters with a complete day"), max_length=200)
    who_above = models.CharField(
        verbose_name=_("parameters above the WHO 24-hour guideline"), max_length=200, blank=True
    )
    pm25_category = models.CharField(
        verbose_name=_("US AQI category of PM2.5 alone"), max_length=40, blank=True
    )

    class Meta:
        verbose_name = _("daily index")
        verbose_name_plural = _("daily indices")
        constraints = [
            models.UniqueConstraint(fields=["station", "day"], name="airquality_daily_index_once"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.day.isoformat()}"


class YearTotals(models.Model):
    """One station's year as the overview shows it, counted from its stored daily indices
    (`DailyIndex`) whenever they change: its days per US AQI category, its WHO exceedance days
    per parameter with a complete day, and its latest complete day of PM2.5. Every year with a
    daily value has a row, so the measured years are read here too."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="year_totals",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year (Almaty time)"))
    basis = models.CharField(verbose_name=_("computed with"), max_length=100)
    categories = models.JSONField(verbose_name=_("days per US AQI category"), default=dict)
    who = models.JSONField(verbose_name=_("days above the WHO 24-hour guideline"), default=dict)
    complete = models.CharField(verbose_name=_("parameters with a complete day"), max_length=200)
    latest_pm25_day = models.DateField(
        verbose_name=_("latest complete day of PM2.5"), null=True, blank=True
    )
    latest_pm25_mean = models.FloatField(
        verbose_name=_("PM2.5 mean of that day (µg/m³)"), null=True, blank=True
    )
    latest_pm25_highest = models.FloatField(
        verbose_name=_("highest hourly PM2.5 of that day (µg/m³)"), null=True, blank=True
    )
    latest_pm25_hours = models.PositiveSmallIntegerField(
        verbose_name=_("hours measured that day"), null=True, blank=True
    )
    latest_pm25_category = models.CharField(
        verbose_name=_("US AQI category of that day"), max_length=40, blank=True
    )

    class Meta:
        verbose_name = _("station year")
        verbose_name_plural = _("station years")
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="airquality_year_once"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.year}"


class ReferenceVersion(models.Model):
    """A version of a reference data file uploaded by the programme office: it replaces the
    shipped file (and any earlier upload) from the moment it is saved. Versions are never
    changed or deleted; a correction is a new version."""

    file = models.CharField(verbose_name=_("reference file"), max_length=40)
    version = models.PositiveIntegerField(verbose_name=_("version number"))
    content = models.TextField(verbose_name=_("content"))
    reason = models.TextField(verbose_name=_("reason"))
    act = models.CharField(verbose_name=_("act"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reference data version")
        verbose_name_plural = _("reference data versions")
        ordering = ["file", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["file", "version"], name="unique_reference_version")
        ]

    def __str__(self) -> str:
        return f"{self.file} v{self.version}"
