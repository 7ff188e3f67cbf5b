"""The map page in real Chromium (software WebGL): the districts are drawn from Jasyl's own tiles,
the layer switcher hides and shows them, a click on a district shows its card, axe-core finds no
serious violation, nothing breaks the Content Security Policy, and without WebGL the page says
so and keeps its lists. The district is a synthetic square, never a real boundary."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from jasyl.domain.places.models import AdministrativeUnit
from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")

AXE = Path(__file__).resolve().parents[2] / "tests" / "vendor" / "axe.min.js"
SQUARE = (76.90, 43.24, 76.92, 43.26)
CENTRE = (76.91, 43.25)
BACKGROUND = (244, 246, 245)  # #f4f6f5, map.js's plain background
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


@pytest.fixture
def district(db, settings):
    # The map opens on the district, at a zoom where it fills the middle of the map.
    settings.JASYL_MAP_CENTRE = CENTRE
    settings.JASYL_MAP_ZOOM = 13
    return AdministrativeUnit.objects.create(
        code="west", name_kk="Батыс ауданы", name_en="West district",
        boundary=MultiPolygon(Polygon.from_bbox(SQUARE), srid=4326),
        source="synthetic.geojson",
    )  # fmt: skip


@pytest.fixture
def chromium(district):
    """Playwright's browser, started after the test's rows are written: Django keeps its
    database connections per context, and one opened inside Playwright's would outlive the test
    database (PostgreSQL then refuses to drop it)."""
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        yield p.chromium


def open_page(browser, live_server, **options):
    """A page that records errors, policy violations, tiles fetched and any request that would
    leave the site (refused)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", **options
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    own = urlsplit(live_server.url).netloc
    page.errors, page.outside, page.tiles = [], [], []

    def only_the_site(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "response",
        lambda r: page.tiles.append(r.status) if "/tiles/districts/" in r.url else None,
    )
    return page


def close(page, browser):
    """Close once no request is left in flight: a tile request still running in the live
    server would keep its database connection past the test."""
    page.wait_for_load_state("networkidle")
    browser.close()


def wait_until_drawn(page):
    page.wait_for_selector("#map-app[data-state=ready]", timeout=30_000)


def pixel(page, x_share, y_share):
    """The colour drawn at a point of the map, as shares of its width and height."""
    shot = Image.open(io.BytesIO(page.locator("#map").screenshot())).convert("RGB")
    return shot.getpixel((int(shot.width * x_share), int(shot.height * y_share)))


def near(colour, expected, tolerance=6):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_the_map_draws_the_districts_toggles_them_and_shows_a_districts_card(
    chromium, live_server, district
):
    browser = chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    page = open_page(browser, live_server)
    response = page.goto(f"{live_server.url}/en/map/")
    assert response is not None and response.ok
    wait_until_drawn(page)
    page.screenshot(path=str(ARTIFACTS / "map-districts.png"), full_page=True)

    assert page.locator("#map canvas").count() == 1
    assert page.tiles and set(page.tiles) <= {200, 204} and 200 in page.tiles
    # The district fills the middle in its green, over the plain background of the corners.
    inside, corner = pixel(page, 0.5, 0.5), pixel(page, 0.03, 0.05)
    assert near(corner, BACKGROUND), corner
    assert not near(inside, BACKGROUND) and inside[1] > inside[0] and inside[1] > inside[2], inside

    page.locator("#map canvas").click(position=center(page))
    card = page.locator("#map-card-body")
    card.locator("h3").wait_for()
    assert card.locator("h3").inner_text() == "West district"
    assert "west" in card.locator("dd").all_inner_texts()
    assert "Батыс ауданы" in card.locator("dd").all_inner_texts()

    switch = page.get_by_label("Districts")
    assert switch.is_checked()
    switch.uncheck()
    wait_until_drawn(page)
    assert near(pixel(page, 0.5, 0.5), BACKGROUND), "the hidden layer is no longer drawn"
    switch.check()
    wait_until_drawn(page)
    assert near(pixel(page, 0.5, 0.5), inside), "and is drawn again"

    assert not page.evaluate("window.__violations"), "Content Security Policy violations"
    assert not page.errors, page.errors
    assert not page.outside, page.outside
    close(page, browser)


def center(page):
    box = page.locator("#map canvas").bounding_box()
    return {"x": box["width"] / 2, "y": box["height"] / 2}


@pytest.mark.parametrize("language", ["en", "kk"])
def test_axe_finds_no_serious_violation_on_the_map_page(chromium, live_server, district, language):
    browser = chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    # axe-core is added as an inline script, which the site's policy forbids: bypassed here.
    page = open_page(browser, live_server, bypass_csp=True)
    page.goto(f"{live_server.url}/{language}/map/")
    wait_until_drawn(page)
    page.locator("#map canvas").click(position=center(page))
    page.locator("#map-card-body h3").wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        f"{v['id']} [{v['impact']}]: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, "\n".join(blocking)
    close(page, browser)


def test_without_webgl_the_page_says_so_and_keeps_the_lists(chromium, live_server, district):
    browser = chromium.launch(
        executable_path=CHROMIUM, args=[*FLAGS, "--disable-webgl", "--disable-3d-apis"]
    )
    page = open_page(browser, live_server)
    page.goto(f"{live_server.url}/en/map/")
    page.wait_for_selector("#map-unavailable:not([hidden])", timeout=30_000)
    assert page.locator("#map-app").is_hidden()
    assert page.get_by_role("listitem").filter(has_text="West district").count() == 1
    close(page, browser)
