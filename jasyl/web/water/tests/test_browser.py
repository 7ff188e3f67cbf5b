"""The programme office registers a canal section in real Chromium by pasting its line,
advances its status and records a reconstruction with its kilometres; the public then finds it
in service, measured and placed. The districts are synthetic squares."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, own_only, require_chromium
from jasyl.testing.people import PASSWORD

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

WATER = "/programmes/green-almaty/water/"
LINE = "LINESTRING(76.905 43.2505, 76.915 43.2510)"


@pytest.fixture
def chromium(team, districts):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def test_the_office_registers_a_canal_section_and_puts_it_in_service(chromium, live_server):
    today = timezone.localdate().isoformat()
    site = live_server.url + "/en" + WATER
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(context, live_server, outside)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")

    page.goto(site + "objects/")
    page.click("text=Register a water object")
    page.fill("#id_code", "CANAL-7")
    page.fill("#id_name_en", "Canal section on Abay")
    page.select_option("#id_kind", "canal")
    page.select_option("#id_usage", "irrigation")
    page.select_option(
        "#id_activity",
        label=page.locator("#id_activity option", has_text="5.2 —").first.inner_text(),
    )
    # A point is not a canal: the form says so, beside the shape.
    page.fill("#id_geometry", "POINT(76.91 43.25)")
    page.click("main button[type=submit]")
    assert "canal is drawn as LineString" in page.locator("main").inner_text()
    page.fill("#id_geometry", LINE)
    page.screenshot(path=str(ARTIFACTS / "water-canal-form.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_url("**/objects/*/")
    assert page.locator("h1").inner_text() == "Canal section on Abay"
    assert "west ауданы" in page.locator("main").inner_text()
    assert "waterway=canal" in page.locator("main").inner_text()
    assert page.locator("#status").inner_text() == "planned"
    length = float(page.locator("#length").inner_text().replace(",", "."))
    assert 0.8 < length < 0.9

    page.click("text=Change its status")
    page.select_option("#id_status", "under_construction")
    page.fill("#id_on", today)
    page.click("main button[type=submit]")
    page.wait_for_url("**/objects/*/")
    assert page.locator("#status").inner_text() == "under construction"
    page.click("text=Change its status")
    assert page.locator("#id_status option").all_inner_texts() == ["in service", "decommissioned"]
    page.select_option("#id_status", "in_service")
    page.fill("#id_on", today)
    page.click("main button[type=submit]")
    page.wait_for_url("**/objects/*/")
    assert page.locator("#status").inner_text() == "in service"

    page.click("text=Add a work")
    page.select_option("#id_kind", "reconstruction")
    page.fill("#id_done_on", today)
    page.fill("#id_km_done", "0,5")
    page.fill("#id_source", "Act of acceptance")
    page.click("main button[type=submit]")
    page.wait_for_url("**/objects/*/")
    assert "reconstruction" in page.locator("#works tbody").inner_text()
    page.screenshot(path=str(ARTIFACTS / "water-canal.png"), full_page=True)
    context.close()

    public = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(public, live_server, outside)
    visitor = public.new_page()
    visitor.goto(site + "objects/?status=in_service&kind=canal")
    row = visitor.locator("#rows-table tbody tr").first
    assert row.locator("th").inner_text() == "CANAL-7"
    public.close()
    assert not outside, f"requests outside the site: {outside}"
