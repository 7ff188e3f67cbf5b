"""Remember the language of the pages a visitor reads, so `/` opens in it next time."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path


class LanguageCookieMiddleware:
    """Set the language cookie to the language of a prefixed URL (`/ru/...`).

    The language switch is a set of plain links, so pages hold nothing per visitor and can be
    cached whole; this middleware keeps the choice for the next visit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and request.COOKIES.get(cookie) != language and response.status_code < 400:
            response.set_cookie(
                cookie,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
