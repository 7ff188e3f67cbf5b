"""The programme office registers an EV charging location with two connectors in real Chromium
and puts it in service; the public then finds its charging points counted on activity 1.4's
page (planned, reported and registered). The districts are synthetic squares."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.web.waste.tests.test_browser import own_only, sign_in

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

REGISTRIES = "/en/programmes/green-almaty/registries/"


@pytest.fixture
def chromium(team, districts):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def test_the_office_registers_a_charger_with_two_connectors_and_it_is_counted(
    chromium, live_server, team
):
    today = timezone.localdate()
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(context, live_server, outside)
    page = context.new_page()
    sign_in(page, live_server)

    page.goto(live_server.url + REGISTRIES + "ev-chargers/")
    page.click("text=Register a charging location")
    page.fill("#id_code", "EV-ABAY")
    page.fill("#id_name_en", "Abay 10 charging")
    page.select_option(
        "#id_activity",
        label=page.locator("#id_activity option", has_text="1.4 —").first.inner_text(),
    )
    page.fill("#id_longitude", "76.9105")
    page.fill("#id_latitude", "43.2505")
    page.fill("#id_operator", "City parking")
    # Connector 1 on charging point 1 (its uid and id are offered), connector 1 of point 2.
    page.select_option("#id_c1_standard", "IEC_62196_T2")
    page.select_option("#id_c1_power_type", "AC_3_PHASE")
    page.fill("#id_c1_max_power_kw", "22")
    page.fill("#id_c2_evse_uid", "2")
    page.fill("#id_c2_connector_id", "1")
    page.select_option("#id_c2_standard", "IEC_62196_T2_COMBO")
    page.select_option("#id_c2_power_type", "DC")
    page.fill("#id_c2_max_power_kw", "150")
    page.screenshot(path=str(ARTIFACTS / "charging-location-form.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_url("**/ev-chargers/*/")
    assert page.locator("h1").inner_text().startswith("Abay 10 charging")
    assert page.locator("#status").inner_text() == "planned"
    connectors = page.locator("main table").last.inner_text()
    assert "IEC_62196_T2_COMBO" in connectors and "AC_3_PHASE" in connectors

    page.click("text=Change its status")
    page.select_option("#id_status", "in_service")
    page.fill("#id_on", today.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url("**/ev-chargers/*/")
    assert page.locator("#status").inner_text() == "in service"
    context.close()

    public = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(public, live_server, outside)
    visitor = public.new_page()
    visitor.goto(live_server.url + "/en/programmes/green-almaty/activities/1.4/")
    heading = visitor.locator("#registry-outputs")
    assert heading.inner_text() == "Planned, reported and registered"
    rows = visitor.locator("#registry-outputs + p + div table tbody tr")
    # The columns: planned, reported, registered, then what the reports cite.
    cells = [rows.nth(i).locator("td") for i in range(rows.count())]
    registered = [c.nth(c.count() - 2).inner_text() for c in cells]
    # Two charging points (EVSEs) in service this year, in the period that holds it; none else.
    assert sorted(registered)[-1] == "2" and registered.count("2") == 1
    visitor.screenshot(path=str(ARTIFACTS / "charging-activity.png"), full_page=True)
    public.close()
    assert not outside, f"requests outside the site: {outside}"
