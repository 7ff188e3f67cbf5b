"""Whole public pages cached per programme edition, language and URL.

A page shows only published data, which change only when a new edition of the plan is loaded or
the programme's published revision moves: the writes that change what a public page shows move
it in their own transaction (`roadmap.revisions.published_data_changed`: a report approved or
reopened, a reporting period closed or reopened, which publishes or withdraws its PDF report, an
indicator value recorded, a target amended, new reference data in force, exhaust checks
imported, a registry edit approved). Both numbers are part of the key, so either change makes
every cached page stale at once, in every language. Pages for signed-in people are never cached.
Each cached view declares the query parameters it reads (`params`): only they reach the view and
the key, so a page asked for with any other parameter (`?x=123`) is the same page, rendered once.
Which edition is current is itself cached for `JASYL_EDITION_SECONDS` (the loader clears it in
its own process; other server processes see a new edition within that time).
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.http import urlencode
from django.utils.translation import get_language

from jasyl.domain.roadmap.revisions import edition_key
from jasyl.domain.roadmap.selectors import edition_of, get_programme

View = Callable[..., HttpResponse]

# A page built by one request at a time (`single`): the longest it may take to build, and how
# often the requests waiting for it look whether it is there.
BUILD_SECONDS = 60
BUILD_POLL_SECONDS = 0.05


def current_edition(code: str | None) -> tuple[int, str]:
    """(programme id, "<plan edition>.<published reports revision>") of a programme; 404 when
    there is none."""
    code = code or settings.JASYL_DEFAULT_PROGRAMME
    found: tuple[int, str] | None = cache.get(edition_key(code))
    if found is None:
        record = get_programme(code)
        found = (record.pk, f"{edition_of(record)}.{record.published_revision}")
        cache.set(edition_key(code), found, settings.JASYL_EDITION_SECONDS)
    return found


def keep_only(request: HttpRequest, params: tuple[str, ...]) -> None:
    """Drop every query parameter but `params` (the last value of each, as `GET.get` reads
    it), from `request.GET` and from the query string that links to the page are built from."""
    query = urlencode({name: request.GET[name] for name in params if request.GET.get(name)})
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query


def cached_page(
    *,
    params: tuple[str, ...] = (),
    stamp: Callable[[], object] | None = None,
    seconds: int | None = None,
    single: bool = False,
) -> Callable[[View], View]:
    """Serve a GET page from the cache when this edition's page was rendered before; `params`
    names the query parameters the view reads (the others are dropped), `stamp` adds what else
    the page depends on to the key (the latest measurements file, say), and `seconds` bounds how
    long a page stands (None: until the edition changes). With `single`, a page that is not
    cached is built by one request at a time (a lock in the cache, across processes when the
    cache is shared): the others wait for it, and build it themselves only if it has not come
    within `BUILD_SECONDS`."""
    kept = tuple(sorted(set(params)))

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            keep_only(request, kept)
            # Signed-in people see their own menu and unpublished work: never cached.
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            programme, edition = current_edition(kwargs.get("programme"))
            extra = f"{stamp()}:" if stamp else ""
            path = request.get_full_path()
            key = f"jasyl:page:{programme}:{edition}:{extra}{get_language()}:{path}"
            hit = cache.get(key)
            lock = f"{key}:building"
            owner = False
            if hit is None and single:
                owner = cache.add(lock, True, timeout=BUILD_SECONDS)
                if not owner:
                    hit = _built_meanwhile(key, lock)
            if hit is not None:
                content, headers = hit
                return HttpResponse(content, headers=headers)
            try:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    cache.set(key, (response.content, dict(response.headers)), timeout=seconds)
            finally:
                if owner:
                    cache.delete(lock)
            return response

        return wrapper

    return decorate


def _built_meanwhile(key: str, lock: str) -> Any:
    """The page another request is building, once it is cached; None when that request gave
    up (an error) or took longer than `BUILD_SECONDS`."""
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        time.sleep(BUILD_POLL_SECONDS)
        hit = cache.get(key)
        if hit is not None or cache.get(lock) is None:
            return hit
    return None


cached_per_edition = cached_page()
"""Whole pages that read no query parameter, cached until the programme's edition or published
revision changes."""
