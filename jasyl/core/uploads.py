"""Reading uploaded files within limits, and the rows of an uploaded table.

Every upload path checks, in this order: the uploader's permission (before a byte of the file is
read), the file's size (`check_size`), then reads it with a cap on its rows. A workbook's ZIP
directory is inspected before openpyxl opens it (`open_workbook`): what its parts unpack to, how
densely each is packed and how many there are, so a zip bomb is refused from its directory
alone; openpyxl parses the XML with defusedxml (installed, so used), which refuses entity
declarations, and reads in read-only mode, row by row.

A table is a CSV file in UTF-8 or the first sheet of an Excel workbook, told apart by the file's
first bytes. The first row names the columns; a blank row is skipped; each row comes with its
place for messages ("row 3", "sheet “Values”, row 3") and its number.

`Problems` collects the refused rows' messages up to `JASYL_IMPORT_MAX_ERRORS` and counts the
rest, so a file of a million bad rows gives a page of a hundred lines and "and 999 900 more".
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar
from xml.etree.ElementTree import ParseError

import openpyxl
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils.exceptions import InvalidFileException

from jasyl.core.spreadsheets import from_csv_text

XLSX_SIGNATURE = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A part of a workbook packed more densely than this is not a spreadsheet: XML compresses about
# 5 to 20 times, a zip bomb about 1000 times. Parts under RATIO_FLOOR bytes are not judged.
MAX_RATIO = 100
RATIO_FLOOR = 1_000_000
# A workbook holds a few dozen parts (sheets, styles, shared strings, relations).
MAX_MEMBERS = 1000
# Columns read from a sheet: far more than any import has, far fewer than Excel's 16 384.
MAX_COLUMNS = 256

# What opening or reading a damaged, hostile or not-a-workbook file raises: zipfile's own checks
# (a part longer than its directory says fails its CRC), defusedxml's refusals (ValueError),
# XML syntax errors, truncated deflate streams.
WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    ParseError,
    EOFError,
    zlib.error,
)

T = TypeVar("T")

Row = tuple[str, int, dict[str, str]]
"""(the row's place for messages, its number in the file, its cells by column)"""


class UnreadableFile(Exception):
    """A file refused as a whole (not readable, too large, too long); the message says why."""


def megabytes(size: int) -> str:
    """A size in MB (10^6 bytes), in the active language's number format: 10, 2,5."""
    value = round(size / 1_000_000, 1)
    return number_format(int(value) if value.is_integer() else value, force_grouping=True)


def count_text(count: int) -> str:
    """A count in the active language's format, grouped: 4 312, 4,312."""
    return number_format(count, force_grouping=True)


def check_size(size: int | None, limit: int) -> None:
    """Refuse a file larger than `limit` bytes, before it is read."""
    if size is None or size > limit:
        raise UnreadableFile(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(size or 0), "limit": megabytes(limit)}
        )


def row_limit_message(limit: int) -> str:
    return _(
        "The file has more than %(limit)s rows, the most one import reads. Split it into files "
        "of at most %(limit)s rows."
    ) % {"limit": count_text(limit)}


def capped_rows(rows: Iterable[Any], limit: int | None = None) -> Iterator[Any]:
    """The rows, refusing the file (`UnreadableFile`) at the first one past the row cap."""
    cap = settings.JASYL_IMPORT_MAX_ROWS if limit is None else limit
    for count, row in enumerate(rows, start=1):
        if count > cap:
            raise UnreadableFile(row_limit_message(cap))
        yield row


def sheet_rows(sheet: Any, *, min_row: int = 1) -> Iterator[tuple[Any, ...]]:
    """The values of a read-only sheet's rows, at most `MAX_COLUMNS` wide (a sheet that declares
    its size has its rows padded to it). Wrap it in `capped_rows` for the row cap."""
    width = sheet.max_column
    lines = sheet.iter_rows(
        min_row=min_row,
        max_col=min(width, MAX_COLUMNS) if isinstance(width, int) else None,
        values_only=True,
    )
    for line in lines:
        yield line[:MAX_COLUMNS]


# ------------------------------------------------------------------------------ workbooks


