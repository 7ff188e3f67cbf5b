"""Accessibility of every page in real Chromium: axe-core finds no serious or critical violation,
and the keyboard reaches the skip link first, with a visible focus outline.

axe-core is vendored in `vendor/` (see its README); nothing is fetched at test time.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jasyl.testing.browser import CHROMIUM, FLAGS, require_chromium

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
LANGUAGES = ["kk", "ru", "en"]

# Every page the site has, without its language prefix. Add new pages here.
PAGES = [
    "/",
    "/programmes/green-almaty/roadmap/",
    "/programmes/green-almaty/sections/waste/",
    "/programmes/green-almaty/activities/",
    "/programmes/green-almaty/activities/?q=su",
    "/programmes/green-almaty/targets/",
    "/programmes/green-almaty/agencies/",
    "/programmes/green-almaty/agencies/ЭжҚОБ/",
    "/programmes/green-almaty/activities/1.4/",
    "/programmes/green-almaty/activities/10/",
    "/programmes/green-almaty/activities/1.6/",
    "/programmes/green-almaty/audit/",
    "/programmes/green-almaty/audit/?severity=error",
    "/programmes/green-almaty/indicators/",
    "/programmes/green-almaty/indicators/1:air_emissions/",
    "/programmes/green-almaty/ledgers/green-fund/",
    "/programmes/green-almaty/ledgers/emissions/",
    "/programmes/green-almaty/ledgers/waste/",
    "/programmes/green-almaty/air/",
    "/map/",
]
# Pages shown with the sample air-quality data (`jasyl sample-air`), the station map drawn.
AIR_PAGES = [
    "/programmes/green-almaty/air/?data=sample",
    "/programmes/green-almaty/air/stations/SAMPLE-1/?data=sample",
]

# The low-emission zones' pages, shown with the sample zone (`jasyl sample-lez`).
LEZ = "/programmes/green-almaty/low-emission-zones/"
LEZ_PAGES = [
    LEZ + "?data=sample",
    LEZ + "sample-centre/?data=sample",
    LEZ + "sample-centre/check/?data=sample",
    LEZ + "sample-centre/check/?category=N1&fuel=diesel&euro=3&day=2025-07-02&time=09:00"
    "&data=sample",
    "/programmes/green-almaty/ledgers/emissions/?data=sample",
]

BLOCKING = ("serious", "critical")
SHOWN_TARGETS = 3


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """The URLs a page tried to load from anywhere but the live server."""
    return []


@pytest.fixture
def page(browser, live_server, outside_requests):
    """A fresh page that may only load from the live server; any other request is refused."""
    # axe-core is added to each page as an inline script, which the site's Content Security
    # Policy forbids: the test's own script bypasses it (test_content_security_policy.py checks
    # the pages under the policy).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    own = urlsplit(live_server.url).netloc

    def only_live_server(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_live_server)
    yield context.new_page()
    context.close()


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = ", ".join(targets[:SHOWN_TARGETS])
        more = f" (+{len(targets) - SHOWN_TARGETS} more)" if len(targets) > SHOWN_TARGETS else ""
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']}\n"
            f"    at {shown}{more}\n"
            f"    see {violation['helpUrl']}"
        )
    return "\n".join(lines)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_serious_violation(
    page, live_server, roadmap, outside_requests, language, path
):
    from jasyl.domain.indicators.services import sync_indicators

    sync_indicators(roadmap)
    check_page(page, f"{live_server.url}/{language}{path}", outside_requests)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", AIR_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_air_quality_pages_with_their_map_pass_axe(
    page, live_server, roadmap, outside_requests, language, path
):
    from jasyl.samples.air import generate

    generate(days=3)
    overview = "/stations/" not in path
    # The overview is checked once its map is drawn, over Jasyl's own layers (nothing from
    # outside the site: check_page fails on any such request).
    ready = "#station-map[data-state=ready]" if overview else None
    check_page(page, f"{live_server.url}/{language}{path}", outside_requests, ready=ready)
    if overview:
        # One keyboard-reachable marker per station, named by the station.
        markers = page.locator("#station-map .maplibregl-marker")
        assert markers.count() == 4
        assert markers.first.get_attribute("aria-label").endswith("1")
        assert markers.first.get_attribute("tabindex") == "0"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", LEZ_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_low_emission_zone_pages_pass_axe(
    page, live_server, roadmap, outside_requests, language, path
):
    from jasyl.domain.indicators.services import sync_indicators
    from jasyl.domain.lez import sample

    sync_indicators(roadmap)
    sample.generate()
    check_page(page, f"{live_server.url}/{language}{path}", outside_requests)


WATER = "/programmes/green-almaty/water/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_water_pages_pass_axe(page, live_server, team, outside_requests, language):
    """The water registry's pages with the sample water objects (`jasyl sample-water`): the
    list, a canal, a river, the works download's page, then the office's forms."""
    from jasyl.domain.water.models import WaterObject
    from jasyl.samples.water import generate
    from jasyl.testing.people import PASSWORD

    generate()
    canal = WaterObject.objects.get(code="SAMPLE-CANAL-1").pk
    river = WaterObject.objects.get(code="SAMPLE-RIVER-1").pk
    base = f"{live_server.url}/{language}{WATER}"
    for path in ("objects/", "objects/?data=sample", f"objects/{canal}/", f"objects/{river}/"):
        check_page(page, base + path, outside_requests)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")
    for path in ("objects/new/", f"objects/{canal}/works/new/", f"objects/{canal}/status/"):
        check_page(page, base + path, outside_requests, "the programme office")


def check_page(page, url, outside_requests, who="the public", ready=None, visit=True):
    """Open `url` (and wait for the `ready` selector, if given; `visit` False: the page as it
    is, at `url`); axe-core must find no serious or critical violation, and the page must load
    nothing from outside the site."""
    if visit:
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{url} answered {response and response.status}"
        )
    if ready:
        page.wait_for_selector(ready, timeout=30_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, (
        f"axe-core {result['testEngine']['version']} on {url} for {who}: "
        f"{len(blocking)} serious or critical violation(s)\n{describe(blocking)}"
    )
    assert not outside_requests, f"requests outside the site: {outside_requests}"


# What the keyboard focus looks like: the focused element, its outline, and the contrast of the
# outline against what lies just outside the element (where an offset outline is drawn).
FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
    const luminance = (colour) => {
        const [r, g, b] = rgb(colour).slice(0, 3).map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const backgroundAt = (x, y) => {
        const under = document.elementsFromPoint(x, y).find(
            (e) => e !== element && !element.contains(e));
        for (let e = under; e; e = e.parentElement) {
            const colour = getComputedStyle(e).backgroundColor;
            if (rgb(colour)[3] !== 0) return colour;
        }
        return "rgb(255, 255, 255)";
    };
    const box = element.getBoundingClientRect();
    const gap = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
    const background = backgroundAt(box.left - gap, box.top + box.height / 2);
    const [light, dark] = [luminance(style.outlineColor), luminance(background)]
        .sort((a, b) => b - a);
    return {
        element: element.outerHTML.slice(0, 120),
        className: element.className,
        href: element.getAttribute("href"),
        inContent: Boolean(element.closest("#content")),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        background: background,
        contrast: (light + 0.05) / (dark + 0.05),
    };
}"""
MIN_FOCUS_CONTRAST = 3  # WCAG 1.4.11, non-text contrast
MAX_TABS = 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_keyboard_reaches_the_skip_link_first_with_a_visible_focus(
    page, live_server, roadmap, language
):
    page.goto(f"{live_server.url}/{language}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS)
    assert focused["className"] == "skip-link", f"Tab first reached {focused['element']}"
    assert focused["href"] == "#content"
    assert page.locator("#content").count() == 1, "the skip link's target #content is missing"
    assert page.locator(".skip-link").is_visible(), "the focused skip link is off screen"

    # Every stop from the skip link through the header to the first one in the content shows
    # an outline that stands out from what is around it.
    stops = [focused]
    while not focused["inContent"] and len(stops) < MAX_TABS:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        stops.append(focused)
    assert focused["inContent"], f"{MAX_TABS} Tabs never reached #content"
    hidden = [
        f"- {stop['element']}: outline {stop['outline']} on {stop['background']}, "
        f"contrast {stop['contrast']:.2f}"
        for stop in stops
        if not stop["visible"] or stop["contrast"] < MIN_FOCUS_CONTRAST
    ]
    assert not hidden, "focus outline missing or below 3:1:\n" + "\n".join(hidden)


@pytest.mark.django_db(transaction=True)
def test_the_skip_link_moves_the_keyboard_into_the_content(page, live_server, roadmap):
    page.goto(f"{live_server.url}/en/programmes/green-almaty/audit/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS)
    assert focused["inContent"], f"after the skip link, Tab reached {focused['element']}"


# Pages behind the sign-in, with who looks at them. The report exists in two revisions.
REPORT = "/programmes/green-almaty/reporting/2025-q1/2.2/"
SIGNED_IN_PAGES = [
    ("anonymous", "/accounts/login/"),
    ("editor", "/programmes/green-almaty/reporting/"),
    ("editor", REPORT),
    ("administrator", "/programmes/green-almaty/reporting/"),
    ("administrator", "/programmes/green-almaty/reporting/periods/"),
    ("administrator", "/programmes/green-almaty/reporting/2025-q1/"),
    ("administrator", REPORT),
    ("administrator", REPORT + "diff/?from=1&to=2"),
    ("auditor", "/programmes/green-almaty/reporting/trail/"),
    ("reviewer", "/programmes/green-almaty/low-emission-zones/import/detections/"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("role", "path"), SIGNED_IN_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_serious_violation_behind_the_sign_in(
    page, live_server, team, outside_requests, language, role, path
):
    from decimal import Decimal

    from jasyl.domain.people.access import access_for
    from jasyl.domain.reporting import workflow
    from jasyl.testing.people import PASSWORD
    from jasyl.testing.reports import open_period

    editor = team["editor"]
    period = open_period(team, quarter=1)
    for revision, progress in enumerate((Decimal(10), Decimal(20))):
        workflow.save_report(
            actor=editor,
            access=access_for(editor, team.programme),
            activity=team.programme.activities.get(code="2.2"),
            period=period,
            content=workflow.Content(status="on_track", progress=progress, narrative="text"),
            based_on=revision,
        )
    if role != "anonymous":
        page.goto(f"{live_server.url}/{language}/accounts/login/")
        page.fill("[name=username]", role)
        page.fill("[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/reporting/")
    check_page(page, f"{live_server.url}/{language}{path}", outside_requests, role)


# The EV charging and air-purification pages, shown with the sample rows (`jasyl
# sample-registries`), then the office's forms behind the sign-in.
CHARGING = "/programmes/green-almaty/registries/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_charging_pages_and_their_office_forms_pass_axe(
    page, live_server, team, outside_requests, language
):
    from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation
    from jasyl.samples import registries
    from jasyl.testing.people import PASSWORD

    registries.generate()
    charger = ChargingLocation.objects.filter(is_sample=True, status="planned").first()
    block = AirPurifierBlock.objects.filter(is_sample=True).first()
    assert charger is not None and block is not None
    base = f"{live_server.url}/{language}{CHARGING}"
    for path in (
        "ev-chargers/?data=sample",
        "ev-chargers/?data=sample&status=in_service&kind=DC",
        f"ev-chargers/{charger.pk}/",
        "air-purifiers/?data=sample",
        f"air-purifiers/{block.pk}/",
    ):
        check_page(page, base + path, outside_requests)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("[name=username]", "reviewer")
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")
    for path in (
        "ev-chargers/",
        "ev-chargers/new/",
        f"ev-chargers/{charger.pk}/status/",
        f"air-purifiers/{block.pk}/status/",
    ):
        check_page(page, base + path, outside_requests, "the programme office")
    # The form refused, its errors shown beside their fields.
    page.goto(base + "ev-chargers/new/")
    page.click("main button[type=submit]")
    page.wait_for_selector(".field-error")
    check_page(page, page.url, outside_requests, "the programme office", visit=False)
