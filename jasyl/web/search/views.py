"""The search page: one box that finds activities, sections, indicators, agencies and the
registries' objects in Kazakh, Russian and English (docs/search.md)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.core.i18n import current_language
from jasyl.core.search.ranking import MAX_QUERY_CHARS, parse
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.caching import cached_page
from jasyl.web.common.params import wants_sample
from jasyl.web.search import reads

# A cached page stands at most this long (seconds): species are edited in the admin, which
# records no registry edit.
CACHED_SECONDS = 600


@cached_page(params=("q", "data"), stamp=reads.stamp, seconds=CACHED_SECONDS)
def results(request: HttpRequest, programme: str) -> HttpResponse:
    """What the words typed find, the best first, each with the words found marked."""
    record = get_programme(programme)
    plan = current_plan(record)
    typed = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    query = parse(typed)
    sample = wants_sample(request)
    found = (
        reads.find(record, plan, query, language=current_language(), sample=sample)
        if query
        else None
    )
    return render(
        request,
        "search/results.html",
        {
            "plan": plan,
            "typed": typed,
            "query": query,
            "found": found,
            "sample": sample,
            "max_results": reads.MAX_RESULTS,
            "max_chars": MAX_QUERY_CHARS,
            "activities_query": urlencode({"q": typed} | ({"data": "sample"} if sample else {})),
        },
    )
