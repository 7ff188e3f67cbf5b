"""Remember the language of the pages a visitor reads, so `/` opens in it next time; answer
"busy, try again" when SQLite's write lock cannot be had in time."""

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_from_path

# The "busy" page asks to send the request again after this many seconds.
BUSY_RETRY_SECONDS = 10


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
                # Secure when the site says so (JASYL_SECURE_COOKIES), and always over https.
                secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            )
        return response


class DatabaseBusyMiddleware:
    """Answer 503 with `Retry-After`, not 500, when SQLite's one write lock stayed taken past
    the busy timeout (`JASYL_SQLITE_BUSY_MS`): another transaction, a long ingest say, held it.
    Nothing of the request was written; the person can send it again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError) or "database is locked" not in str(
            exception
        ):
            return None
        seconds = BUSY_RETRY_SECONDS
        response = render(request, "common/busy.html", {"seconds": seconds}, status=503)
        response["Retry-After"] = str(seconds)
        response["Cache-Control"] = "no-store"
        return response
