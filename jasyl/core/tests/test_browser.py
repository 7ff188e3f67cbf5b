"""A citizen's first visit in real Chromium: Kazakh by default, switch language, read the plan."""

import os
import shutil
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run ./dev test, which installs it")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_roadmap_and_switches_language(page, live_server, roadmap):
    page.goto(live_server.url + "/")
    assert page.url.endswith("/kk/")
    assert page.locator("h1").inner_text() == "Жасыл Алматы"
    assert "451\u00a0519" in page.locator(".facts").inner_text()
    shot(page, "overview-kk")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("button", name="Русский").click()
    page.wait_for_url("**/ru/")
    assert page.get_by_role("link", name="Аудит плана").is_visible()

    page.get_by_role("link", name="Установка зарядных станций для электромобилей").click()
    page.wait_for_url("**/activities/1.4/")
    table = page.locator("#by-period + .table-scroll table")
    assert table.locator("tbody tr").count() == 5
    assert "не указано" in table.locator("tbody tr").first.inner_text()  # 2022 is blank
    assert "704" in page.locator(".facts").inner_text()
    shot(page, "activity-ru")

    page.goto(live_server.url + "/")
    assert page.url.endswith("/ru/"), "the chosen language is remembered"

    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Plan audit").click()
    page.wait_for_url("**/audit/")
    assert page.locator("tbody tr").count() == 16
    page.get_by_role("link", name="Error (7)").click()
    assert page.locator("tbody tr").count() == 7
    shot(page, "audit-en")
