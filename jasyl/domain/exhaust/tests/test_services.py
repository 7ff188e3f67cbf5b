"""Importing checks from real CSV and Excel files: exact counts, every malformed case refused
with an error naming its row and column and nothing written, and re-imports that add nothing."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from jasyl.domain.exhaust.models import ExhaustCheck, ExhaustImport
from jasyl.domain.exhaust.services import ExhaustImportError, import_checks
from jasyl.domain.people.access import access_for

HEADER = (
    "post,checked_at,vehicle_category,fuel,eco_class,aspiration,co_min_idle,co_raised_idle,"
    "ch_min_idle,ch_raised_idle,smoke_k,idle_rpm"
)
# Almaty was at UTC+6 throughout 2023.
ROWS = [
    "P-01,2023-03-10 09:30,M1,petrol,4,,0.5,0.3,90,80,,750",
    "P-01,2023-03-10 09:41,M1,petrol,4,,0.62,0.2,,,,800",
    "P-01,2023-04-02 14:00,N1,diesel,5,turbo,,,,,3.4,",
    "M-01,2023-04-02 15:15,M1,petrol,2,,1.9,1.0,300,250,,",
]


def csv_file(tmp_path, rows, name="checks.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(roadmap, path, access=None):
    return import_checks(
        programme=roadmap, content=path.read_bytes(), file_name=path.name, by=None, access=access
    )


def test_a_csv_file_is_imported_with_its_values_and_times(posts, roadmap, tmp_path):
    result = run(roadmap, csv_file(tmp_path, ROWS))
    assert (result.created, result.skipped) == (4, 0)
    assert ExhaustCheck.objects.count() == 4
    first = ExhaustCheck.objects.get(source_row=2)
    assert first.checked_at == datetime.datetime(2023, 3, 10, 3, 30, tzinfo=datetime.UTC)
    assert (first.post.code, first.fuel, first.eco_class) == ("P-01", "petrol", 4)
    assert (first.co_min_idle, first.ch_min_idle, first.idle_rpm) == (
        Decimal("0.5"),
        Decimal("90"),
        750,
    )
    assert first.smoke_k is None
    diesel = ExhaustCheck.objects.get(source_row=4)
    assert (diesel.aspiration, diesel.smoke_k) == ("turbo", Decimal("3.4"))
    record = ExhaustImport.objects.get()
    assert (record.file_name, record.created, record.skipped) == ("checks.csv", 4, 0)
    assert set(record.checks.values_list("source_row", flat=True)) == {2, 3, 4, 5}


def test_an_excel_file_is_imported(posts, roadmap, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Checks"
    sheet.append(HEADER.split(","))
    sheet.append(["P-01", datetime.datetime(2023, 5, 1, 8, 0), "M1", "petrol", 3, None, 0.4])
    sheet.append([])
    sheet.append(["M-01", datetime.datetime(2023, 5, 1, 8, 5), "N2", "diesel", None, "natural"])
    sheet.cell(row=4, column=11, value=2.6)
    path = tmp_path / "checks.xlsx"
    workbook.save(path)
    result = run(roadmap, path)
    assert (result.created, result.skipped) == (2, 0)
    petrol = ExhaustCheck.objects.get(post__code="P-01")
    assert petrol.checked_at == datetime.datetime(2023, 5, 1, 2, 0, tzinfo=datetime.UTC)
    assert petrol.co_min_idle == Decimal("0.4")
    assert petrol.source_row == 2
    diesel = ExhaustCheck.objects.get(post__code="M-01")
    assert (diesel.smoke_k, diesel.eco_class, diesel.source_row) == (Decimal("2.6"), None, 4)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,,abc,,,,,",
            "row 6, column co_min_idle: “abc” is not a number.",
        ),
        ("X-99,2023-03-11 10:00,M1,petrol,4,,0.1,,,,,", "row 6, column post: unknown post “X-99”."),
        (
            "P-01,2023-03-11 10:00,M1,gas,4,,0.1,,,,,",
            "row 6, column fuel: “gas” is not one of: petrol, diesel.",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,,,,-5,,,",
            "row 6, column ch_min_idle: -5 cannot be negative.",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,,,100.5,,,,",
            "row 6, column co_raised_idle: 100.5 % is over 100 %.",
        ),
        (
            "P-01,11.03.2023 10:00,M1,petrol,4,,0.1,,,,,",
            "row 6, column checked_at: “11.03.2023 10:00” is not a date and time "
            "(write YYYY-MM-DD HH:MM, Almaty time).",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,7,,0.1,,,,,",
            "row 6, column eco_class: “7” is not an ecological class 0-6.",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,turbo,0.1,,,,,",
            "row 6, column aspiration: only a diesel engine has an aspiration here.",
        ),
        (
            "P-01,2023-03-11 10:00,,petrol,4,,0.1,,,,,",
            "row 6, column vehicle_category: write the vehicle category as a short code "
            "(M1, N1 ...).",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,,0.1234,,,,,",
            "row 6, column co_min_idle: 0.1234 has more than 3 decimals.",
        ),
        (
            "P-01,2023-03-11 10:00,M1,petrol,4,,,,,,,750.5",
            "row 6, column idle_rpm: 750.5 is not a whole number.",
        ),
        (
            "P-01,2099-03-11 10:00,M1,petrol,4,,0.1,,,,,",
            "row 6, column checked_at: 2099-03-11 10:00 is in the future.",
        ),
    ],
)
def test_a_malformed_row_is_named_and_nothing_is_written(posts, roadmap, tmp_path, bad, error):
    with pytest.raises(ExhaustImportError) as refused:
        run(roadmap, csv_file(tmp_path, [*ROWS, bad]))
    assert str(refused.value) == error
    assert ExhaustCheck.objects.count() == 0
    assert ExhaustImport.objects.count() == 0


def test_every_bad_row_is_listed_at_once(posts, roadmap, tmp_path):
    rows = ["P-01,2023-03-11 10:00,M1,petrol,4,,x,,,,,", "Q,2023-03-11 10:00,M1,petrol,4,,,,,,,"]
    with pytest.raises(ExhaustImportError) as refused:
        run(roadmap, csv_file(tmp_path, rows))
    assert str(refused.value).splitlines() == [
        "row 2, column co_min_idle: “x” is not a number.",
        "row 3, column post: unknown post “Q”.",
    ]


def test_an_excel_error_names_the_sheet(posts, roadmap, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Checks"
    sheet.append(HEADER.split(","))
    sheet.append(["P-01", datetime.datetime(2023, 5, 1, 8, 0), "M1", "petrol", 3, None, -0.4])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(ExhaustImportError) as refused:
        run(roadmap, path)
    assert (
        str(refused.value) == "sheet “Checks”, row 2, column co_min_idle: -0.4 cannot be negative."
    )
    assert ExhaustCheck.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"post,checked_at,fuel\nP-01,2023-01-01 10:00,petrol\n",
            "Missing column(s): vehicle_category. Expected: " + HEADER.replace(",", ", ") + ".",
        ),
        (
            (HEADER + ",plate\n").encode(),
            "Unknown column(s): plate. Expected: " + HEADER.replace(",", ", ") + ".",
        ),
        ((HEADER + "\n").encode(), "The file has no rows."),
        (b"\xff\xfe\x00", "The file is neither UTF-8 text nor an Excel workbook."),
        (b"PK\x03\x04broken", "The file is not a readable Excel workbook (.xlsx)."),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(posts, roadmap, tmp_path, content, error):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ExhaustImportError) as refused:
        run(roadmap, path)
    assert str(refused.value) == error
    assert ExhaustImport.objects.count() == 0


def test_importing_the_same_rows_again_adds_nothing(posts, roadmap, tmp_path):
    run(roadmap, csv_file(tmp_path, ROWS))
    again = run(roadmap, csv_file(tmp_path, ROWS, name="again.csv"))
    assert (again.created, again.skipped) == (0, 4)
    more = run(roadmap, csv_file(tmp_path, [*ROWS, "M-01,2023-04-03 10:00,M1,petrol,5,,0.1,,,,,"]))
    assert (more.created, more.skipped) == (1, 4)
    assert ExhaustCheck.objects.count() == 5


def test_a_row_repeated_in_one_file_is_one_check(posts, roadmap, tmp_path):
    result = run(roadmap, csv_file(tmp_path, [ROWS[0], ROWS[0], ROWS[1]]))
    assert (result.created, result.skipped) == (2, 1)
    assert ExhaustCheck.objects.count() == 2


def test_a_person_outside_the_item_may_not_import(posts, roadmap, team, tmp_path):
    with pytest.raises(PermissionDenied):
        run(roadmap, csv_file(tmp_path, ROWS), access=access_for(team["outsider"], roadmap))
    assert ExhaustCheck.objects.count() == 0


def test_the_command_imports_a_file(posts, roadmap, tmp_path, capsys):
    call_command("import", "exhaust-checks", str(csv_file(tmp_path, ROWS)))
    assert "checks.csv: imported: 4 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert ExhaustCheck.objects.count() == 4
    with pytest.raises(CommandError, match="row 2, column post: unknown post “Z”"):
        call_command(
            "import", "exhaust-checks", str(csv_file(tmp_path, ["Z,2023-01-01 10:00,M1,petrol"]))
        )
    assert ExhaustCheck.objects.count() == 4
