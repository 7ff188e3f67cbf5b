"""The PDF documents, rendered for real and read back with PDFium: text, pages, picture, fonts.

Each document is rendered once per language (module-scoped, inside a transaction that is rolled
back), because a render takes a second or two.
"""

from __future__ import annotations

import ctypes
import math
import re
from decimal import Decimal

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from jasyl.domain.indicators.interface import STATUS_LABELS
from jasyl.domain.indicators.selectors import assessed
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.planaudit.rules import audit
from jasyl.domain.reporting.models import ReportingPeriod
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.services import load_plan as load_into_database
from jasyl.samples.indicators import generate_observations
from jasyl.samples.progress import generate
from jasyl.testing.reports import approved_reports
from jasyl.web.common.charts.bars import bar_chart
from jasyl.web.common.tables import Table
from jasyl.web.reports.pdf import activity_sheet_pdf, programme_report_pdf

LANGUAGES = ("kk", "ru", "en")
A4 = (595.28, 841.89)  # points
# The published grand total of the bundled roadmap (million tenge), as each language prints it.
GRAND_TOTAL = {"kk": "451\u00a0519", "ru": "451\u00a0519", "en": "451,519"}
# Spent in the official test reports: three reports of 1 234,5 each.
OFFICIAL_SPENT = {"kk": "3\u00a0703,5", "ru": "3\u00a0703,5", "en": "3,703.5"}
SHEET = "2.2"
SHEET_SPENT = {"kk": "1\u00a0234,5", "ru": "1\u00a0234,5", "en": "1,234.5"}
# The end of the official 2023 period: a date names its month in every language.
PERIOD_END = {"kk": "2023 ж. 31 жел.", "ru": "31 декабря 2023", "en": "31 Dec 2023"}


def squeezed(text: str) -> str:
    """Text without any whitespace: lines break wherever the layout puts them."""
    return re.sub(r"\s+", "", text)


