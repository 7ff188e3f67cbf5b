"""At a phone's width (375 px) the header stays small with its menu behind a button, and the
dashboard, the agency's inbox and the report form fit the screen: nothing widens the page, and
the inbox keeps its State and Status columns in view. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.testing.people import PASSWORD
from jasyl.testing.reports import open_period

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WIDTH, HEIGHT = 375, 667
INBOX = "/en/programmes/green-almaty/reporting/"


def overflow(page) -> int:
    """How many pixels the page is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def blocking(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return [v["id"] for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.django_db(transaction=True)
def test_a_phone_sees_a_small_header_and_pages_that_fit(live_server, team):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    period = open_period(team, year=2025, quarter=1)
    report = f"{INBOX}{period.slug}/2.2/"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, bypass_csp=True)
        page = context.new_page()

        page.goto(f"{live_server.url}/en/programmes/green-almaty/")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= HEIGHT / 8, "the header leaves the screen to the page"
        assert not page.locator("nav[aria-label=Main]").is_visible()
        page.click("header summary")
        assert page.locator("nav[aria-label=Main] a").first.is_visible(), "the menu opens"
        page.click("header summary")
        assert overflow(page) <= 0, "the dashboard fits"
        assert blocking(page) == []
        page.screenshot(path=str(ARTIFACTS / "phone-dashboard.png"), full_page=True)

        page.goto(f"{live_server.url}/en/accounts/login/")
        page.fill("[name=username]", "editor")
        page.fill("[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"**{INBOX}")
        assert overflow(page) <= 0, "the inbox fits"
        for name in ("State", "Status"):
            column = page.locator("table.plan thead th", has_text=name).first.bounding_box()
            assert column["x"] >= 0 and column["x"] + column["width"] <= WIDTH, name
        assert blocking(page) == []
        page.screenshot(path=str(ARTIFACTS / "phone-inbox.png"), full_page=True)

        page.goto(f"{live_server.url}{report}")
        assert page.locator("form [name=progress]").is_visible()
        assert overflow(page) <= 0, "the report form fits"
        assert blocking(page) == []
        page.screenshot(path=str(ARTIFACTS / "phone-report.png"), full_page=True)
        browser.close()
