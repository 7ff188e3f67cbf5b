"""Indicator values through the one import pipeline (`jasyl import indicator-values FILE`): each
row is one observation, checked like one entered on the form (`services.observation_of`). A row
whose indicator, date and district already have the same value is unchanged; a different value
is refused (a recorded value is changed on its indicator's page, with its history)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, Outcome, register
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.core.numbers import plain
from jasyl.domain.agencies.models import Agency
from jasyl.domain.indicators import services
from jasyl.domain.indicators.models import Indicator, Observation
from jasyl.domain.people.access import Access
from jasyl.domain.people.imports import ProgrammeImport

Key = tuple[int, datetime.date, int | None]


@register
class IndicatorValues(ProgrammeImport):
    name = "indicator-values"
    title = gettext_lazy("indicator values")
    columns = tuple(services.COLUMNS)
    required = tuple(services.REQUIRED_COLUMNS)
    key_column = "indicator"

    def may(self, access: Access) -> bool:
        # Who may record some indicator's values (`can_observe`): a viewer may record none.
        return access.is_reviewer or access.can_edit(list(access.agency_roles))

    def prepare(self, source: Source) -> None:
        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(programme=self.programme)
            .select_related("activity", "measure__unit")
            .prefetch_related("activity__agency_links__agency")
        }
        self.districts = {
            a.code: a for a in Agency.objects.filter(kind=Agency.Kind.DISTRICT_AKIMAT)
        }
        self.recorded: dict[Key, Decimal] = {
            (indicator, day, district): value
            for indicator, day, district, value in Observation.objects.filter(
                indicator__programme=self.programme, sample=False
            ).values_list("indicator_id", "observed_on", "district_id", "value")
        }

    def check(self, row: SourceRow) -> Change:
        reading = services.Reading(
            indicator=row.get("indicator"),
            observed_on=row.get("date"),
            value=row.get("value"),
            source=row.get("source"),
            district=row.get("district"),
            evidence_url=row.get("evidence_url"),
        )
        try:
            observation = services.observation_of(
                reading, self.indicators, self.districts, self.access, self.context.actor
            )
        except services.ReadingError as error:
            raise CellRefused(error.column, str(error)) from None
        key = (observation.indicator.pk, observation.observed_on, observation.district_id)
        name = " ".join(
            part
            for part in (reading.indicator, observation.observed_on.isoformat(), reading.district)
            if part
        )
        recorded = self.recorded.get(key)
        if recorded is None:
            return Change(row.line, name, Outcome.CREATED, observation)
        if recorded == observation.value:
            return Change(row.line, name, Outcome.UNCHANGED)
        raise CellRefused(
            "value",
            _("%(indicator)s already has the value %(value)s for %(date)s; change it on its page.")
            % {
                "indicator": observation.indicator.code,
                "value": number_format(plain(recorded)),
                "date": observation.observed_on.isoformat(),
            },
        )

    def apply(self, changes: Sequence[Change]) -> None:
        rows = [change.payload for change in changes if change.outcome == Outcome.CREATED]
        if rows:
            services.write_observations(programme=self.programme, rows=rows)
