"""The Content Security Policy in real Chromium: the dashboard, an activity page with its progress
bars, the air-quality station map, the sign-in page and the Swagger UI all draw, and the
browser reports no violation of the policy and no error in the console. By default the station
map asks nothing of any other site, and its markers open their popups from the keyboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

playwright = pytest.importorskip("playwright.sync_api")

# Every violation, as the page sees it, recorded before any of its own scripts runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


@pytest.fixture
def browser_page(live_server):
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    own = urlsplit(live_server.url).netloc
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        context.add_init_script(LISTEN)
        page = context.new_page()
        # Every request for another site, recorded and refused (none is reachable from the tests).
        page.outside = []

        def only_the_site(route):
            if urlsplit(route.request.url).netloc == own:
                route.continue_()
            else:
                page.outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_site)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        yield page
        browser.close()


def visit(page, url, name):
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    return response


def assert_clean(page, name):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"csp-{name}.png"), full_page=True)
    violations = page.evaluate("window.__violations")
    assert not violations, f"{name}: Content Security Policy violations: {violations}"
    assert not page.errors, f"{name}: errors in the console: {page.errors}"


@pytest.mark.django_db(transaction=True)
def test_the_pages_draw_under_the_policy_without_a_violation(browser_page, live_server, roadmap):
    from jasyl.domain.indicators.services import sync_indicators
    from jasyl.samples.air import generate
    from jasyl.testing.reports import approved_reports

    page = browser_page
    sync_indicators(roadmap)
    approved_reports(roadmap, ["2.2"], year=2023)
    generate(days=3)
    base = f"{live_server.url}/en/programmes/green-almaty"

    response = visit(page, base + "/", "dashboard")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert page.locator("figure.chart svg").count() >= 1
    assert_clean(page, "dashboard")

    visit(page, base + "/activities/2.2/", "activity")
    bar = page.locator("#progress-history + .table-scroll .progress-bar rect").first
    assert bar.get_attribute("width") == "50"
    assert bar.bounding_box()["width"] > 0, "the progress bar is drawn"
    assert_clean(page, "activity")

    visit(page, base + "/air/?data=sample", "air")
    page.wait_for_selector("#station-map[data-state=ready]", timeout=30_000)
    markers = page.locator("#station-map .maplibregl-marker")
    assert markers.count() == 4
    assert page.locator("#station-map canvas").count() == 1
    # The keyboard opens a station's popup: its name links to the station, its lines are text.
    markers.first.focus()
    page.keyboard.press("Enter")
    popup = page.locator("#station-map .maplibregl-popup-content")
    popup.wait_for()
    link = popup.get_by_role("link", name=markers.first.get_attribute("aria-label"))
    assert link.get_attribute("href").startswith("/en/programmes/green-almaty/air/stations/")
    assert "Operator: Sample data" in popup.inner_text()
    assert_clean(page, "air")
    assert not page.outside, f"the station map asked other sites: {page.outside}"

    visit(page, f"{live_server.url}/en/accounts/login/", "sign-in")
    assert page.locator("main form input[name=username]").count() == 1
    assert_clean(page, "sign-in")

    visit(page, f"{live_server.url}/api/v1/docs/", "swagger")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() >= 13
    # Try one: the request goes out and its answer is shown.
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert_clean(page, "swagger")
