"""The workbook to fill in for each green-fund import, made from its kind's columns
(`core.imports.pipeline`): the columns on the first sheet (the place as longitude and latitude
for points, as WKT for polygons), the codes to choose from on a second one with drop-down lists
where a column takes one of them, and what each column takes on a third. Every text is kept a
text (`core.spreadsheets`)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jasyl.core.imports.pipeline import ImportContext, ImportKind, kind_named
from jasyl.core.imports.sources import LATITUDE, LONGITUDE, WKT
from jasyl.core.spreadsheets import write_only_row
from jasyl.domain.greenfund.compensation import Reason
from jasyl.domain.greenfund.models import Park, Species, Tree, VerificationStatus
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.roadmap.models import Programme
from jasyl.web.greenfund import reads

# Rows offered the drop-down lists: room for a large import typed by hand.
ROWS = 5000

# What a column takes, for the third sheet (the kinds' columns: docs/greenfund.md).
DESCRIPTIONS: dict[str, Any] = {
    "code": gettext_lazy("the row's code: a known code changes its row, a new one adds a row"),
    "name_kk": gettext_lazy("name in Kazakh"),
    "name_ru": gettext_lazy("name in Russian"),
    "name_en": gettext_lazy("name in English"),
    "district": gettext_lazy("a district's code; empty: found from the place"),
    "holder": gettext_lazy("the balance holder: an agency's code, or a name"),
    "activity": gettext_lazy("the roadmap item that delivers it, such as 2.2"),
    "source": gettext_lazy("where the row comes from"),
    "verified_on": gettext_lazy("date checked, YYYY-MM-DD"),
    "species": gettext_lazy("Latin name, from the list"),
    "diameter_cm": gettext_lazy("trunk diameter at 1.3 m, cm"),
    "height_m": gettext_lazy("height, m"),
    "crown_m": gettext_lazy("crown diameter, m"),
    "condition": gettext_lazy("one of the list"),
    "planted": gettext_lazy("year (YYYY) or date (YYYY-MM-DD) planted"),
    "site_type": gettext_lazy("one of the list"),
    "site": gettext_lazy("street, park or courtyard"),
    "kind": gettext_lazy("one of the list"),
    "area_ha": gettext_lazy("area, ha (points only: a polygon's is measured)"),
    "capacity_m3": gettext_lazy("capacity, m³ a year"),
    "number": gettext_lazy("the permit's number"),
    "issued_on": gettext_lazy("date of issue, YYYY-MM-DD"),
    "issuer": gettext_lazy("who issued it: an agency's code, or a name"),
    "applicant": gettext_lazy("who owes the compensation: an agency's code, or a name"),
    "reason": gettext_lazy("one of the list"),
    "trees": gettext_lazy("codes of the registry's trees it allows felling, separated by “;”"),
    "trees_count": gettext_lazy("trees it allows felling in all"),
    "deadline": gettext_lazy("compensation deadline, YYYY-MM-DD"),
    "permit": gettext_lazy("the felling permit's number"),
    "planted_on": gettext_lazy("date planted, YYYY-MM-DD"),
    "count": gettext_lazy("trees planted"),
    "latin_name": gettext_lazy("the species' Latin name"),
    "rank": gettext_lazy("one of the list"),
    "verification_status": gettext_lazy("one of the list"),
    LONGITUDE: gettext_lazy("degrees east, WGS 84, such as 76.91"),
    LATITUDE: gettext_lazy("degrees north, WGS 84, such as 43.25"),
    WKT: gettext_lazy("the place as WKT in WGS 84, such as POLYGON ((76.9 43.2, ...))"),
}


def _lists(programme: Programme) -> dict[str, list[str]]:
    """The codes a column takes one of."""
    agencies = [a.code for a in reads.programme_agencies(programme)]
    units = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT)
    return {
        "condition": list(Tree.Condition.values),
        "site_type": list(Tree.SiteType.values),
        "kind": list(Park.Kind.values),
        "reason": list(Reason.values),
        "rank": list(Species.Rank.values),
        "verification_status": list(VerificationStatus.values),
        "species": list(
            Species.objects.order_by("latin_name").values_list("latin_name", flat=True)
        ),
        "district": list(units.order_by("code").values_list("code", flat=True)),
        "activity": [a.code for a in reads.programme_activities(programme)],
        "holder": agencies,
        "issuer": agencies,
        "applicant": agencies,
    }


def place_columns(kind: type[ImportKind]) -> list[str]:
    """The columns of the place: longitude and latitude for points, WKT for other shapes."""
    shapes = set(kind.geometry)
    if not shapes:
        return []
    found = [LONGITUDE, LATITUDE] if shapes & {"Point"} else []
    return found + ([WKT] if shapes - {"Point"} else [])


def kind_workbook(name: str, programme: Programme) -> bytes:
    """The workbook to fill in for the import kind `name` in the programme."""
    kind = kind_named(name)
    columns = [*kind.columns, *place_columns(kind)]
    lists = {c: values for c, values in _lists(programme).items() if c in columns and values}
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    rows = workbook.create_sheet(str(kind.title)[:31] or name)
    codes = workbook.create_sheet(_("Lists")[:31])
    about = workbook.create_sheet(_("Columns")[:31])
    rows.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        rows.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
    validations = []
    for index, (column, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        codes.column_dimensions[letter].width = 24
        target = get_column_letter(columns.index(column) + 1)
        choice = DataValidation(
            type="list",
            formula1=f"'{codes.title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not in the list"),
            error=_("Choose a value from the list."),
        )
        choice.add(f"{target}2:{target}{ROWS + 1}")
        validations.append(choice)
    for choice in validations:
        rows.data_validations.append(choice)
    rows.append(write_only_row(rows, columns, font=bold))
    _write_lists(codes, lists, bold)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["C"].width = 80
    about.append(write_only_row(about, [_("Column"), _("Required"), _("What it takes")], font=bold))
    for column in columns:
        required = _("yes") if column in kind.required else ""
        about.append(write_only_row(about, [column, required, str(DESCRIPTIONS.get(column, ""))]))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _write_lists(sheet: Any, lists: dict[str, list[str]], bold: Font) -> None:
    """The lists side by side, one column each, under the column's name."""
    sheet.append(write_only_row(sheet, list(lists), font=bold))
    longest = max((len(values) for values in lists.values()), default=0)
    for index in range(longest):
        sheet.append(
            write_only_row(
                sheet, [values[index] if index < len(values) else None for values in lists.values()]
            )
        )


def workbook_for(name: str) -> Callable[[Programme], bytes]:
    """What `common.imports.TableImport.workbook` takes, for the kind `name`."""

    def build(programme: Programme) -> bytes:
        return kind_workbook(name, programme)

    return build


def columns_of(name: str) -> Sequence[str]:
    """Every column the kind reads, the place's included."""
    kind = kind_named(name)
    return [*kind.columns, *place_columns(kind)]


def title_of(name: str) -> str:
    return str(kind_named(name).title)


def allowed(name: str, actor: Any, programme: Programme) -> bool:
    """Whether this person may import the kind into the programme."""
    return kind_named(name)(ImportContext(actor=actor, scope=programme.code)).allowed()
