"""The workbook a person fills in to import indicator values: the columns the importer reads,
and a second sheet listing the programme's indicators, which the indicator column offers as a
drop-down list."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from jasyl.core.spreadsheets import write_only_row
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.indicators.services import COLUMNS
from jasyl.domain.roadmap.models import Programme

# Room for a year of monthly values of every indicator.
ROWS = 1000


def values_template(programme: Programme) -> bytes:
    """An .xlsx with the import columns on the first sheet and the indicators on the second,
    written row by row (write-only), every text kept a text (`core.spreadsheets`)."""
    indicators = (
        Indicator.objects.filter(programme=programme)
        .select_related("measure__unit")
        .order_by("position")
    )
    rows = [
        [indicator.code, indicator.name, indicator.unit_name, indicator.get_kind_display()]
        for indicator in indicators
    ]
    count = len(rows)
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    values = workbook.create_sheet(_("Values")[:31])
    listed = workbook.create_sheet(_("Indicators")[:31])
    values.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (34, 12, 14, 40, 14, 40), strict=True):
        values.column_dimensions[letter].width = width
    values.append(write_only_row(values, COLUMNS, font=bold))
    listed.column_dimensions["A"].width = 40
    listed.column_dimensions["B"].width = 60
    listed.append(
        write_only_row(listed, [_("Code"), _("Indicator"), _("Unit"), _("Counted as")], font=bold)
    )
    for row in rows:
        listed.append(write_only_row(listed, row))
    if count:
        choice = DataValidation(
            type="list",
            formula1=f"'{listed.title}'!$A$2:$A${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Unknown indicator"),
            error=_("Choose an indicator code from the list."),
        )
        values.data_validations.append(choice)
        choice.add(f"A2:A{ROWS + 1}")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
