"""The vehicle checker in real Chromium, in Kazakh, Russian and English: a driver fills in the
form for an old diesel car and reads that it may not enter the sample zone; axe-core finds no
serious violation on the checker's answer in each language, nor on the zone's page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jasyl.domain.lez import sample
from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parents[2] / "tests" / "vendor" / "axe.min.js"


@pytest.fixture
def zone(roadmap):
    sample.generate()
    return sample.CODE


def test_a_driver_checks_a_vehicle_in_three_languages(zone, live_server):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    outside: list[str] = []
    own = urlsplit(live_server.url).netloc
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # axe-core is an inline script, which the site's Content Security Policy forbids.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)

        def route(request_route):
            if urlsplit(request_route.request.url).netloc == own:
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()

        def axe(url: str) -> None:
            page.goto(url)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            blocking = [
                f"{v['id']} [{v['impact']}] {v['help']} at {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert not blocking, f"{url}: {blocking}"

        for language in ("kk", "ru", "en"):
            base = f"{live_server.url}/{language}/programmes/green-almaty/low-emission-zones/"
            page.goto(f"{base}{zone}/check/?data=sample")
            page.select_option("#id_category", "M1")
            page.select_option("#id_fuel", "diesel")
            page.select_option("#id_euro", "4")
            page.fill("#id_day", "2027-01-11")
            page.fill("#id_time", "09:00")
            page.click("#checker button[type=submit]")
            page.wait_for_selector("#answer")
            assert page.get_attribute("#answer-title", "data-decision") == "banned"
            assert "S2-DIESEL" in page.inner_text("#answer")
            assert f"/{language}/" in page.url and "data=sample" in page.url
            page.screenshot(path=str(ARTIFACTS / f"lez-check-{language}.png"), full_page=True)
            axe(page.url)
        axe(f"{base}{zone}/?data=sample")
        context.close()
        browser.close()
    assert not outside, f"requests outside the site: {outside}"
