"""The workbook the camera operator fills in for `lez-detections`: the import's columns on the
first sheet, the zones on the second, and drop-down lists for the zone and the vehicle
category. It has no column for a plate number, and the import refuses a file that adds one."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jasyl.core.spreadsheets import write_only_row
from jasyl.domain.lez import rules
from jasyl.domain.lez.imports import LezDetections
from jasyl.domain.lez.models import Zone
from jasyl.domain.roadmap.models import Programme

ROWS = 5000
"""Rows offered the drop-down lists: a month of a few dozen cameras by category."""


def detections_template(programme: Programme) -> bytes:
    """An .xlsx to fill in (write-only, every text kept a text: `core.spreadsheets`). The
    zones are Jasyl's, not the programme's: `programme` is the import page's."""
    columns = LezDetections.columns
    zones = [(zone.code, zone.name) for zone in Zone.objects.filter(sample=False)]
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    counts = workbook.create_sheet(_("Counts")[:31])
    listed = workbook.create_sheet(_("Zones")[:31])
    counts.freeze_panes = "A2"
    for index in range(len(columns)):
        counts.column_dimensions[get_column_letter(index + 1)].width = 16
    counts.append(write_only_row(counts, columns, font=bold))
    listed.column_dimensions["B"].width = 60
    listed.append(write_only_row(listed, [_("Code"), _("Zone")], font=bold))
    for row in zones:
        listed.append(write_only_row(listed, row))
    lists = {"vehicle_class": '"' + ",".join(c.value for c in rules.Category) + '"'}
    if zones:
        lists["zone"] = f"'{listed.title}'!$A$2:$A${len(zones) + 1}"
    for column, formula in lists.items():
        choice = DataValidation(type="list", formula1=formula, allow_blank=True)
        choice.error = _("Choose a value from the list.")
        choice.showErrorMessage = True
        counts.data_validations.append(choice)
        letter = get_column_letter(columns.index(column) + 1)
        choice.add(f"{letter}2:{letter}{ROWS + 1}")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
