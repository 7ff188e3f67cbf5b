"""A cold air-quality page is built by one request at a time: the others wait for it."""

import threading
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from jasyl.domain.roadmap.revisions import edition_key
from jasyl.web.common.caching import cached_page


def test_concurrent_requests_for_a_cold_page_build_it_once():
    built = []

    @cached_page(single=True)
    def slow(request, programme):
        built.append(programme)
        time.sleep(0.3)
        return HttpResponse(f"page {len(built)}")

    cache.clear()
    cache.set(edition_key("p"), (1, "1.0"))
    responses = []

    def ask():
        request = RequestFactory().get("/air/")
        request.user = AnonymousUser()
        responses.append(slow(request, programme="p").content)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == ["p"] and responses == [b"page 1"] * 3
