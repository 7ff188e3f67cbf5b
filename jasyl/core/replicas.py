"""Public reads from a streaming read replica; writes, and a person's own reads, from the primary.

With `JASYL_REPLICA_DATABASE_URL` set, the database alias `replica` is a PostgreSQL hot standby
fed by streaming replication, and `ReplicaMiddleware` decides per request:

- a GET or HEAD by an anonymous visitor, with no credentials and no pin cookie, reads from the
  replica: the public portal, the open data and the public API;
- everything else reads from the primary: any write, anything a signed-in person or an API
  token asks for (their own drafts must be read back at once), and every request for
  `JASYL_REPLICA_PIN_SECONDS` after a write by the same browser (the pin cookie), so that a
  person who has just written never sees the replica's lag;
- work outside a request (commands, the background worker) reads from the primary.

Django's documentation on multiple databases describes routers:
<https://docs.djangoproject.com/en/5.2/topics/db/multi-db/#database-routers>.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "jasyl_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Outside a request, and until the middleware decides, everything reads from the primary.
_reads_from: ContextVar[str] = ContextVar("jasyl_reads_from", default=PRIMARY)


def has_replica() -> bool:
    return bool(settings.JASYL_READ_REPLICA)


@contextmanager
def reading_from(alias: str) -> Iterator[None]:
    """Read from `alias` inside the block (the router still sends every write to the primary)."""
    token = _reads_from.set(alias)
    try:
        yield
    finally:
        _reads_from.reset(token)


def wants_primary(request: HttpRequest) -> bool:
    """Whether this request must read what the primary holds (see the module's docstring)."""
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrimaryReplicaRouter:
    """Reads from the alias the request chose, writes and migrations on the primary only."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return _reads_from.get() if has_replica() else PRIMARY

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaMiddleware:
    """Chooses the database a request reads from; placed after the authentication middleware
    (reading `request.user` looks the session up, on the primary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not has_replica():
            return self.get_response(request)
        alias = PRIMARY if wants_primary(request) else REPLICA
        with reading_from(alias):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # The browser that wrote reads from the primary until the replica has caught up.
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.JASYL_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
