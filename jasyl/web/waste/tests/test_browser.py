"""The programme office registers a container site with its containers in real Chromium and
advances its status; the public then finds it in service. axe-core finds no serious violation
on the waste pages, in each language. The districts are synthetic squares."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.testing.people import PASSWORD
from jasyl.web.waste.tests.conftest import container_site, eco_station

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parents[2] / "tests" / "vendor" / "axe.min.js"
WASTE = "/programmes/green-almaty/waste/"


@pytest.fixture
def chromium(team, districts):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def own_only(context, live_server, outside: list[str]) -> None:
    own = urlsplit(live_server.url).netloc

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == own:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)


def sign_in(page, live_server, language: str = "en") -> None:
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")


def test_the_office_registers_a_container_site_and_puts_it_in_service(chromium, live_server, team):
    today = timezone.localdate().isoformat()
    site = live_server.url + "/en" + WASTE
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(context, live_server, outside)
    page = context.new_page()
    sign_in(page, live_server)

    page.goto(site + "container-sites/")
    page.click("text=Register a container site")
    page.fill("#id_code", "UG-1")
    page.fill("#id_name_en", "Underground site on Abay")
    page.select_option("#id_kind", "underground")
    page.select_option(
        "#id_activity",
        label=page.locator("#id_activity option", has_text="10.2 —").first.inner_text(),
    )
    page.fill("#id_longitude", "76.9105")
    page.fill("#id_latitude", "43.2505")
    page.fill("#id_containers_dry", "2")
    page.fill("#id_containers_wet", "3")
    page.fill("#id_volume_m3", "3")
    page.screenshot(path=str(ARTIFACTS / "waste-site-form.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_url("**/container-sites/*/")
    assert page.locator("h1").inner_text() == "Underground site on Abay"
    assert "west ауданы" in page.locator("main").inner_text()
    containers = page.locator("#containers tbody").inner_text()
    assert "dry (mixed recyclables)" in containers and "wet (residual)" in containers
    assert page.locator("#status").inner_text() == "planned"

    page.click("text=Change its status")
    page.select_option("#id_status", "under_construction")
    page.fill("#id_on", today)
    page.click("main button[type=submit]")
    page.wait_for_url("**/container-sites/*/")
    assert page.locator("#status").inner_text() == "under construction"
    page.click("text=Change its status")
    # Forward only: the statuses before the present one are not offered.
    offered = page.locator("#id_status option").all_inner_texts()
    assert offered == ["in service", "decommissioned"]
    page.select_option("#id_status", "in_service")
    page.fill("#id_on", today)
    page.click("main button[type=submit]")
    page.wait_for_url("**/container-sites/*/")
    assert page.locator("#status").inner_text() == "in service"
    page.screenshot(path=str(ARTIFACTS / "waste-site.png"), full_page=True)
    context.close()

    public = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(public, live_server, outside)
    visitor = public.new_page()
    visitor.goto(site + "container-sites/?status=in_service")
    row = visitor.locator("#rows-table tbody tr").first
    assert row.locator("th").inner_text() == "UG-1"
    public.close()
    assert not outside, f"requests outside the site: {outside}"


@pytest.fixture
def rows(team, districts):
    return container_site("CS-1").pk, eco_station("ECO-1").pk


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_axe_finds_no_serious_violation_on_the_waste_pages(rows, chromium, live_server, language):
    site_pk, eco_pk = rows
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    own_only(context, live_server, outside)
    page = context.new_page()

    def check(url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        blocking = [
            f"{v['id']} [{v['impact']}] {v['help']} at {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not blocking, f"{url}: {blocking}"

    base = f"{live_server.url}/{language}{WASTE}"
    for path in (
        "container-sites/",
        f"container-sites/{site_pk}/",
        "sites/",
        f"sites/{eco_pk}/",
        "plants/",
        "recyclables/",
    ):
        check(base + path)
    sign_in(page, live_server, language)
    for path in ("container-sites/new/", f"container-sites/{site_pk}/status/"):
        check(base + path)
    context.close()
    assert not outside, f"requests outside the site: {outside}"
