"""The request body limit: pages answer 413 from the declared length, before the body is read;
the API keeps its own limits and error shape."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from jasyl.core.limits import BodyLimitMiddleware


def signed_in() -> object:
    return get_user_model()(username="editor")


def answer(path: str, length: int, user: object) -> tuple[int, list[str]]:
    reached: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        reached.append(request.path)
        return HttpResponse("ok")

    request = RequestFactory().post(path, data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    request.user = user  # type: ignore[assignment]
    return BodyLimitMiddleware(view)(request).status_code, reached


def test_a_page_refuses_a_body_over_the_limit_before_the_view(settings):
    settings.JASYL_MAX_REQUEST_BYTES = 10_000_000
    assert answer("/en/x/", 10_000_001, signed_in()) == (413, [])
    assert answer("/en/x/", 10_000_000, signed_in()) == (200, ["/en/x/"])


def test_an_anonymous_visitor_has_the_smaller_limit(settings):
    settings.JASYL_ANONYMOUS_MAX_REQUEST_BYTES = 1_000_000
    assert answer("/en/x/", 1_000_001, AnonymousUser()) == (413, [])
    assert answer("/en/x/", 1_000_001, signed_in())[0] == 200


def test_the_api_is_left_to_its_own_limits(settings):
    settings.JASYL_MAX_REQUEST_BYTES = 1000
    assert answer("/api/v1/reports/", 5000, AnonymousUser()) == (200, ["/api/v1/reports/"])


def test_a_missing_or_bad_length_is_no_body(settings):
    settings.JASYL_MAX_REQUEST_BYTES = 1000
    request = RequestFactory().get("/en/x/")
    request.META["CONTENT_LENGTH"] = "lots"
    request.user = AnonymousUser()
    assert BodyLimitMiddleware(lambda r: HttpResponse("ok"))(request).status_code == 200
