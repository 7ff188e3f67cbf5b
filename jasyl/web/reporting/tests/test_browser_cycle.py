"""The whole reporting cycle in real Chromium, each person in their own language: the programme
administrator (Russian) opens a period; the agency editor (Kazakh) drafts a report and uploads
evidence; the agency head (English) submits it; the administrator returns it; the editor
corrects it; the head resubmits; the administrator approves it, which locks it and publishes
it; the administrator reopens it with a reason. Screenshots go to test-artifacts/."""

from decimal import Decimal

import pytest

from jasyl.domain.reporting.models import AuditEntry, ProgressReport
from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium
from jasyl.testing.people import PASSWORD

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

playwright = pytest.importorskip("playwright.sync_api")

PROGRAMME = "green-almaty"
REPORT = "/programmes/green-almaty/reporting/2025-q1/2.2/"


@pytest.fixture
def browser():
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Person:
    """One signed-in person in their own browser context and language."""

    def __init__(self, browser, server, username, language):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.server, self.language, self.username = server, language, username
        self.page.goto(f"{server}/{language}/accounts/login/")
        self.page.fill("[name=username]", username)
        self.page.fill("[name=password]", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(f"**/{language}/programmes/{PROGRAMME}/reporting/")

    def open(self, path):
        self.page.goto(f"{self.server}/{self.language}{path}")

    def shot(self, name):
        self.page.screenshot(path=str(ARTIFACTS / f"cycle-{name}.png"), full_page=True)

    def act(self, action, comment=""):
        form = self.page.locator(f"form:has(button[value={action}])")
        if comment:
            form.locator("textarea").fill(comment)
        if form.locator("[name=confirm]").count():
            form.locator("[name=confirm]").check()
        form.locator(f"button[value={action}]").click()
        self.page.wait_for_load_state()

    def message(self):
        return self.page.locator(".messages").inner_text()


def state():
    return ProgressReport.objects.get(activity__code="2.2").state


@pytest.mark.django_db(transaction=True)
def test_the_whole_reporting_cycle(browser, live_server, team, tmp_path):
    server = live_server.url
    admin = Person(browser, server, "administrator", "ru")
    editor = Person(browser, server, "editor", "kk")
    head = Person(browser, server, "head", "en")

    # The administrator opens the first quarter of 2025.
    admin.open(f"/programmes/{PROGRAMME}/reporting/periods/")
    admin.page.select_option("[name=kind]", "quarter")
    admin.page.fill("[name=year]", "2025")
    admin.page.select_option("[name=quarter]", "1")
    admin.page.click("form.row-form:has([name=kind]) button[type=submit]")
    assert "2025 Q1" in admin.page.locator("table").inner_text()
    admin.shot("1-periods-ru")

    # The editor finds activity 2.2 in the inbox and drafts the report.
    editor.page.reload()
    editor.page.click(f"a[href='/kk{REPORT}']")
    editor.page.select_option("[name=status]", "on_track")
    editor.page.fill("[name=progress]", "30")
    editor.page.fill("[name=committed-local]", "2 940")
    editor.page.fill("[name=spent-local]", "1 200,5")
    editor.page.fill("[name=output-trees_shrubs_planted]", "18000")
    editor.page.fill("[name=narrative]", "Көктемгі отырғызу басталды.")
    editor.page.click("button[name=save]")
    assert state() == "draft"
    report = ProgressReport.objects.get(activity__code="2.2")
    assert report.progress == Decimal(30)
    assert report.spending.get().spent == Decimal("1200.5")
    assert editor.page.locator("button[value=submit]").count() == 0, "an editor does not submit"
    pdf = tmp_path / "акт-қабылдау.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% acceptance act\n%%EOF\n")
    editor.page.set_input_files("[name=file]", str(pdf))
    editor.page.click("form[enctype] button[type=submit]")
    assert "акт-қабылдау.pdf" in editor.page.locator("#evidence ~ ul").inner_text()
    editor.shot("2-draft-kk")

    # The head of the lead agency submits it.
    head.open(REPORT)
    head.act("submit")
    assert state() == "submitted"
    head.shot("3-submitted-en")

    # The administrator finds it waiting for review and returns it with a comment.
    admin.open(f"/programmes/{PROGRAMME}/reporting/")
    admin.page.click(f"#queue + table a[href='/ru{REPORT}']")
    admin.act("return", "Приложите акт приёмки за март.")
    assert state() == "returned"
    admin.shot("4-returned-ru")

    # The editor reads the comment, corrects the report; the head submits it again.
    editor.open(REPORT)
    assert "Приложите акт приёмки за март." in editor.page.locator("#history + div").inner_text()
    editor.page.fill("[name=progress]", "35")
    editor.page.click("button[name=save]")
    head.open(REPORT)
    head.act("submit")
    assert state() == "submitted"

    # The administrator approves it: it is locked and published.
    admin.open(REPORT)
    admin.act("approve")
    assert state() == "approved"
    admin.shot("5-approved-ru")
    editor.open(REPORT)
    assert editor.page.locator("[name=progress]").count() == 0, "an approved report is locked"
    assert editor.page.locator("[name=file]").count() == 0
    public = browser.new_context().new_page()
    public.goto(f"{server}/en/programmes/{PROGRAMME}/activities/2.2/")
    history = public.locator("#progress-history + .table-scroll").inner_text()
    assert "2025 Q1" in history and "35" in history
    public.screenshot(path=str(ARTIFACTS / "cycle-6-published-en.png"), full_page=True)

    # The versions can be compared: 30 % became 35 %.
    admin.open(REPORT + "diff/?from=2&to=3")
    changes = admin.page.locator("table").inner_text()
    assert "30" in changes and "35" in changes

    # Only the administrator reopens, and only with a reason.
    head.open(REPORT)
    assert head.page.locator("button[value=reopen]").count() == 0
    admin.open(REPORT)
    admin.act("reopen", "Казначейство уточнило суммы.")
    assert state() == "returned"
    admin.shot("7-reopened-ru")

    actions = list(
        AuditEntry.objects.filter(report__activity__code="2.2").values_list("action", flat=True)
    )
    assert actions == [
        "saved",
        "evidence_added",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "approved",
        "reopened",
    ]
