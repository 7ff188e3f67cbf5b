"""The activity and section pages draw plan against spent by period once a report is approved
(an SVG with its table); the roadmap as published prints on landscape pages, fitted to width."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib.staticfiles import finders

from jasyl.testing.reports import approved_reports

CHART = re.compile(
    r'<figure class="chart">\s*<figcaption id="chart-[\w.-]+-spent">(.*?)</figure>', re.S
)


def test_activity_and_section_pages_chart_plan_against_spent(client, roadmap):
    approved_reports(roadmap, ["2.2"], spent=Decimal("12.5"))
    activity = client.get("/en/programmes/green-almaty/activities/2.2/").content.decode()
    section = re.search(r'href="(/en/programmes/green-almaty/sections/[\w-]+/)"', activity)
    assert section is not None
    for page in (activity, client.get(section[1]).content.decode()):
        chart = CHART.search(page)
        assert chart is not None
        assert "Planned and spent by period" in chart[1]
        assert 'class="spent"' in chart[1] and "<svg" in chart[1]
        assert "12.5" in chart[1], "the table behind the chart holds the spent money"


def test_the_roadmap_prints_landscape_fitted_to_the_page_width(client, roadmap):
    page = client.get("/en/programmes/green-almaty/roadmap/").content.decode()
    found = re.search(r'<link rel="stylesheet" href="/static/([^"]+)" media="print">', page)
    assert found is not None
    with open(finders.find(found[1]), encoding="utf-8") as file:
        sheet = file.read()
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape", sheet)
    assert re.search(r"table\.plan\s*\{\s*width:\s*100%", sheet)