class Pdf:
    def __init__(self, content: bytes):
        self.content = content
        self.document = pypdfium2.PdfDocument(content)

    @property
    def pages(self) -> int:
        return len(self.document)

    def text(self) -> str:
        # PDFium reads a hyphen that ends a line as U+FFFE.
        text = "\n".join(page.get_textpage().get_text_range() for page in self.document)
        return text.replace("\ufffe", "-")

    def has(self, phrase: str) -> bool:
        return squeezed(phrase) in squeezed(self.text())

    def fonts(self) -> dict[str, bool]:
        """Every font that text is drawn in, and whether it is embedded."""
        found = {}
        for page in self.document:
            for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
                font = pdfium.FPDFTextObj_GetFont(obj.raw)
                name = ctypes.create_string_buffer(256)
                pdfium.FPDFFont_GetBaseFontName(font, name, 256)
                found[name.value.decode()] = bool(pdfium.FPDFFont_GetIsEmbedded(font))
        return found


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The bundled roadmap with sample data (2022-2025) and an official 2023 period with three
    approved reports; every document rendered in every language."""
    out: dict[str, object] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        programme = load_into_database(plan=load_plan(programme_folder("green-almaty"))).programme
        generate(programme, through=2025)
        sync_indicators(programme)
        generate_observations(programme, through=2025)
        approved_reports(programme, ["1.1", "2.2", "10.1"], year=2023, spent=Decimal("1234.5"))
        sample = ReportingPeriod.objects.get(programme=programme, sample=True, year=2025)
        official = ReportingPeriod.objects.get(programme=programme, sample=False, year=2023)
        plan = load_plan(programme_folder("green-almaty"))
        out["plan"] = plan
        out["findings"] = audit(plan)
        for language in LANGUAGES:
            with translation.override(language):
                out[f"sample-{language}"] = Pdf(programme_report_pdf(programme, sample))
                out[f"official-{language}"] = Pdf(programme_report_pdf(programme, official))
                out[f"sheet-{language}"] = Pdf(activity_sheet_pdf(programme, SHEET))
                out[f"statuses-{language}"] = {
                    str(STATUS_LABELS[i.outlook.status])
                    for i in assessed(programme, sample=True, as_of=sample.ends_on)
                }
        # The longest name and the most outputs: the hardest to keep on one page.
        longest = max(plan.activities, key=lambda a: len(a.name.kk) + 200 * len(a.outputs))
        with translation.override("kk"):
            out["long-sheet"] = Pdf(activity_sheet_pdf(programme, longest.code, sample=True))
        out["indicators"] = len(assessed(programme, sample=True))
        transaction.set_rollback(True)
    cache.clear()
    yield out
    for pdf in out.values():
        if isinstance(pdf, Pdf):
            pdf.document.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_report_states_title_activities_money_statuses_and_findings(rendered, language):
    pdf = rendered[f"sample-{language}"]
    plan = rendered["plan"]
    with translation.override(language):
        title = translation.gettext("Progress report for %(period)s") % {"period": "2025"}
    assert pdf.has(title)
    assert pdf.has(plan.name.get(language))
    assert pdf.has(plan.activity("1.6").name.get(language))
    assert GRAND_TOTAL[language] in pdf.text()
    statuses = rendered[f"statuses-{language}"]
    assert len(statuses) >= 2
    for label in statuses:
        assert pdf.has(label)
    finding = next(
        f
        for f in rendered["findings"]
        if f.rule == "kpi.reduction_baseline" and "1.6" in f.activities
    )
    assert pdf.has(finding.message.get(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_of_a_sample_period_carries_the_sample_banner_and_an_official_one_does_not(
    rendered, language
):
    with translation.override(language):
        banner = translation.gettext("Sample data, not official")
    assert rendered[f"sample-{language}"].has(banner)
    assert not rendered[f"official-{language}"].has(banner)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_name_their_month_in_every_language(rendered, language):
    assert rendered[f"official-{language}"].has(PERIOD_END[language])


def test_chart_figures_are_rounded_for_reading():
    table = Table(
        slug="spent",
        title="Spent",
        columns=["Section", "Spent"],
        rows=[["A", Decimal("12345.678901")], ["B", Decimal("5.4321")], ["C", None]],
        numeric=frozenset({1}),
    )
    with translation.override("ru"):
        svg = render_to_string("reports/_bar_chart.html", {"chart": bar_chart(table)})
    assert ">12\u00a0346<" in svg and ">5,43<" in svg and ">—<" in svg
    assert "678901" not in svg


@pytest.mark.parametrize("language", LANGUAGES)
def test_official_report_counts_only_the_official_approved_spending(rendered, language):
    # The sample periods spent far more; none of it may leak into the official figures.
    text = rendered[f"official-{language}"].text()
    assert OFFICIAL_SPENT[language] in text


def test_programme_report_page_count_follows_its_content(rendered):
    plan = rendered["plan"]
    # Table rows: every activity, every indicator, every finding, and the budget periods.
    rows = len(plan.activities) + rendered["indicators"] + len(rendered["findings"]) + 6
    # An A4 page at 9 pt holds at most about 60 lines, and a row takes one to six lines; the
    # title page, the summary and the charts come on top.
    fewest = 1 + math.ceil(rows / 60)
    most = 3 + math.ceil(rows * 6 / 60)
    for language in LANGUAGES:
        assert fewest <= rendered[f"sample-{language}"].pages <= most, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_activity_sheet_is_one_page_with_the_activity_its_money_and_latest_report(
    rendered, language
):
    pdf = rendered[f"sheet-{language}"]
    activity = rendered["plan"].activity(SHEET)
    assert pdf.pages == 1
    assert pdf.has(activity.name.get(language))
    assert SHEET_SPENT[language] in pdf.text()
    assert pdf.has(f"Report on {SHEET} for 2023")


def test_activity_sheet_of_the_longest_activity_still_fits_on_one_page(rendered):
    assert rendered["long-sheet"].pages == 1


@pytest.mark.parametrize("document", ["sample", "sheet"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_first_page_is_a4_and_not_blank(rendered, document, language):
    page = rendered[f"{document}-{language}"].document[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    # At 72 dpi one pixel is one point; PDFium rounds the bitmap's size up.
    image = page.render(scale=1).to_pil().convert("L")
    assert image.size == (math.ceil(A4[0]), math.ceil(A4[1]))
    dark = sum(image.histogram()[:128])
    assert dark > 1000


@pytest.mark.parametrize("document", ["sample", "sheet"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_fonts_are_embedded_dejavu(rendered, document, language):
    fonts = rendered[f"{document}-{language}"].fonts()
    assert fonts
    assert all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts), fonts


def test_kazakh_letters_survive_in_the_text(rendered):
    text = rendered["sample-kk"].text()
    for letter in "әғқңөұүі":
        assert letter in text