def check_archive(content: bytes) -> None:
    """Refuse a workbook whose ZIP directory declares a zip bomb, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from None
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(
            _("The workbook has %(count)s parts; a workbook has at most %(limit)s.")
            % {"count": count_text(len(members)), "limit": count_text(MAX_MEMBERS)}
        )
    limit = settings.JASYL_XLSX_MAX_UNCOMPRESSED_BYTES
    total = sum(member.file_size for member in members)
    if total > limit:
        raise UnreadableFile(
            _("The workbook unpacks to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(total), "limit": megabytes(limit)}
        )
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(
                _(
                    "The workbook's part “%(part)s” is packed %(ratio)s times; a spreadsheet is "
                    "packed at most %(limit)s times. This is not a spreadsheet."
                )
                % {
                    "part": member.filename[:100],
                    "ratio": count_text(member.file_size // max(member.compress_size, 1)),
                    "limit": count_text(MAX_RATIO),
                }
            )


def open_workbook(content: bytes, *, data_only: bool = True) -> Any:
    """A read-only openpyxl workbook of an uploaded file, once its ZIP directory is checked.
    Rows are parsed as they are read: read them inside `except WORKBOOK_ERRORS`."""
    check_archive(content)
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except WORKBOOK_ERRORS:
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from None


# ------------------------------------------------------------------------------ error lists


def more_line(count: int) -> str:
    """The line that ends a capped list: "and 4 312 more"."""
    return ngettext("and %(count)s more", "and %(count)s more", count) % {
        "count": count_text(count)
    }


class Problems:
    """Messages of refused rows: the first `JASYL_IMPORT_MAX_ERRORS` kept, the rest counted."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = settings.JASYL_IMPORT_MAX_ERRORS if limit is None else limit
        self.shown: list[str] = []
        self.count = 0

    def append(self, message: str) -> None:
        self.count += 1
        if len(self.shown) < self.limit:
            self.shown.append(message)

    def extend(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.append(message)

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def lines(self) -> list[str]:
        """The messages kept, then "and N more" when some were only counted."""
        more = self.count - len(self.shown)
        return [*self.shown, more_line(more)] if more else list(self.shown)


def shown_and_more(items: Sequence[T], total: int) -> tuple[list[T], str]:
    """The first `JASYL_IMPORT_MAX_ERRORS` of `items` (a list of problems of which `total`
    were counted), and the line "and N more" for the rest, or ""."""
    shown = list(items[: settings.JASYL_IMPORT_MAX_ERRORS])
    more = max(total, len(items)) - len(shown)
    return shown, more_line(more) if more > 0 else ""


# ------------------------------------------------------------------------------ table rows


def plain_cell(value: object) -> str:
    """A cell as the text a person would have typed: a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(
    content: bytes, cell_text: Callable[[object], str] = plain_cell
) -> tuple[list[str], list[Row]]:
    """The column names and the rows of a CSV or an .xlsx; `cell_text` turns a workbook's typed
    cell (a date, a number) into text. Refuses (`UnreadableFile`) a file that is not readable,
    a workbook that fails `check_archive`, and a file with more rows than `JASYL_IMPORT_MAX_ROWS`.
    """
    if content.startswith(XLSX_SIGNATURE):
        return _workbook_rows(content, cell_text)
    return _csv_rows(content)


def _csv_rows(content: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is neither UTF-8 text nor an Excel workbook.")) from None
    reader = csv.reader(io.StringIO(text))
    try:
        # Cells Jasyl wrote with a quote in front (jasyl.core.spreadsheets) are read back as
        # the text they were.
        header = [from_csv_text(name.strip()) for name in next(reader, [])]
        rows = []
        for number, line in enumerate(capped_rows(reader), start=2):
            cells = [from_csv_text(cell.strip()) for cell in line]
            if not any(cells):
                continue
            place = _("row %(number)s") % {"number": number}
            rows.append((place, number, {k: v for k, v in zip(header, cells, strict=False) if k}))
    except csv.Error:
        raise UnreadableFile(_("The file is not a readable CSV file.")) from None
    return header, rows


def sheet_title(content: bytes) -> str:
    """The title of a workbook's first sheet, the one `read_rows` reads."""
    workbook = open_workbook(content)
    try:
        return str(workbook.worksheets[0].title)
    except WORKBOOK_ERRORS:
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()


def _workbook_rows(
    content: bytes, cell_text: Callable[[object], str]
) -> tuple[list[str], list[Row]]:
    workbook = open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        lines = sheet_rows(sheet)
        header = [cell_text(v) for v in next(lines, ())]
        while header and not header[-1]:
            header.pop()
        rows = []
        for number, line in enumerate(capped_rows(lines), start=2):
            cells = [cell_text(v) for v in line]
            if not any(cells):
                continue
            place = _("sheet “%(sheet)s”, row %(number)s") % {
                "sheet": sheet.title,
                "number": number,
            }
            rows.append((place, number, {k: v for k, v in zip(header, cells, strict=False) if k}))
        return header, rows
    except WORKBOOK_ERRORS:
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()
