"""In real Chromium: the agency's editor reports a container site built in 2024 for item 10.2
and cites it from the registry; the agency head submits the report, the programme office
approves it; the activity page then shows the site planned, reported, registered and cited.
axe-core finds no serious violation on the report page with its citation form."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from jasyl.domain.registries.models import Citation
from jasyl.domain.reporting.models import ProgressReport
from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.testing.greenfund import districts  # noqa: F401 (a fixture)
from jasyl.testing.people import PASSWORD
from jasyl.testing.reports import open_period
from jasyl.web.waste.tests.conftest import container_site

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parents[2] / "tests" / "vendor" / "axe.min.js"
REPORT = "/en/programmes/green-almaty/reporting/2024/10.2/"


@pytest.fixture
def chromium():
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def person(chromium, live_server, username):
    # bypass_csp: axe-core is added to the page as an inline script.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/reporting/")
    page.goto(live_server.url + REPORT)
    return page


def act(page, action):
    form = page.locator(f"form:has(button[value={action}])")
    if form.locator("[name=confirm]").count():
        form.locator("[name=confirm]").check()
    form.locator(f"button[value={action}]").click()
    page.wait_for_load_state()


def test_an_agency_cites_a_container_site_and_the_activity_page_counts_it(
    chromium,
    live_server,
    team,
    districts,  # noqa: F811 (a fixture)
):
    open_period(team, year=2024)
    site = container_site(
        "UG-7",
        activity=team.programme.activities.get(code="10.2"),
        status="in_service",
        in_service_on=datetime.date(2024, 6, 1),
    )

    editor = person(chromium, live_server, "editor")
    editor.select_option("[name=status]", "on_track")
    editor.fill("[name=output-container_sites_modernised_or_built]", "1")
    editor.click("button[name=save]")
    editor.wait_for_load_state()
    editor.fill("#cite-container-sites-codes", "UG-404")
    editor.click("#citations ~ form button[type=submit]")
    assert "“UG-404” is not a row of the registry container sites." in editor.inner_text("main")
    editor.fill("#cite-container-sites-codes", "UG-7")
    editor.click("#citations ~ form button[type=submit]")
    editor.wait_for_url("**/10.2/#citations")
    cited = editor.locator("#citations + p + .table-scroll")
    assert "Yard UG-7" in cited.inner_text()
    assert cited.locator("a", has_text="UG-7").get_attribute("href") == (
        f"/en/programmes/green-almaty/waste/container-sites/{site.pk}/"
    )
    editor.add_script_tag(path=str(AXE))
    result = editor.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not blocking, blocking
    editor.screenshot(path=str(ARTIFACTS / "report-citations.png"), full_page=True)

    act(person(chromium, live_server, "head"), "submit")
    office = person(chromium, live_server, "reviewer")
    act(office, "approve")
    assert ProgressReport.objects.get(activity__code="10.2").state == "approved"
    assert office.locator("#cite-container-sites-codes").count() == 0, "approved: frozen"
    assert list(Citation.objects.values_list("code", flat=True)) == ["UG-7"]

    public = chromium.new_context().new_page()
    public.goto(f"{live_server.url}/en/programmes/green-almaty/activities/10.2/")
    row = public.locator("#registry-outputs + p + .table-scroll tbody tr", has_text="2024")
    cells = row.locator("td.num").all_inner_texts()
    # planned 295, reported 1, in the registry 1, cited 1
    assert [c.split()[0] for c in cells] == ["295", "1", "1", "1"]
    public.screenshot(path=str(ARTIFACTS / "activity-cited.png"), full_page=True)
