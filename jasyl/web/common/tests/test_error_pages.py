"""404, 403, 405 and 500 answer with a page in the site's layout and the visitor's language:
the language of the address, or for an address without one the browser's (Accept-Language).
The 500 page needs neither the database nor the context processors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

BRAND = "Green Almaty programme monitoring"
# (the language expected, the prefix of the address); None: no prefix, Accept-Language says ru.
ADDRESSES = [("kk", "/kk"), ("ru", "/ru"), ("en", "/en"), ("ru", "")]


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def assert_page(response, language: str, status: int, heading: str) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{in_language(language, heading)}</h1>" in page
    assert 'class="site-header"' in page and in_language(language, BRAND) in page


@pytest.mark.parametrize(("language", "prefix"), ADDRESSES)
def test_a_missing_page_is_a_page_of_the_site_in_the_visitors_language(db, language, prefix):
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get(f"{prefix}/no-such-page/")
    assert_page(response, language, 404, "Page not found")
    assert in_language(language, "Go to the programme's dashboard") in response.content.decode()


@pytest.mark.parametrize(("language", "prefix"), ADDRESSES[:3])
def test_a_page_someone_may_not_open_says_so_in_their_language(team, language, prefix):
    # Every page that can refuse someone has a language prefix; the API answers JSON.
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(team["outsider"])
    response = client.get(f"{prefix}/programmes/green-almaty/air/exhaust-checks/import/")
    assert_page(response, language, 403, "Not allowed")


@pytest.mark.parametrize(("language", "prefix"), ADDRESSES)
def test_a_link_to_an_address_that_only_takes_a_form_gets_a_page_not_a_blank(db, language, prefix):
    # Signing out is a form (POST); a link or a reload of its address is a GET. Without a
    # prefix the address first redirects to the browser's language.
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get(f"{prefix}/accounts/logout/", follow=True)
    assert_page(response, language, 405, "This address is not opened this way")
    assert response["Allow"] == "POST, OPTIONS"


def test_the_api_keeps_its_own_json_for_a_wrong_method(roadmap):
    response = Client().delete("/api/v1/programmes/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("language", "address"),
    [
        ("kk", "/kk/programmes/green-almaty/"),
        ("ru", "/ru/programmes/green-almaty/"),
        ("en", "/en/programmes/green-almaty/"),
        ("ru", "/opendata/green-almaty/datapackage.zip"),
    ],
)
def test_a_server_error_is_a_page_of_the_site_even_without_the_database(language, address):
    # No `db` fixture: every query fails, as when the database is down.
    response = Client(HTTP_ACCEPT_LANGUAGE="ru", raise_request_exception=False).get(address)
    assert_page(response, language, 500, "Something went wrong")
