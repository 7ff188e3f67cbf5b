"""A query matched against documents: what matched, how well, and a snippet to show it.

A document is a few fields, each a text in a stated language (or none), some of them titles,
and the codes it is known by (an activity's "10.3", a permit's number). A query finds a document
when one of its words is found in a field (`words`: word forms, whole words only) or one of its
terms is the document's code. Results rank by, in order: the query names the document's code;
more of the query's words found; more of them found in a title; more occurrences.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from jasyl.core.search.folding import fold
from jasyl.core.search.words import Key, keys, query_keys, spans

# Longer queries are cut, not refused: a pasted paragraph still finds something.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
SNIPPET_CHARS = 180


@dataclass(frozen=True)
class Field:
    text: str
    language: str = ""
    title: bool = False


@dataclass(frozen=True)
class Document:
    fields: tuple[Field, ...]
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    keys: tuple[frozenset[Key], ...]

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(typed: str) -> Query:
    """The query as typed, cut to `MAX_QUERY_CHARS` characters and `MAX_QUERY_WORDS` words
    (a word typed twice counts once)."""
    text = " ".join(typed[:MAX_QUERY_CHARS].split())
    words: list[str] = []
    seen: set[str] = set()
    for _start, _end, word in spans(text):
        if fold(word) not in seen and len(words) < MAX_QUERY_WORDS:
            seen.add(fold(word))
            words.append(word)
    return Query(text, tuple(words), tuple(query_keys(w) for w in words))


@lru_cache(maxsize=20_000)
def _words(text: str, language: str) -> tuple[tuple[int, int, frozenset[Key]], ...]:
    """(start, end, keys) of each word of a text: the same texts are searched again and again."""
    return tuple((start, end, keys(word, language)) for start, end, word in spans(text))


def _found(query: Query, text: str, language: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, index of the query word) of each word of the text the query finds."""
    for start, end, found in _words(text, language):
        index = next((i for i, typed in enumerate(query.keys) if found & typed), None)
        if index is not None:
            yield start, end, index


@dataclass(frozen=True)
class Hit:
    words: int
    matched: frozenset[int] = frozenset()
    in_title: frozenset[int] = frozenset()
    occurrences: int = 0
    code: bool = False

    @property
    def complete(self) -> bool:
        """Every word of the query was found."""
        return len(self.matched) == self.words

    @property
    def order(self) -> tuple[int, int, int, int]:
        """Sorts the best first."""
        return (not self.code, -len(self.matched), -len(self.in_title), -self.occurrences)


def match(query: Query, document: Document) -> Hit | None:
    """What of the query the document holds; None when nothing."""
    matched: set[int] = set()
    in_title: set[int] = set()
    occurrences = 0
    codes = {fold(c) for c in document.codes}
    code = False
    for term in {query.text, *query.text.split()} if codes else ():
        if fold(term) in codes:
            code = True
            term_words = {fold(w) for _s, _e, w in spans(term)}
            named = {i for i, w in enumerate(query.words) if fold(w) in term_words}
            matched |= named
            in_title |= named
    for found in document.fields:
        for _start, _end, index in _found(query, found.text, found.language):
            matched.add(index)
            occurrences += 1
            if found.title:
                in_title.add(index)
    if not matched:
        return None
    return Hit(len(query.words), frozenset(matched), frozenset(in_title), occurrences, code)


def every_word(query: Query, document: Document) -> bool:
    """Every word of the query is in the document (the filter of a list)."""
    hit = match(query, document)
    return hit is not None and hit.complete


@dataclass(frozen=True)
class Part:
    text: str
    marked: bool = False


@dataclass(frozen=True)
class Snippet:
    """A piece of a field with the words the query found marked; `cut_*`: text left out."""

    parts: tuple[Part, ...]
    language: str = ""
    cut_before: bool = False
    cut_after: bool = False
    words: frozenset[int] = field(default_factory=frozenset)


def _marks(query: Query, text: str, language: str) -> list[tuple[int, int, int]]:
    return list(_found(query, text, language))


def _parts(text: str, marks: Iterable[tuple[int, int, int]], start: int, end: int) -> list[Part]:
    parts: list[Part] = []
    at = start
    for mark_start, mark_end, _index in marks:
        if mark_start < start or mark_end > end:
            continue
        if mark_start > at:
            parts.append(Part(text[at:mark_start]))
        parts.append(Part(text[mark_start:mark_end], marked=True))
        at = mark_end
    if at < end:
        parts.append(Part(text[at:end]))
    return parts


def marked(query: Query, found: Field) -> Snippet:
    """The whole field with the words the query found marked (a title)."""
    marks = _marks(query, found.text, found.language)
    return Snippet(
        tuple(_parts(found.text, marks, 0, len(found.text))),
        found.language,
        words=frozenset(i for _s, _e, i in marks),
    )


def snippet(query: Query, found: Field, width: int = SNIPPET_CHARS) -> Snippet:
    """About `width` characters of the field around its first word the query found, cut at
    spaces, with the found words marked."""
    text = found.text
    marks = _marks(query, text, found.language)
    first = marks[0][0] if marks else 0
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(first, start + 1), end)
        end = space if space > 0 else end
    return Snippet(
        tuple(_parts(text, marks, start, end)),
        found.language,
        cut_before=start > 0,
        cut_after=end < len(text),
        words=frozenset(i for s, e, i in marks if s >= start and e <= end),
    )


def best_snippet(query: Query, fields: Iterable[Field], language: str) -> Snippet | None:
    """The snippet of the field that shows the most found words, in `language` when it shows
    as many as any other; None when the query was found in none of the fields."""
    best: Snippet | None = None
    best_score = (0, False)
    for found in fields:
        cut = snippet(query, found)
        score = (len(cut.words), found.language == language)
        if cut.words and score > best_score:
            best, best_score = cut, score
    return best
