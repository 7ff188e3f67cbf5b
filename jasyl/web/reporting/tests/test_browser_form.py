"""The report form's traps in real Chromium: an edit conflict that a deliberate second save
resolves, the evidence message in view where the page lands, and a language switch after a
refused save that leads to a page, with a word about the unsaved input."""

import pytest

from jasyl.domain.reporting.models import ProgressReport
from jasyl.testing.browser import ARTIFACTS
from jasyl.testing.reports import open_period
from jasyl.web.reporting.tests.test_browser_cycle import Person, browser  # noqa: F401
from jasyl.web.reporting.tests.test_form_workflow import drafted

pytestmark = pytest.mark.once

REPORT = "/programmes/green-almaty/reporting/2025-q1/2.2/"


@pytest.mark.django_db(transaction=True)
def test_conflict_evidence_message_and_language_switch(browser, live_server, team, tmp_path):  # noqa: F811
    drafted(team, open_period(team, quarter=1))
    editor = Person(browser, live_server.url, "editor", "en")
    district = Person(browser, live_server.url, "co_editor", "en")
    editor.open(REPORT)
    district.open(REPORT)

    # The district saves first; the editor's save is refused, keeps the input, and a second,
    # deliberate save is accepted.
    district.page.fill("[name=narrative]", "district's figures")
    district.page.click("button[name=save]")
    editor.page.fill("[name=narrative]", "editor's own text")
    editor.page.click("button[name=save]")
    assert "Someone else saved this report" in editor.message()
    assert editor.page.input_value("[name=narrative]") == "editor's own text"
    editor.page.click("button[name=save]")
    assert "Report saved." in editor.message()
    assert ProgressReport.objects.get().narrative == "editor's own text"

    # A refused file: the page lands on the evidence section with the message in view.
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ not a document")
    editor.page.set_input_files("[name=file]", str(exe))
    editor.page.click("form[enctype] button[type=submit]")
    message = editor.page.locator("#evidence-messages")
    assert "setup.exe" in message.inner_text()
    top = message.evaluate("m => m.getBoundingClientRect().top")
    assert 0 <= top < editor.page.viewport_size["height"]
    editor.shot("form-evidence-message-en")

    # A refused save, then another language: a page with a warning, never a blank 405.
    editor.page.fill("[name=progress]", "150")
    editor.page.click("button[name=save]")
    assert "Another language opens this page afresh" in editor.page.inner_text("header")
    editor.page.click(".language-switch a[hreflang=ru]")
    assert editor.page.url.endswith(f"/ru{REPORT}")
    assert editor.page.locator("[name=narrative]").count() == 1
    editor.page.screenshot(path=str(ARTIFACTS / "form-language-switch-ru.png"), full_page=True)
