"""What the search page finds: the plan's activities and sections, the indicators, the agencies
and the registries' objects (parks, nurseries, wood-waste sites, species; a felling permit or a
tree by its number), each a `core.search` document with the page it links to.

The plan's parts come from the cached plain `Plan`; the rest from the database in one query a
kind, the small registries whole (their names are stemmed in Python, `docs/search.md`) and
permits and trees only by their exact number, through its unique index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jasyl.core.i18n import LANGUAGES
from jasyl.core.search.ranking import (
    MAX_QUERY_WORDS,
    Document,
    Field,
    Hit,
    Query,
    Snippet,
    best_snippet,
    marked,
    match,
)
from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Species, Tree, WoodWasteSite
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.registries.models import Edit
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.summaries import portfolios
from jasyl.web.common.tables import activity_document

MAX_RESULTS = 50

# What each kind of result is called on the page, in the order equal matches are listed.
KINDS = {
    "activity": _("Activity"),
    "section": _("Section"),
    "indicator": _("Indicator"),
    "agency": _("Agency"),
    "park": _("Park"),
    "nursery": _("Nursery"),
    "wood-waste-site": _("Wood-waste site"),
    "species": _("Tree species"),
    "permit": _("Felling permit"),
    "tree": _("Tree"),
}
ORDER = {kind: position for position, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Candidate:
    kind: str
    code: str
    url: str
    document: Document


@dataclass(frozen=True)
class Result:
    kind: str
    code: str
    url: str
    title: Snippet
    snippet: Snippet | None
    hit: Hit

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


@dataclass(frozen=True)
class Found:
    results: list[Result]
    total: int


def stamp() -> str:
    """What the page depends on beyond the plan's edition: the latest registry edit (every
    write of a registry row or a permit records one)."""
    return str(Edit.objects.aggregate(latest=Max("id"))["latest"] or 0)


def _names(row: Any, title: bool = True) -> tuple[Field, ...]:
    return tuple(Field(getattr(row, f"name_{lang}"), lang, title=title) for lang in LANGUAGES)


def _plan(plan: Plan, programme: str) -> Iterator[Candidate]:
    for a in plan.activities:
        url = reverse("roadmap:activity", args=[programme, a.code])
        yield Candidate("activity", a.code, url, activity_document(a))
    for s in plan.sections:
        url = reverse("roadmap:section", args=[programme, s.code])
        yield Candidate("section", "", url, Document(_names_of_text(s.name)))
    for p in portfolios(plan):
        url = reverse("agencies:detail", args=[programme, p.agency.code])
        document = Document(_names_of_text(p.agency.name), codes=(p.agency.code,))
        yield Candidate("agency", p.agency.code, url, document)


def _names_of_text(text: Any) -> tuple[Field, ...]:
    return tuple(Field(getattr(text, lang), lang, title=True) for lang in LANGUAGES)


def _indicators(record: Programme) -> Iterator[Candidate]:
    for i in Indicator.objects.filter(programme=record).select_related("measure", "activity"):
        url = reverse("indicators:detail", args=[record.code, i.code])
        document = Document(_names(i.measure), codes=(i.code,))
        yield Candidate("indicator", i.code, url, document)


def _registries(record: Programme, *, sample: bool) -> Iterator[Candidate]:
    query = urlencode({"data": "sample"}) if sample else ""
    places: list[tuple[str, Any, str]] = [
        ("park", Park, "greenfund:parks"),
        ("nursery", Nursery, "greenfund:nurseries"),
        ("wood-waste-site", WoodWasteSite, "greenfund:wood_waste_sites"),
    ]
    for kind, model, name in places:
        url = reverse(name, args=[record.code]) + (f"?{query}" if query else "")
        rows = model.objects.filter(is_sample=sample).only(
            "code", "name_kk", "name_ru", "name_en", "holder_name"
        )
        for row in rows:
            document = Document((*_names(row), Field(row.holder_name)), codes=(row.code,))
            yield Candidate(kind, row.code, url, document)
    for species in Species.objects.all():
        params = {"species": species.latin_name} | ({"data": "sample"} if sample else {})
        url = reverse("greenfund:trees", args=[record.code]) + "?" + urlencode(params)
        document = Document((*_names(species), Field(species.latin_name, title=True)))
        yield Candidate("species", species.latin_name, url, document)


def _numbered(record: Programme, query: Query, *, sample: bool) -> Iterator[Candidate]:
    """Permits and trees whose number is the query or one of its terms, as written or in
    capitals: an exact match through the unique index, the same on SQLite and PostgreSQL
    (SQLite folds the case of Latin letters only)."""
    if not query:
        return
    terms = {query.text, *query.text.split()[:MAX_QUERY_WORDS]}
    numbers = terms | {t.upper() for t in terms}
    for permit in FellingPermit.objects.filter(number__in=numbers, is_sample=sample):
        url = reverse("greenfund:permit", args=[record.code, permit.pk])
        document = Document((Field(permit.number, title=True),), codes=(permit.number,))
        yield Candidate("permit", permit.number, url, document)
    trees = Tree.objects.filter(code__in=numbers, is_sample=sample).select_related("species")
    for tree in trees:
        url = reverse("greenfund:tree", args=[record.code, tree.pk])
        names = _names(tree.species, title=False) if tree.species else ()
        fields = (Field(tree.code, title=True), *names)
        yield Candidate("tree", tree.code, url, Document(fields, codes=(tree.code,)))


def _shown_title(document: Document, language: str) -> Field:
    """The title in the page's language, else the published Kazakh, else any there is."""
    titles = [f for f in document.fields if f.title and f.text]
    for wanted in (language, "kk"):
        found = next((f for f in titles if f.language == wanted), None)
        if found is not None:
            return found
    return titles[0] if titles else Field("")


def find(
    record: Programme, plan: Plan, query: Query, *, language: str, sample: bool = False
) -> Found:
    """Everything the query finds, the best first, at most `MAX_RESULTS` of them."""
    candidates = [
        *_plan(plan, record.code),
        *_indicators(record),
        *_registries(record, sample=sample),
        *_numbered(record, query, sample=sample),
    ]
    hits = []
    for candidate in candidates:
        hit = match(query, candidate.document)
        if hit is not None:
            hits.append((hit.order, ORDER[candidate.kind], candidate, hit))
    hits.sort(key=lambda found: (found[0], found[1]))
    results = []
    for _order, _kind, candidate, hit in hits[:MAX_RESULTS]:
        title = _shown_title(candidate.document, language)
        others = [f for f in candidate.document.fields if f is not title]
        results.append(
            Result(
                candidate.kind,
                candidate.code,
                candidate.url,
                marked(query, title),
                best_snippet(query, others, language),
                hit,
            )
        )
    return Found(results, len(hits))
