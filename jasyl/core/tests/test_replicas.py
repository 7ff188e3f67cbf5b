"""Which database a request reads from when a read replica is configured."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponse
from django.test import RequestFactory

from jasyl.core.replicas import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    PrimaryReplicaRouter,
    ReplicaMiddleware,
)

router = PrimaryReplicaRouter()


def read_from(request):
    """Run the middleware and report where the view's reads went, and the response."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(User)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen["alias"], response


@pytest.fixture
def with_replica(settings):
    settings.JASYL_READ_REPLICA = True


def anonymous(request):
    request.user = AnonymousUser()
    return request


def test_without_a_replica_everything_reads_the_primary():
    alias, _ = read_from(anonymous(RequestFactory().get("/kk/")))
    assert alias == PRIMARY


def test_an_anonymous_visitors_page_reads_the_replica(with_replica):
    alias, response = read_from(anonymous(RequestFactory().get("/kk/")))
    assert alias == REPLICA
    assert PIN_COOKIE not in response.cookies


def test_a_write_reads_the_primary_and_pins_the_browser_to_it(with_replica):
    alias, response = read_from(anonymous(RequestFactory().post("/kk/accounts/login/")))
    assert alias == PRIMARY
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    pinned = anonymous(RequestFactory().get("/kk/"))
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert read_from(pinned)[0] == PRIMARY


def test_signed_in_people_and_api_tokens_read_their_own_writes_from_the_primary(with_replica):
    signed_in = RequestFactory().get("/kk/programmes/green-almaty/reporting/")
    signed_in.user = User(username="editor")
    assert read_from(signed_in)[0] == PRIMARY
    token = anonymous(RequestFactory().get("/api/v1/", HTTP_AUTHORIZATION="Token abc"))
    assert read_from(token)[0] == PRIMARY


def test_work_outside_a_request_and_every_write_use_the_primary(with_replica):
    assert router.db_for_read(User) == PRIMARY
    assert router.db_for_write(User) == PRIMARY
    assert router.allow_migrate(REPLICA, "people") is False
