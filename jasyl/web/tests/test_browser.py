"""A citizen's journey in real Chromium, in each language, with a screenshot of every page."""

import pytest

from jasyl.testing.browser import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

playwright = pytest.importorskip("playwright.sync_api")


# What a visitor clicks and reads, in each language.
WORDS = {
    "kk": {
        "button": "Қазақша",
        "roadmap": "Жол картасы",
        "section": "Агломерациядағы ҚТҚ жинау мен кәдеге жаратудың бірыңғай жүйесі",
        "activity": "Қайта шикізатты қабылдаудың кешенді пункттерін (экостанцияларды) орнату",
        "agency": "ШОБ операторлары",
        "agency_name": "ШОБ операторлары",
        "search": "Іздеу",
        "query": "экостанция",
        "total": "451\u00a0519",
    },
    "ru": {
        "button": "Русский",
        "roadmap": "Дорожная карта",
        "section": "Единая система сбора и утилизации ТБО в агломерации",
        "activity": "Установка комплексных пунктов приёма вторичного сырья (экостанций)",
        "agency": "ШОБ операторлары",
        "agency_name": "Операторы МСБ",
        "search": "Поиск",
        "query": "экостанции",
        "total": "451\u00a0519",
    },
    "en": {
        "button": "English",
        "roadmap": "Roadmap",
        "section": (
            "Unified system of municipal solid waste collection and recycling in the agglomeration"
        ),
        "activity": (
            "Installing integrated collection points for recyclable materials (eco-stations)"
        ),
        "agency": "ШОБ операторлары",
        "agency_name": "Small and medium business operators",
        "search": "Search",
        "query": "eco-stations",
        "total": "451,519",
    },
}


@pytest.fixture
def page():
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_site_opens_in_kazakh_and_remembers_the_chosen_language(page, live_server, roadmap):
    page.goto(live_server.url + "/")
    assert page.url.endswith("/kk/")
    assert page.locator("h1").inner_text() == "Жасыл Алматы"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("link", name="Русский").click()
    page.wait_for_url("**/ru/")
    page.goto(live_server.url + "/programmes/green-almaty/targets/")
    assert "/ru/programmes/green-almaty/targets/" in page.url, "the choice is remembered"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_citizens_journey(page, live_server, roadmap, language):
    words = WORDS[language]
    page.goto(live_server.url + "/")
    if language != "kk":
        page.get_by_role("link", name=words["button"]).click()
        page.wait_for_url(f"**/{language}/")
    assert words["total"] in page.locator("[aria-labelledby=at-a-glance] .stats").inner_text()
    assert page.locator("figure.chart svg").count() == 5
    shot(page, f"{language}-1-home")

    page.get_by_role("navigation", name=None).get_by_role("link", name=words["roadmap"]).click()
    page.get_by_role("link", name=words["section"], exact=True).click()
    page.wait_for_url("**/sections/waste/")
    assert "109" in page.locator(".facts").first.inner_text()
    shot(page, f"{language}-2-section")

    page.get_by_role("link", name=words["activity"]).first.click()
    page.wait_for_url("**/activities/10.3/")
    assert page.locator("#by-period + .table-scroll tbody tr").count() == 5
    shot(page, f"{language}-3-activity")

    page.get_by_role("link", name=words["agency"]).first.click()
    page.wait_for_url("**/agencies/**")
    assert page.locator("h1").inner_text() == words["agency_name"]
    shot(page, f"{language}-4-agency")

    page.get_by_role("link", name=words["search"], exact=True).click()
    page.get_by_role("searchbox").fill(words["query"])
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("status").is_visible()
    assert page.get_by_role("link", name=words["activity"]).count() == 1
    shot(page, f"{language}-5-search")

    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/{language}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    shot(page, f"{language}-6-home-phone")
