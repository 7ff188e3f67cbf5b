"""The lifecycle of what the programme builds, shared by every registry of built objects
(chargers, air purifiers, waste sites, water objects): planned -> designed -> under
construction -> in service -> decommissioned, with the date of each change kept on the row (one
date column per stage, so that "in service in 2024" is one indexed filter), the budget period
that pays for it, and the operator or balance holder (`RegistryEntry.holder`).

A row moves forward only (`services.advance_status`); a stage may be skipped (a charger bought
ready is planned, then in service), and each date is on or after the one before. The green
fund's registries do not use it: a tree is not built.
"""

from __future__ import annotations

import datetime
from itertools import pairwise
from typing import Any, ClassVar

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jasyl.domain.registries.models import RegistryEntry
from jasyl.domain.roadmap.models import BudgetPeriod


class Stage(models.TextChoices):
    PLANNED = "planned", _("planned")
    DESIGNED = "designed", _("designed")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    IN_SERVICE = "in_service", _("in service")
    DECOMMISSIONED = "decommissioned", _("decommissioned")


ORDER: tuple[str, ...] = tuple(Stage.values)
"""The stages in the order a row goes through them."""

DATE_FIELDS: dict[str, str] = {
    Stage.PLANNED: "planned_on",
    Stage.DESIGNED: "designed_on",
    Stage.UNDER_CONSTRUCTION: "construction_started_on",
    Stage.IN_SERVICE: "in_service_on",
    Stage.DECOMMISSIONED: "decommissioned_on",
}
"""The date column of each stage: the day the row reached it."""


def rank(stage: str) -> int:
    return ORDER.index(stage)


def dates_in_order(row: Any) -> list[tuple[str, datetime.date]]:
    """The stages the row has a date for, in lifecycle order."""
    return [
        (stage, day) for stage in ORDER if (day := getattr(row, DATE_FIELDS[stage])) is not None
    ]


def lifecycle_errors(row: Any) -> dict[str, str]:
    """What is wrong with a row's stage and dates, by field (empty: nothing)."""
    errors: dict[str, str] = {}
    current = rank(row.status)
    for stage in ORDER:
        name = DATE_FIELDS[stage]
        if rank(stage) > current and getattr(row, name) is not None:
            errors[name] = str(
                _("A date of a stage the row has not reached (%(stage)s).")
                % {"stage": Stage(stage).label}
            )
    if getattr(row, DATE_FIELDS[row.status]) is None and row.status != Stage.PLANNED:
        errors[DATE_FIELDS[row.status]] = str(
            _("Give the date the row reached its stage (%(stage)s).")
            % {"stage": Stage(row.status).label}
        )
    dated = dates_in_order(row)
    for (before, earlier), (stage, later) in pairwise(dated):
        if later < earlier:
            errors.setdefault(
                DATE_FIELDS[stage],
                str(
                    _("%(later)s (%(stage)s) is before %(earlier)s (%(before)s).")
                    % {
                        "later": later.isoformat(),
                        "stage": Stage(stage).label,
                        "earlier": earlier.isoformat(),
                        "before": Stage(before).label,
                    }
                ),
            )
    return errors


class LifecycleEntry(RegistryEntry):
    """A registry row of something the programme builds: its stage with the date of each
    change, and the budget period that pays for it (the activity is `RegistryEntry.activity`)."""

    lifecycle_counted: ClassVar[bool] = True

    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Stage.choices, default=Stage.PLANNED
    )
    planned_on = models.DateField(verbose_name=_("planned on"), null=True, blank=True)
    designed_on = models.DateField(verbose_name=_("designed on"), null=True, blank=True)
    construction_started_on = models.DateField(
        verbose_name=_("construction started on"), null=True, blank=True
    )
    in_service_on = models.DateField(verbose_name=_("in service since"), null=True, blank=True)
    decommissioned_on = models.DateField(verbose_name=_("decommissioned on"), null=True, blank=True)
    budget_period = models.ForeignKey(
        BudgetPeriod,
        verbose_name=_("budget period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("the period of the plan whose money delivers it"),
    )

    class Meta(RegistryEntry.Meta):
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Stage.values), name="%(app_label)s_%(class)s_stage"
            ),
            models.CheckConstraint(
                condition=~Q(status=Stage.IN_SERVICE) | Q(in_service_on__isnull=False),
                name="%(app_label)s_%(class)s_in_service_dated",
            ),
        ]

    @property
    def stage_label(self) -> str:
        return str(Stage(self.status).label)

    @property
    def stage_date(self) -> datetime.date | None:
        return getattr(self, DATE_FIELDS[self.status])  # type: ignore[no-any-return]

    @property
    def stages(self) -> list[tuple[str, datetime.date | None]]:
        """Each stage's label with the day the row reached it (None: not reached or unknown)."""
        return [(str(Stage(stage).label), getattr(self, DATE_FIELDS[stage])) for stage in ORDER]

    def next_stages(self) -> list[tuple[str, str]]:
        """The stages the row may move to (forward only; one may be skipped)."""
        return [(stage, str(Stage(stage).label)) for stage in ORDER[rank(self.status) + 1 :]]

    def clean(self) -> None:
        super().clean()
        errors = lifecycle_errors(self)
        if errors:
            raise ValidationError(errors)
