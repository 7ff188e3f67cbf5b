"""What the API does with an attacker's requests: deep JSON, an oversized body, a browser's
`Accept`, a flood of requests. Each is answered in the API's JSON error shape, never a 500."""

from __future__ import annotations

import bz2
import json

import pytest
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

from jasyl.testing.reports import open_period
from jasyl.web.api.parsers import nested_deeper_than
from jasyl.web.api.tests.conftest import API
from jasyl.web.api.views import ListView

REPORT = API + "reports/2025/2.2/"


@pytest.fixture
def editor(team):
    """An agency editor signed in to the API, with a reporting year open."""
    open_period(team)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(team["editor"])
    return client


def assert_api_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ('"[[[{{{"', 0),
        ('{"a": [1, {"b": "]}\\"]]"}]}', 3),
        ("[" * 30 + "]" * 30, 30),
        ('[{"x": "\\\\"}, [[]], {}]', 3),
        ("[[], [[[]]], [[]]]", 4),
    ],
)
def test_the_depth_counts_brackets_outside_strings(text, depth):
    assert not nested_deeper_than(text, depth)
    assert depth == 0 or nested_deeper_than(text, depth - 1)


def test_ten_thousand_nested_arrays_are_refused_with_400_not_a_server_error(editor):
    response = editor.put(REPORT, "[" * 10_000 + "]" * 10_000, content_type="application/json")
    body = assert_api_error(response, 400)
    assert "20 levels" in body["detail"]


def test_deep_objects_are_refused_too(editor):
    response = editor.put(
        REPORT, '{"a":' * 5_000 + "1" + "}" * 5_000, content_type="application/json"
    )
    assert_api_error(response, 400)


def test_the_depth_limit_is_a_setting(editor, settings):
    deep = {"revision": 0, "status": "on_track", "narrative": "x", "spending": [[[[[]]]]]}
    settings.JASYL_API_MAX_JSON_DEPTH = 4
    assert "4 levels" in assert_api_error(editor.put(REPORT, deep, format="json"), 400)["detail"]
    settings.JASYL_API_MAX_JSON_DEPTH = 20
    # Past the parser, the serializer refuses the strange spending on its own terms.
    refused = assert_api_error(editor.put(REPORT, deep, format="json"), 400)
    assert refused["errors"][0]["field"].startswith("spending")


def test_an_oversized_body_is_refused_with_413_in_the_api_shape(editor, settings):
    narrative = "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"revision": 0, "status": "on_track", "narrative": narrative})
    response = editor.put(REPORT, body, content_type="application/json")
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in assert_api_error(response, 413)["detail"]


def test_a_compressed_body_cannot_pass_as_a_charset(editor):
    bomb = bz2.compress(b"[" * 1_000_000 + b"]" * 1_000_000)
    response = editor.put(REPORT, bomb, content_type="application/json; charset=bz2_codec")
    assert_api_error(response, 400)


def test_a_normal_write_still_works(editor):
    response = editor.put(
        REPORT, {"revision": 0, "status": "on_track", "progress": 25, "narrative": "ok"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 1


def list_urls() -> list[str]:
    """Every list endpoint of jasyl/web/api/urls.py, its path parameters filled in."""
    values = {"programme": "green-almaty", "code": "1:air_emissions"}
    (api,) = [p for p in get_resolver().url_patterns if "api/v1/" in str(p.pattern)]
    found = []
    for pattern in api.url_patterns:
        view = getattr(pattern.callback, "view_class", None)
        if isinstance(pattern, URLPattern) and view and issubclass(view, ListView):
            route = str(pattern.pattern)
            for name, value in values.items():
                route = route.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
            found.append("/api/v1/" + route)
    return found


def test_every_list_endpoint_answers_json_to_a_browser(api, registry):
    urls = list_urls()
    assert len(urls) == 8, urls
    for url in urls:
        for accept in ("text/html", "text/html,application/xhtml+xml,*/*;q=0.8"):
            response = api.get(url, HTTP_ACCEPT=accept)
            assert response.status_code == 200, (url, accept, response.content[:300])
            assert response["Content-Type"] == "application/json"
            assert "results" in response.json()


def test_the_api_has_no_browsable_html_pages(api, roadmap):
    response = api.get(API + "activities/?format=api")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_anonymous_clients_are_throttled_with_429_and_retry_after(api, roadmap, settings):
    settings.JASYL_API_ANON_RATE = "3/minute"
    client = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(3):
        assert api.get(API, **client).status_code == 200
    # A made-up X-Forwarded-For does not make a new client: the client is no trusted proxy.
    response = api.get(API, **client, HTTP_X_FORWARDED_FOR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en")
    body = assert_api_error(response, 429)
    assert "throttled" in body["detail"] and body["errors"] == []
    assert 0 < int(response["Retry-After"]) <= 60
    assert api.get(API, REMOTE_ADDR="198.51.100.7").status_code == 200, "another client"


def test_a_person_has_a_rate_of_their_own(team, settings):
    settings.JASYL_API_ANON_RATE = "1/minute"
    settings.JASYL_API_USER_RATE = "3/minute"
    person = APIClient()
    person.force_login(team["editor"])
    assert [person.get(API).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert APIClient().get(API).status_code == 200, "the anonymous count is another"
