from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import formats, timezone, translation

from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.models import Activity
from jasyl.domain.roadmap.services import load_plan as load_into_database
from jasyl.testing.plans import activity
from jasyl.testing.reports import approved_reports

pytestmark = pytest.mark.django_db

OVERVIEW = "/{lang}/programmes/green-almaty/roadmap/"
PAGES = [
    "/{lang}/",
    "/{lang}/programmes/green-almaty/",
    OVERVIEW,
    "/{lang}/programmes/green-almaty/sections/air/",
    "/{lang}/programmes/green-almaty/sections/waste/",
    "/{lang}/programmes/green-almaty/activities/",
    "/{lang}/programmes/green-almaty/activities/?q=su&section=environment",
    "/{lang}/programmes/green-almaty/activities/1.4/",
    "/{lang}/programmes/green-almaty/activities/10/",
    "/{lang}/programmes/green-almaty/targets/",
    "/{lang}/programmes/green-almaty/agencies/",
    "/{lang}/programmes/green-almaty/agencies/ЭжҚОБ/",
    "/{lang}/programmes/green-almaty/agencies/Аудан әкімдіктері/",
    "/{lang}/programmes/green-almaty/audit/",
]
TITLES = {"kk": "Жол картасы", "ru": "Дорожная карта", "en": "Roadmap"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_each_language(client, roadmap, page, lang):
    response = client.get(page.format(lang=lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert TITLES[lang] in html


def test_the_site_root_opens_in_kazakh_by_default(client, roadmap):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/kk/"


def test_the_language_read_last_is_remembered_whatever_the_browser_prefers(client, roadmap):
    client.get("/ru/programmes/green-almaty/targets/", HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ru/"
    response = client.get("/programmes/green-almaty/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/ru/programmes/green-almaty/"


def test_the_language_switch_links_to_the_same_page(client, roadmap):
    html = client.get("/kk/programmes/green-almaty/activities/", {"q": "су"}).content.decode()
    assert 'href="/ru/programmes/green-almaty/activities/?q=%D1%81%D1%83" lang="ru"' in html
    assert 'href="/en/programmes/green-almaty/activities/?q=%D1%81%D1%83" lang="en"' in html


def test_a_cached_page_is_replaced_when_a_new_edition_is_loaded(client, roadmap):
    url = "/en/programmes/green-almaty/activities/1.4/"
    assert "112" in client.get(url).content.decode()
    plan = load_plan(programme_folder("green-almaty"))
    plan.activity("1.4").figures.funding["2023"] = Decimal("117.5")
    load_into_database(plan=plan, reason="revised")
    assert "117.5" in client.get(url).content.decode()


def test_kazakh_numbers_use_a_decimal_comma_and_grouped_thousands(client, roadmap):
    html = client.get(OVERVIEW.format(lang="kk")).content.decode()
    assert "451\u00a0519" in html
    en = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert "451,519" in en


def test_the_overview_shows_subtotal_rows_grand_total_and_sources(client, roadmap):
    html = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert "Total for the section &quot;Improving air quality&quot;" in html
    assert "TOTAL FOR THE GREEN ALMATY DIRECTION" in html
    assert "345,145" in html and "106,374" in html


def test_the_overview_marks_the_cells_the_audit_disputes(client, roadmap):
    html = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert html.count('class="num flag-error"') == 6  # item 10: four years, total, private
    assert "The sub-items of 10 add up to 21 in 2022, but 10 states 31." in html


def test_the_activity_page_shows_the_plan_by_period_agencies_kpis_and_findings(client, roadmap):
    html = client.get("/en/programmes/green-almaty/activities/1.4/").content.decode()
    assert "Installing electric-vehicle charging stations" in html or "charging" in html
    assert "35 бірлік электр зарядтау станциясын орнату" not in html  # English page
    assert "Department of Urban Mobility" in html
    assert "By 2025" in html and "By 2030" in html
    assert "The audit found nothing to report for this activity." in html
    kk = client.get("/kk/programmes/green-almaty/activities/1.6/").content.decode()
    assert "бүкіл базалық мәннен" in kk


def test_the_transcription_notes_read_in_the_pages_language(client, roadmap):
    page = "/{lang}/programmes/green-almaty/activities/1.8/"
    kk = client.get(page.format(lang="kk")).content.decode()
    assert "екеуі де басылғандай сақталды" in kk
    ru = client.get(page.format(lang="ru")).content.decode()
    assert "оба написания сохранены как напечатано" in ru
    en = client.get(page.format(lang="en")).content.decode()
    assert "both are kept as printed" in en
    for html in (kk, ru):
        assert "both are kept as printed" not in html
        assert 'lang="en"' not in html.split('class="notes"')[1]


def test_notes_stored_before_their_translation_show_in_english_marked_so(client, roadmap):
    Activity.objects.filter(code="1.8").update(notes_kk="", notes_ru="")
    cache.clear()
    html = client.get("/ru/programmes/green-almaty/activities/1.8/").content.decode()
    notes = html.split('class="notes"')[1]
    assert '<p lang="en">' in notes and "both are kept as printed" in notes


def test_a_blank_cell_reads_not_stated(client, roadmap):
    html = client.get("/en/programmes/green-almaty/activities/1.3/").content.decode()
    assert "not stated" in html


def test_an_unknown_activity_is_not_found(client, roadmap):
    assert client.get("/en/programmes/green-almaty/activities/99/").status_code == 404
    assert client.get("/en/programmes/nowhere/").status_code == 404


def test_the_audit_page_filters_by_severity(client, roadmap):
    html = client.get("/en/programmes/green-almaty/audit/?severity=info").content.decode()
    assert html.count('<tr class="finding-info">') == 2
    assert 'class="finding-error"' not in html


def test_the_audit_page_names_rules_and_sources_in_the_pages_language(client, roadmap):
    html = client.get("/ru/programmes/green-almaty/audit/").content.decode()
    with translation.override("ru"):
        rule = translation.gettext("Sub-items and their item")
    assert f"<td>{rule}</td>" in html and "tree.children_parent" not in html
    # A finding on the private-investment column names the source, not its code.
    assert "<td>Частные инвестиции</td>" in html and ">private<" not in html


REGISTRY_QUERIES = {"/activities/1.4/": 29, "/activities/10/": 16, "/audit/": 16}


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_the_number_of_activities(
    client, roadmap, django_assert_num_queries, page
):
    url = page.format(lang="en")
    editions = 1 if "/roadmap/" in url else 0  # the overview lists the plan's editions
    # Pages showing progress read the approved reports, their spending and whether sample
    # data exist.
    without_progress = ("/roadmap/", "/targets/", "/audit/")
    shows_progress = not (any(p in url for p in without_progress) or url.endswith("/agencies/"))
    progress = 4 if shows_progress else 0
    # Section and activity pages say whether their indicators will reach their targets: the
    # indicators, their targets, their values and the values in approved reports.
    one_item = "/sections/" in url or (
        "/activities/" in url and not url.endswith("/activities/") and "?" not in url
    )
    progress += 4 if one_item else 0
    # The dashboard lists the periods whose progress report can be downloaded.
    progress += 1 if url in ("/en/", "/en/programmes/green-almaty/") else 0
    # Outputs counted from a registry: the approved reports' figures, and per budget period and
    # counter the registry's count and the rows the reports cite (EV charging points for 1.4;
    # the waste registries for item 10's sub-items), and for the audit every approved report's
    # claim: a fixed number per page, whatever the number of activities.
    progress += REGISTRY_QUERIES.get(url.removeprefix("/en/programmes/green-almaty"), 0)
    sync_indicators(roadmap)
    cache.clear()  # the registry was built from the plan; read it afresh below
    approved_reports(roadmap, ["1.1", "2.2", "10.4"])
    with django_assert_num_queries(19 + editions + progress):  # the edition, then the plan
        client.get(url)
    # Later requests are served from the cached page; those that count registry rows (an
    # activity's page, the audit) read the latest registry edit first.
    counts_registries = url.endswith("/audit/") or (one_item and "/activities/" in url)
    with django_assert_num_queries(1 if counts_registries else 0):
        client.get(url)
    plan = load_plan(programme_folder("green-almaty"))
    for n in range(1, 6):
        extra = activity(f"12.{5 + n}", {"2023": 1}, 1, section="waste", period="2023")
        extra.agencies = ["ЭжҚОБ"]
        plan.activities.append(extra)
        plan.sections[2].activities.append(extra.code)
    plan.activity("12").figures.total = Decimal(371)
    load_into_database(plan=plan, reason="five more activities")
    approved_reports(roadmap, ["2.3", "2.4", "5.2", "12.6", "12.7"], year=2024)
    with django_assert_num_queries(19 + editions + progress):  # a new edition is read afresh
        response = client.get(url)
    assert response.status_code == 200


def test_the_overview_lists_the_editions_of_the_plan(client, roadmap):
    plan = load_plan(programme_folder("green-almaty"))
    plan.activity("1.4").figures.funding["2023"] = Decimal(120)
    load_into_database(plan=plan, reason="Funding of 1.4 revised", act="Decision No. 7")
    html = client.get(OVERVIEW.format(lang="kk")).content.decode()
    assert "Decision No. 7" in html and "Funding of 1.4 revised" in html
    assert "Өзгеріс" in html  # "Amendment" in Kazakh
    with translation.override("kk"):
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert today in html  # Kazakh dates name their month: 2026 ж. 3 жел.
