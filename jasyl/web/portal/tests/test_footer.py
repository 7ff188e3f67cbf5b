"""Every page of a programme links, in its footer, the ledgers, the registries, the open data
package and the API's documentation; every page has the site's icon."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from jasyl.domain.indicators.services import sync_indicators

FOOTER = re.compile(r'<footer class="site-footer">(.*?)</footer>', re.S)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_footer_links_the_ledgers_the_open_data_and_the_api_and_each_link_works(
    roadmap, language
):
    sync_indicators(roadmap)  # the ledgers read the plan's indicators
    client = Client()
    page = client.get(f"/{language}/programmes/green-almaty/roadmap/").content.decode()
    footer = FOOTER.search(page)
    assert footer is not None
    links = re.findall(r'href="([^"]+)"', footer[1])
    assert links == [
        f"/{language}/programmes/green-almaty/ledgers/green-fund/",
        f"/{language}/programmes/green-almaty/green-fund/permits/",
        f"/{language}/programmes/green-almaty/green-fund/districts/",
        f"/{language}/programmes/green-almaty/ledgers/emissions/",
        f"/{language}/programmes/green-almaty/ledgers/waste/",
        f"/{language}/programmes/green-almaty/low-emission-zones/",
        f"/{language}/programmes/green-almaty/registries/ev-chargers/",
        f"/{language}/programmes/green-almaty/waste/container-sites/",
        f"/{language}/programmes/green-almaty/water/objects/",
        "/opendata/green-almaty/datapackage.zip",
        "/api/v1/docs/",
    ]
    for link in links:
        assert client.get(link).status_code == 200, link


def test_every_page_has_the_sites_icon(roadmap):
    page = Client().get("/en/programmes/green-almaty/roadmap/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon is not None and icon[1].endswith("jasyl/favicon.svg")
    assert finders.find("jasyl/favicon.svg")
