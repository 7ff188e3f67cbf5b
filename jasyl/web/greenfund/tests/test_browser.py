"""The programme office's green-fund journey in real Chromium: sign in, place a tree with the
form, issue a felling permit for it, record the felling and the compensatory planting, then see,
as the public, the permit fulfilled in the register and the registry's stock move on the
district statistics. The districts are synthetic squares, never real boundaries. And axe-core
finds no serious violation on the green fund's pages, in each language."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.testing.people import PASSWORD
from jasyl.web.greenfund.tests.conftest import IN_EAST, permit, reference_data, tree

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parents[2] / "tests" / "vendor" / "axe.min.js"
GREEN = "/programmes/green-almaty/green-fund/"
# Every violation of the Content Security Policy, recorded before the page's own scripts run.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


@pytest.fixture
def chromium(team, districts):
    """The browser, started after the test's rows are written (Django keeps a database
    connection per context; one opened inside Playwright's would outlive the test database)."""
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


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"greenfund-{name}.png"), full_page=True)


def stock(page, url: str) -> int:
    page.goto(url)
    return int(page.locator("#stock").inner_text().replace(",", ""))


@pytest.fixture
def one_tree(team, districts):
    """The registry is not empty before the journey."""
    reference_data()
    return tree("OTHER-1", IN_EAST)


def test_the_office_fells_a_tree_and_plants_its_compensation(one_tree, chromium, live_server, team):
    today = timezone.localdate().isoformat()
    site = live_server.url + "/en" + GREEN
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(context, live_server, outside)
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    before = stock(page, site + "districts/")
    assert before == 1

    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")

    page.goto(site + "trees/new/")
    # The small map draws the districts and a click on it fills in the place.
    page.wait_for_selector("#place-picker canvas")
    page.wait_for_timeout(500)
    page.click("#place-picker canvas", position={"x": 300, "y": 100})
    assert page.input_value("#id_longitude") != ""
    assert page.evaluate("window.__violations") == [] and errors == []
    page.fill("#id_code", "BR-1")
    page.fill("#id_longitude", "76.9105")
    page.fill("#id_latitude", "43.2505")
    page.select_option("#id_condition", "hazardous")
    shot(page, "tree-form")
    page.click("main button[type=submit]")
    page.wait_for_url("**/trees/*/")
    assert page.locator("h1").inner_text() == "Tree BR-1"
    assert "west ауданы" in page.locator("main").inner_text()

    page.click("text=Record a felling permit for it")
    assert page.input_value("#id_trees") == "BR-1"
    page.fill("#id_number", "BR-P1")
    page.fill("#id_issued_on", today)
    page.select_option("#id_reason", "hazardous")
    page.click("main button[type=submit]")
    page.wait_for_url("**/permits/*/")
    assert page.locator("#owed").inner_text() == "10"
    shot(page, "permit-open")

    page.click("text=Record a felling")
    assert page.is_checked("input[name=trees][value=BR-1]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/permits/*/")
    assert "compensation due" in page.locator("main").inner_text()

    page.click("text=Record a compensatory planting")
    page.fill("#id_planted_on", today)
    page.fill("#id_points", "\n".join(f"76.91{n}, 43.255" for n in range(10)))
    page.click("main button[type=submit]")
    page.wait_for_url("**/permits/*/")
    assert page.locator("#planted").inner_text() == "10"
    assert "fulfilled: the compensation is planted" in page.locator("main").inner_text()
    shot(page, "permit-fulfilled")
    context.close()

    public = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    own_only(public, live_server, outside)
    visitor = public.new_page()
    visitor.goto(site + "permits/?state=fulfilled")
    row = visitor.locator("#permits-table tbody tr").first
    assert row.locator("th").inner_text() == "BR-P1"
    assert row.locator(".indicator-met").inner_text() == "fulfilled"
    shot(visitor, "register")
    # One tree placed, felled, ten planted in its place: the stock moves from 1 to 11.
    assert stock(visitor, site + "districts/") == before + 10
    shot(visitor, "districts")
    public.close()
    assert not outside, f"requests outside the site: {outside}"


@pytest.fixture
def permits(team, districts):
    reference_data()
    felled = permit("P-1", [tree("T1")], felled_on=timezone.localdate())
    permit("P-2", [tree("T2", IN_EAST)], reason="construction")
    # Read now: a query inside Playwright's context would open a connection that outlives the
    # test database.
    return felled.pk, felled.trees.get().pk


@pytest.fixture
def axe(permits, chromium, live_server):
    outside: list[str] = []
    # axe-core is an inline script, which the site's Content Security Policy forbids: the
    # test's own script bypasses it, as in jasyl/web/tests/test_accessibility.py.
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
        assert not outside, f"requests outside the site: {outside}"

    yield page, check
    context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_axe_finds_no_serious_violation_on_the_green_fund_pages(
    permits, axe, live_server, language
):
    felled, felled_tree = permits
    page, check = axe
    site = f"{live_server.url}/{language}{GREEN}"
    public = ["permits/", f"permits/{felled}/", "trees/", "districts/", "parks/"]
    public += ["nurseries/", "wood-waste-sites/", f"trees/{felled_tree}/"]
    for path in public:
        check(site + path)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")
    office = ["trees/new/", "permits/new/", f"permits/{felled}/felling/"]
    office += [f"permits/{felled}/planting/", "moderation/", "import/", "import/trees/"]
    for path in office:
        check(site + path)
