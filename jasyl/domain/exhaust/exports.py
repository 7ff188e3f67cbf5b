"""The workbook a post fills in to import exhaust checks: the columns the importer reads, the
posts on a second sheet, and drop-down lists for the post, the fuel and the aspiration."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jasyl.core.spreadsheets import write_only_row
from jasyl.domain.exhaust.models import EcoPost
from jasyl.domain.exhaust.reference import Aspiration, Fuel
from jasyl.domain.exhaust.services import COLUMNS
from jasyl.domain.roadmap.models import Programme

# Room for a busy day's checks at a post.
ROWS = 2000


def _column(name: str) -> str:
    return get_column_letter(COLUMNS.index(name) + 1)


def _choose(sheet: Any, column: str, formula: str, title: str, error: str) -> None:
    choice = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )
    sheet.data_validations.append(choice)
    letter = _column(column)
    choice.add(f"{letter}2:{letter}{ROWS + 1}")


def checks_template(programme: Programme) -> bytes:
    """An .xlsx with the import columns on the first sheet and the posts on the second,
    written row by row (write-only), every text kept a text (`core.spreadsheets`)."""
    rows = [
        [post.code, post.name, post.get_kind_display()]
        for post in EcoPost.objects.filter(programme=programme)
    ]
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    checks = workbook.create_sheet(_("Checks")[:31])
    posts = workbook.create_sheet(_("Posts")[:31])
    checks.freeze_panes = "A2"
    for index in range(len(COLUMNS)):
        checks.column_dimensions[get_column_letter(index + 1)].width = 16
    checks.column_dimensions[_column("checked_at")].width = 20
    checks.append(write_only_row(checks, COLUMNS, font=bold))
    posts.column_dimensions["A"].width = 20
    posts.column_dimensions["B"].width = 60
    posts.append(write_only_row(posts, [_("Code"), _("Post"), _("Kind")], font=bold))
    for row in rows:
        posts.append(write_only_row(posts, row))
    if rows:
        _choose(
            checks,
            "post",
            f"'{posts.title}'!$A$2:$A${len(rows) + 1}",
            _("Unknown post"),
            _("Choose a post code from the list."),
        )
    _choose(
        checks,
        "fuel",
        '"' + ",".join(fuel.value for fuel in Fuel) + '"',
        _("Unknown fuel"),
        _("Choose a fuel from the list."),
    )
    _choose(
        checks,
        "aspiration",
        '"' + ",".join(a.value for a in Aspiration) + '"',
        _("Unknown aspiration"),
        _("Choose natural or turbo (diesel engines only)."),
    )
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
