"""404, 403, 405 and 500 answer with a page in the visitor's language: the site's layout for the
first three, a plain page that cannot fail again for the 500."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import server_error

BRAND = "Green Almaty programme monitoring"


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_missing_page_is_a_page_of_the_site_in_the_visitors_language(db, language):
    response = Client().get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert in_language(language, "Page not found") in page
    assert in_language(language, BRAND) in page, "the site's header"
    assert in_language(language, "Go to the programme's dashboard") in page


def test_a_page_someone_may_not_open_says_so_in_their_language(team):
    client = Client()
    client.force_login(team["outsider"])
    response = client.get("/ru/programmes/green-almaty/air/exhaust-checks/import/")
    assert response.status_code == 403
    page = response.content.decode()
    assert in_language("ru", "Not allowed") in page
    assert in_language("ru", BRAND) in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_link_to_an_address_that_only_takes_a_form_gets_a_page_not_a_blank(db, language):
    # Signing out is a form (POST); a link or a reload of its address is a GET.
    response = Client().get(f"/{language}/accounts/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    page = response.content.decode()
    assert in_language(language, "This address is not opened this way") in page
    assert in_language(language, BRAND) in page


def test_the_api_keeps_its_own_json_for_a_wrong_method(roadmap):
    response = Client().delete("/api/v1/programmes/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_server_error_is_a_plain_page_in_the_visitors_language(language):
    with translation.override(language):
        response = server_error(RequestFactory().get(f"/{language}/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert in_language(language, "Something went wrong") in page
