"""A cached page is rendered once per edition whatever the query string: a parameter the view
does not read (`?x=123`) neither reaches the key nor the page, so a flood of random query
strings is served from the cache, and no link on the page carries what a visitor made up."""

from __future__ import annotations

import secrets

FINDINGS = "/en/programmes/green-almaty/audit/"


def test_random_query_strings_are_the_same_cached_page(client, roadmap, django_assert_num_queries):
    first = client.get(f"{FINDINGS}?x=123")
    assert first.status_code == 200
    # Rendering reads the programme; a page from the cache reads one figure: the latest registry
    # edit, as the findings count what the registries hold (the edition is cached too).
    with django_assert_num_queries(20):
        again = [client.get(f"{FINDINGS}?x={secrets.token_hex(4)}") for _ in range(20)]
    assert {a.content for a in again} == {first.content}


def test_a_parameter_the_page_reads_is_another_page(client, roadmap):
    everything = client.get(FINDINGS).content.decode()
    errors = client.get(f"{FINDINGS}?severity=error&x=1").content.decode()
    assert errors != everything
    assert client.get(f"{FINDINGS}?x=2&severity=error").content.decode() == errors


def test_no_link_carries_a_made_up_parameter(client, roadmap):
    page = client.get(f"{FINDINGS}?severity=error&evil=payload").content.decode()
    assert "payload" not in page
    assert "?severity=error" in page, "the language switch keeps what the page reads"
