"""The public page of exhaust checks in three languages and in a fixed number of queries, the
link from roadmap item 1.2, and who may upload checks."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from jasyl.domain.exhaust.models import ExhaustCheck
from jasyl.domain.exhaust.reference import bundled
from jasyl.domain.exhaust.services import import_checks

PAGE = "/{language}/programmes/green-almaty/air/exhaust-checks/"
IMPORT = "/en/programmes/green-almaty/air/exhaust-checks/import/"
TEMPLATE = IMPORT + "template.xlsx"
HEADER = "post,checked_at,vehicle_category,fuel,eco_class,aspiration,co_min_idle,co_raised_idle"
# P-01, 2023: January 3 checks (1 pass, 1 CO fail, 1 class 2 not assessed); February 1 pass.
# M-01, 2023: January 1 CO fail. 2024: one check, to offer a second year.
ROWS = [
    "P-01,2023-01-10 09:30,M1,petrol,4,,0.5,0.3",
    "P-01,2023-01-10 09:40,M1,petrol,4,,0.9,0.3",
    "P-01,2023-01-11 10:00,M1,petrol,2,,9.0,9.0",
    "P-01,2023-02-01 10:00,M1,petrol,5,,0.1,0.1",
    "M-01,2023-01-20 12:00,N1,petrol,0,,3.6,1.0",
    "M-01,2024-01-20 12:00,N1,petrol,0,,1.0,1.0",
]


def load(roadmap, rows):
    content = "\n".join([HEADER, *rows]).encode()
    return import_checks(
        programme=roadmap, content=content, file_name="f.csv", by=None, access=None
    )


@pytest.mark.parametrize(
    ("language", "title", "note", "status"),
    [
        (
            "kk",
            "Жол бойындағы пайдаланылған газ тексерулері",
            "Нормативтер расталмаған.",
            "расталмаған",
        ),
        ("ru", "Придорожные проверки выхлопа", "Нормативы не проверены.", "не проверено"),
        ("en", "Roadside exhaust checks", "The limits are not verified.", "not verified"),
    ],
)
def test_the_page_shows_the_year_per_post_and_month_in_every_language(
    client, posts, roadmap, language, title, note, status
):
    load(roadmap, ROWS)
    response = client.get(PAGE.format(language=language) + "?year=2023")
    assert response.status_code == 200
    page = response.content.decode()
    assert title in page
    assert note in page
    assert (
        posts[0].name_kk in page
        if language == "kk"
        else getattr(posts[0], f"name_{language}") in page
    )
    # The legal basis and the table's name in the page's language, never the file's key.
    (table,) = bundled().tables
    assert f"{escape(table.name.get(language))}:" in page
    assert page.count(escape(table.limits[0].source.get(language))) == 9, "every limit cites it"
    assert "tr-cu-018-annex-8" not in page
    assert page.count(f">{status}<") >= 9, "every limit and every stat shows its status"
    assert '<svg class="bars"' in page
    assert 'href="?year=2024"' in page


def cells(page, table_id):
    """The rows of a table as lists of cell texts."""
    import re

    body = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
    ]


def test_the_numbers_are_worked_out_per_post_and_month(client, posts, roadmap):
    load(roadmap, ROWS)
    page = client.get(PAGE.format(language="en") + "?year=2023").content.decode()
    # checks, assessed, failed, share, failed on CO, CH, smoke, status
    assert cells(page, "post-table") == [
        ["Mobile post 1", "1", "1", "1", "100\xa0%", "1", "0", "0", "not verified"],
        ["Raiymbek avenue post", "4", "3", "1", "33.3\xa0%", "1", "0", "0", "not verified"],
        ["All posts", "5", "4", "2", "50\xa0%", "2", "0", "0", "not verified"],
    ]
    assert [row[:7] for row in cells(page, "month-table")] == [
        ["January", "Mobile post 1", "1", "1", "1", "100\xa0%", "1"],
        ["January", "Raiymbek avenue post", "3", "2", "1", "50\xa0%", "1"],
        ["February", "Raiymbek avenue post", "1", "1", "0", "0\xa0%", "0"],
    ]


def test_the_latest_year_is_shown_by_default(client, posts, roadmap):
    load(roadmap, ROWS)
    page = client.get(PAGE.format(language="en")).content.decode()
    assert '<strong aria-current="page">2024</strong>' in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, posts, roadmap, django_assert_num_queries
):
    load(roadmap, ROWS[:2])
    url = PAGE.format(language="en") + "?year=2023"
    client.get(url)  # the plan, cached once per edition
    cache.clear()
    # The query log holds 9,000 entries, and loading the roadmap fills it.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    expected = len(first)
    load(
        roadmap,
        ROWS[2:] + [f"M-01,2023-03-{day:02d} 10:00,M1,petrol,4,,0.4,0.2" for day in range(1, 29)],
    )
    assert ExhaustCheck.objects.count() == 34
    cache.clear()
    connection.queries_log.clear()
    assert expected > 0
    with django_assert_num_queries(expected):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)


def test_an_import_shows_on_the_cached_public_page(
    client, posts, roadmap, team, django_capture_on_commit_callbacks
):
    url = PAGE.format(language="en") + "?year=2023"
    assert "No checks were imported for 2023." in client.get(url).content.decode()
    editor = type(client)()
    editor.force_login(team["editor"])
    upload = SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(IMPORT, {"file": upload})
    assert response.status_code == 302
    assert "Raiymbek avenue post" in client.get(url).content.decode()


def test_the_roadmap_item_links_to_the_page(client, roadmap):
    link = 'href="/en/programmes/green-almaty/air/exhaust-checks/"'
    assert link in client.get("/en/programmes/green-almaty/activities/1.2/").content.decode()
    assert link not in client.get("/en/programmes/green-almaty/activities/2.2/").content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, posts):
    response = client.post(IMPORT, {"file": SimpleUploadedFile("c.csv", b"x")})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign" in response["Location"]
    assert client.get(TEMPLATE).status_code == 302


@pytest.mark.parametrize("role", ["auditor", "outsider", "co_editor", "viewer"])
def test_people_outside_the_item_may_not_upload(client, posts, team, role):
    client.force_login(team[role])
    upload = SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode())
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload}).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert ExhaustCheck.objects.count() == 0


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_the_programme_office_and_the_executing_agency_upload(client, posts, team, role):
    client.force_login(team[role])
    assert client.get(IMPORT).status_code == 200
    upload = SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode())
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 302
    assert ExhaustCheck.objects.count() == 6
    again = client.post(
        IMPORT,
        {"file": SimpleUploadedFile("c.csv", "\n".join([HEADER, *ROWS]).encode())},
        follow=True,
    )
    assert "Imported: 0 created, 0 updated, 6 unchanged." in again.content.decode()
    assert ExhaustCheck.objects.count() == 6


def test_a_bad_upload_is_refused_with_its_errors(client, posts, team):
    client.force_login(team["reviewer"])
    upload = SimpleUploadedFile(
        "c.csv", "\n".join([HEADER, ROWS[0], "P-01,2023-01-10,M1,petrol,4,,x,"]).encode()
    )
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "row 3, column checked_at" in page
    assert "row 3, column co_min_idle" not in page, "the first bad cell of a row is reported"
    assert ExhaustCheck.objects.count() == 0


def test_the_template_offers_the_posts_and_fuels_to_choose_from(client, posts, team):
    client.force_login(team["editor"])
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    checks, listed = workbook.worksheets
    assert [c.value for c in checks[1]][:4] == ["post", "checked_at", "vehicle_category", "fuel"]
    assert [row[0] for row in listed.iter_rows(min_row=2, values_only=True)] == ["M-01", "P-01"]
    formulas = {v.formula1 for v in checks.data_validations.dataValidation}
    assert f"'{listed.title}'!$A$2:$A$3" in formulas
    assert '"petrol,diesel"' in formulas


def test_the_admin_lists_each_check_with_its_verdict_and_the_status_of_its_limits(
    client, posts, roadmap
):
    from django.contrib.auth import get_user_model

    load(roadmap, ROWS)
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    page = client.get("/en/admin/exhaust/exhaustcheck/").content.decode()
    assert "fail: CO at minimum idle 0.9 %, limit 0.5 %, 0.4 above (limits: not verified)" in page
    assert "pass (limits: not verified)" in page
    assert "not assessed: no limit in the reference data" in page
