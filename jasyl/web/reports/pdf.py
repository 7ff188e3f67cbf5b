"""Templates to PDF with WeasyPrint (which needs Pango and the DejaVu fonts: see `./dev`).

WeasyPrint embeds a subset of every font it uses, so the PDF reads the same on any machine.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from jasyl.core.i18n import current_language
from jasyl.domain.reporting.models import ReportingPeriod
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.web.reports.documents import activity_sheet, programme_report

# Font sizes an activity sheet tries, largest first, until it fits on one page.
SHEET_SIZES = ("9pt", "8pt", "7pt", "6pt")


def css_string(text: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, line breaks as spaces, and `<`
    escaped so that the text cannot close the `<style>` element it is written in."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + re.sub(r"\s+", " ", escaped) + '"'


def page_counter() -> SafeString:
    """The `content` of the page-number box: the translated "Page 2 of 9" with CSS counters
    where the placeholders are, so each language keeps its own word order."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    parts = []
    for i, piece in enumerate(text.split(marker)):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))


def render(template: str, context: dict[str, Any]) -> bytes:
    """The template rendered as a PDF, in the active language."""
    html = render_to_string(template, {**context, "page_counter": page_counter()})
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def render_one_page(template: str, context: dict[str, Any]) -> bytes:
    """The template as a one-page PDF: the font shrinks step by step until it fits (a long
    name or narrative would otherwise spill onto a second page). The smallest size is kept
    even if it still does not fit, rather than cutting published text."""
    document = None
    for size in SHEET_SIZES:
        html = render_to_string(
            template, {**context, "page_counter": page_counter(), "font_size": size}
        )
        document = HTML(string=html).render()
        if len(document.pages) == 1:
            break
    assert document is not None
    return document.write_pdf()  # type: ignore[no-any-return]


def _margins(plan: Plan, title: str, produced: datetime.date, sample: bool) -> dict[str, str]:
    """The running header and footer texts, in the active language."""
    return {
        "title": title,
        "running": f"{plan.name.get(current_language())} · {title}",
        "produced": _("Produced on %(date)s")
        % {"date": date_format(produced, "SHORT_DATE_FORMAT")},
        "banner": _("Sample data, not official") if sample else "",
    }


def programme_report_pdf(programme: Programme, period: ReportingPeriod) -> bytes:
    """The programme progress report for `period` as a PDF, in the active language."""
    report = programme_report(programme, period)
    title = _("Progress report for %(period)s") % {"period": period.label}
    return render(
        "reports/programme.html",
        {"report": report, **_margins(report.plan, title, report.produced_on, report.sample)},
    )


def activity_sheet_pdf(programme: Programme, code: str, *, sample: bool = False) -> bytes:
    """The one-page sheet of an activity as a PDF, in the active language; `LookupError` when
    the plan has no such activity."""
    sheet = activity_sheet(programme, code, sample=sample)
    title = _("Activity %(code)s") % {"code": code}
    return render_one_page(
        "reports/activity_sheet.html",
        {"sheet": sheet, **_margins(sheet.plan, title, sheet.produced_on, sheet.sample)},
    )


def filename(programme: Programme, name: str) -> str:
    """The download's file name: programme, document and language, e.g.
    `green-almaty-2025-q4-ru.pdf`."""
    return f"{programme.code}-{name}-{current_language()}.pdf"
