import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from jasyl.domain.roadmap.models import PlanImport, ProgrammeVersion
from jasyl.domain.roadmap.selectors import plan_from_db
from jasyl.domain.roadmap.services import import_workbook
from jasyl.domain.roadmap.workbook import DATA_SHEET, workbook_bytes
from jasyl.domain.roadmap.workbook_import import WorkbookError, read_workbook
from jasyl.testing.workbooks import as_bytes, bundled, edited, opened, row_of


def delete_column(sheet, column):
    """Delete a column as Excel does, merged header cells included (openpyxl leaves merges)."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    for bounds in ranges:
        sheet.unmerge_cells(start_row=bounds[0], start_column=bounds[1], end_row=bounds[2],
                            end_column=bounds[3])  # fmt: skip
    sheet.delete_cols(column)
    for top, left, bottom, right in ranges:
        if left == right == column:
            continue
        left, right = (left - (left > column), right - (right >= column))
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def errors_of(content, language="en"):
    with translation.override(language), pytest.raises(WorkbookError) as caught:
        read_workbook(content)
    return caught.value.errors


# --- export: the document's layout ------------------------------------------------------------


def test_the_kazakh_workbook_has_the_documents_own_headers_and_rows():
    book = opened("kk")
    sheet = book.worksheets[0]
    assert book.sheetnames == ["Жасыл Алматы", DATA_SHEET]
    assert book[DATA_SHEET].sheet_state == "hidden"
    headers = [c.value for c in sheet[2]]
    assert headers[:5] == ["№", "Іс-шараның атауы", "Жауапты орындаушылар", "Іске асыру мерзімі",
                           "2022 жыл"]  # fmt: skip
    assert "Қаржыландырудың жалпы көлемі*, млн тг." in headers
    assert "Қаржыландыру көздері" in headers
    assert "Мақсатқа жету (kpi)" in headers
    assert [c.value for c in sheet[3]][15:20] == [
        "ЖБ, млн тг.", "РБ, млн тг.", "ЖИ, млн тг.", "2025 жыл", "2030 жыл",
    ]  # fmt: skip
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:A3", "E2:F2", "M2:N2", "P2:R2", "S2:T2"} <= merged
    assert sheet.freeze_panes == "C4"
    assert sheet.column_dimensions["V"].hidden and sheet.column_dimensions["W"].hidden
    assert sheet.column_dimensions["B"].width == 40


def test_figures_subtotals_the_grand_total_and_the_footnote_are_printed_as_published():
    sheet = opened("kk").worksheets[0]
    item = row_of(sheet, "1.1")
    assert [sheet.cell(item, c).value for c in (6, 8, 10, 14, 15, 16, 17)] == [
        10, 137, None, 209, 356, 356, None,
    ]  # fmt: skip
    assert sheet.cell(item, 8).number_format == "#,##0"
    subtotal = next(
        r for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 2).value == "Ауа сапасын жақсарту бөлімі бойынша қорытынды"
    )  # fmt: skip
    assert sheet.cell(subtotal, 15).value == 7648
    grand = next(
        r for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 2).value == "ЖАСЫЛ АЛМАТЫ БӨЛІМІ БОЙЫНША БАРЛЫҒЫ"
    )  # fmt: skip
    assert [sheet.cell(grand, c).value for c in (15, 16, 17, 18)] == [451519, 345145, None, 106374]
    assert sheet.cell(grand + 2, 1).value.startswith("* - қаржыландыру көлемі")


def test_the_russian_workbook_prints_russian_headers_and_content():
    sheet = opened("ru").worksheets[0]
    assert sheet.cell(2, 2).value == "Наименование мероприятия"
    assert sheet.cell(row_of(sheet, "1"), 2).value.startswith("Снижение уровня загрязнения")


# --- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_export_then_import_gives_back_the_same_plan_figure_for_figure(language):
    plan = bundled()
    read = read_workbook(workbook_bytes(plan, language))
    assert read.language == language
    assert read.plan == plan


@pytest.mark.django_db
def test_the_loaded_plan_round_trips_and_importing_it_unchanged_changes_nothing(roadmap):
    content = workbook_bytes(plan_from_db(roadmap), "ru")
    read = read_workbook(content)
    record = import_workbook(
        plan=read.plan, language="ru", content=content, file_name="same.xlsx", reason="check"
    )
    assert record.changed is False
    assert ProgrammeVersion.objects.count() == 1
    assert plan_from_db(roadmap) == bundled()


# --- malformed workbooks ----------------------------------------------------------------------


def test_a_missing_column_is_named():
    book = opened()
    delete_column(book.worksheets[0], 15)  # the total
    assert errors_of(as_bytes(book)) == [
        "Sheet “Green Almaty”, header rows 2-3: the column “Total funding*, million tenge” is "
        "missing."
    ]


def test_text_in_a_number_cell_is_named_with_its_cell():
    book = opened()
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "1.4"), 8).value = "about 112"
    assert errors_of(as_bytes(book)) == [
        f"Sheet “Green Almaty”, row {row_of(sheet, '1.4')}, column H: “about 112” is text; this "
        "cell takes an amount in million tenge."
    ]


def test_an_unknown_agency_and_a_duplicate_code_are_all_reported_together():
    book = opened()
    sheet = book.worksheets[0]
    row = row_of(sheet, "1.2")
    sheet.cell(row, 23).value = "ЭжҚОБ, Ministry of Magic"
    sheet.cell(row_of(sheet, "1.3"), 1).value = "1.2"
    assert errors_of(as_bytes(book)) == [
        f"Sheet “Green Almaty”, row {row}, column W: unknown agency “Ministry of Magic”.",
        f"Sheet “Green Almaty”, row {row + 1}, column A: item 1.2 is listed twice (also on row "
        f"{row}).",
    ]


def test_a_subtotal_written_as_a_formula_or_left_out_is_refused():
    book = opened()
    sheet = book.worksheets[0]
    subtotal = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 22).value == "subtotal:air"
    )
    sheet.cell(subtotal, 15).value = "=SUM(O7:O16)"
    waste = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 22).value == "subtotal:waste"
    )
    sheet.delete_rows(waste)
    heading = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 22).value == "section:waste"
    )
    assert errors_of(as_bytes(book)) == [
        f"Sheet “Green Almaty”, row {subtotal}, column O: a subtotal must be the published figure, "
        "not a formula.",
        f"Sheet “Green Almaty”, row {heading}, column B: the section “Unified system of municipal "
        "solid waste collection and recycling in the agglomeration” has no subtotal row.",
    ]


def test_errors_speak_the_users_language():
    book = opened("kk")
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "1.4"), 8).value = "көп"
    (message,) = errors_of(as_bytes(book), "ru")
    assert message.startswith("Лист «Жасыл Алматы», строка")
    assert ", столбец H: " in message


@pytest.mark.django_db
def test_a_bad_workbook_changes_nothing_in_the_database(roadmap, tmp_path):
    book = opened()
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "1.4"), 8).value = 120
    sheet.cell(row_of(sheet, "1.3"), 3).value = "ЭжҚОБ, Nobody"
    sheet.cell(row_of(sheet, "1.3"), 23).value = None
    path = tmp_path / "bad.xlsx"
    path.write_bytes(as_bytes(book))
    with pytest.raises(CommandError, match="unknown agency “Nobody”"):
        call_command("roadmap", "import", str(path), "--reason", "x", "--language", "en")
    assert ProgrammeVersion.objects.count() == 1
    assert not PlanImport.objects.exists()
    assert plan_from_db(roadmap) == bundled()


# --- dry run and apply ------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_dry_run_lists_the_changes_and_changes_nothing(roadmap, tmp_path):
    path = tmp_path / "edited.xlsx"
    path.write_bytes(edited())
    out = run("roadmap", "import", str(path), "--dry-run", "--language", "en")
    assert "Changed activity 1.4: name" in out
    assert "Figure 1.4 / 2023: 112 -> 120" in out
    assert "Dry run: nothing was changed." in out
    assert ProgrammeVersion.objects.count() == 1


@pytest.mark.django_db
def test_an_import_amends_the_plan_keeps_the_previous_edition_and_logs_the_file(roadmap, tmp_path):
    path = tmp_path / "edited.xlsx"
    path.write_bytes(edited())
    out = run("roadmap", "import", str(path), "--programme", "green-almaty", "--reason",
              "Akimat decision", "--language", "en")  # fmt: skip
    assert "the plan is now edition 2" in out
    plan = plan_from_db(roadmap)
    activity = plan.activity("1.4")
    assert activity.figures.funding["2023"] == Decimal(120)
    assert activity.name.ru == "Установка электрозарядных станций (уточнено)"
    assert activity.name.kk == bundled().activity("1.4").name.kk
    assert [v.number for v in roadmap.versions.all()] == [1, 2]
    log = PlanImport.objects.get()
    assert (log.file_name, log.reason, log.version.number, log.language) == (
        "edited.xlsx", "Akimat decision", 2, "ru",
    )  # fmt: skip
    assert log.file.read() == path.read_bytes()
    assert {"row": "1.4", "column": "2023", "old": "112", "new": "120"} in log.diff["figures"]


@pytest.mark.django_db
def test_the_import_refuses_a_workbook_of_another_programme(roadmap, tmp_path):
    path = tmp_path / "edited.xlsx"
    path.write_bytes(edited())
    with pytest.raises(CommandError, match="not “other”"):
        call_command("roadmap", "import", str(path), "--programme", "other", "--reason", "x",
                     "--language", "en")  # fmt: skip


@pytest.mark.django_db
def test_export_xlsx_writes_the_workbook(roadmap, tmp_path):
    path = tmp_path / "plan.xlsx"
    run("roadmap", "export", "--format", "xlsx", "--language", "kk", "--output", str(path))
    assert read_workbook(path.read_bytes()).plan == bundled()


def test_the_workbook_carries_the_notes_in_every_language():
    plan = bundled()
    notes = read_workbook(workbook_bytes(plan, "kk")).plan.activity("12.2").notes
    assert "басылған барлығы 10 сақталды" in notes.kk
    assert "Напечатанный итог 10 сохранён" in notes.ru
    assert "The printed total 10 is kept" in notes.en
    assert notes == plan.activity("12.2").notes
