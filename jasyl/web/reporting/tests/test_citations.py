"""The report page: the agency's editor lists the codes of the registry rows the report cites,
one per line; a refused code is named beside the field, a stale list keeps the person's input,
and the page lists the rows cited with links to their pages."""

from __future__ import annotations

import pytest

from jasyl.domain.registries.models import Citation
from jasyl.domain.water.tests.helpers import water_object
from jasyl.testing.greenfund import districts  # noqa: F401 (a fixture)
from jasyl.testing.reports import draft_report, open_period
from jasyl.web.reporting.tests.test_views import URL, signed_in
from jasyl.web.waste.tests.conftest import container_site

pytestmark = pytest.mark.django_db

CITE = URL + "citations/"


@pytest.fixture
def report(team, districts):  # noqa: F811 (a fixture)
    return draft_report(team, open_period(team, quarter=1))


@pytest.fixture
def sites(report):
    return [container_site(code, activity=report.activity) for code in ("CS-1", "CS-2")]


def test_the_editor_cites_rows_and_the_page_links_them(team, report, sites):
    editor = signed_in(team["editor"])
    form = editor.get(URL).content.decode()
    assert 'id="cite-container-sites-codes"' in form
    assert "Rows of this activity: CS-1, CS-2" in form
    answer = editor.post(
        CITE, {"kind": "container-sites", "codes": "CS-2\r\n CS-1 \r\n", "revision": 1}
    )
    assert answer.status_code == 302 and answer["Location"] == URL + "#citations"
    page = editor.get(URL).content.decode()
    assert "The registry rows cited were saved." in page
    link = f'href="/en/programmes/green-almaty/waste/container-sites/{sites[0].pk}/">CS-1</a>'
    assert link in page and "Yard CS-1" in page
    row = editor.get(f"/en/programmes/green-almaty/waste/container-sites/{sites[0].pk}/")
    assert row.status_code == 200
    # The form now holds the codes cited, on the new revision.
    assert '<input type="hidden" name="revision" value="2"' in page
    assert ">\nCS-1\nCS-2</textarea>" in page


def test_a_refused_code_is_named_beside_the_field_and_the_input_kept(team, report, sites):
    answer = signed_in(team["editor"]).post(
        CITE, {"kind": "container-sites", "codes": "CS-1\nCS-9", "revision": 1}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "“CS-9” is not a row of the registry container sites." in page
    assert ">\nCS-1\nCS-9</textarea>" in page
    assert not Citation.objects.exists()
    # The page's other language opens the report afresh, at its citations.
    again = signed_in(team["editor"]).get(CITE.replace("/en/", "/kk/"))
    assert again.status_code == 302 and again["Location"].endswith("/2.2/#citations")


def test_a_stale_list_is_refused_and_the_input_kept_on_the_newer_revision(team, report, sites):
    signed_in(team["co_editor"]).post(
        CITE, {"kind": "container-sites", "codes": "CS-1", "revision": 1}
    )
    answer = signed_in(team["editor"]).post(
        CITE, {"kind": "container-sites", "codes": "CS-2", "revision": 1}
    )
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "so nothing was done" in page
    assert ">\nCS-2</textarea>" in page
    assert '<input type="hidden" name="revision" value="2"' in page
    assert list(Citation.objects.values_list("code", flat=True)) == ["CS-1"]


def test_a_viewer_reads_the_rows_cited_but_cannot_change_them(team, report, sites):
    signed_in(team["editor"]).post(
        CITE, {"kind": "container-sites", "codes": "CS-1", "revision": 1}
    )
    viewer = signed_in(team["viewer"])
    page = viewer.get(URL).content.decode()
    assert "Yard CS-1" in page and "cite-container-sites-codes" not in page
    answer = viewer.post(CITE, {"kind": "container-sites", "codes": "", "revision": 2})
    assert answer.status_code == 403
    assert Citation.objects.count() == 1


def test_a_canal_section_is_cited_and_linked_to_its_page(team, report):
    canal = water_object("CANAL-7", "canal", activity=report.activity)
    editor = signed_in(team["editor"])
    answer = editor.post(CITE, {"kind": "water-objects", "codes": "CANAL-7", "revision": 1})
    assert answer.status_code == 302
    page = editor.get(URL).content.decode()
    assert f'href="/en/programmes/green-almaty/water/objects/{canal.pk}/">CANAL-7</a>' in page
    assert list(Citation.objects.values_list("kind", "code")) == [("water-objects", "CANAL-7")]
