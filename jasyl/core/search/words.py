"""Words and the keys they are found by.

A word is found by keys that name how it was reduced: ("ru", Snowball stem) for a Cyrillic word
of a Russian text, ("kk", stem by the Kazakh rule) for one of a Kazakh text, ("en", Snowball
stem) for any Latin word, ("plain", the folded word) for digits and for every Cyrillic word as
it stands. A query word does not say its language, so a Cyrillic one carries its Kazakh, Russian
and plain keys, as does a word of a text in no stated language; a query word finds a word of a
text when they share a key. Only whole words match: "газ" finds "газа" and "газы", never "газон".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from jasyl.core.search import kazakh
from jasyl.core.search.folding import fold

Key = tuple[str, str]

# Letters and digits; anything else (spaces, hyphens, dots, quotes) separates words.
WORD = re.compile(r"[^\W_]+")
LATIN = re.compile(r"[a-z]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


# A Snowball stemmer keeps state while it stems: one per thread.
_local = threading.local()


def _snowball(language: str) -> Any:
    stemmers: dict[str, Any] = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each word of `text`, in order."""
    for found in WORD.finditer(text):
        yield found.start(), found.end(), found.group()


def _snowball_key(word: str, language: str) -> str:
    # Stem before folding: Snowball reads "й" and "ё", which folding takes away.
    lowered = word.casefold().replace("ё", "е")
    return fold(_snowball(language).stemWord(lowered))


@lru_cache(maxsize=100_000)
def keys(word: str, language: str) -> frozenset[Key]:
    """The keys of a word of a text in `language` ("kk", "ru", "en"; "" when unknown: a
    Cyrillic word then carries both its Kazakh and its Russian key)."""
    folded = fold(word)
    if LATIN.search(folded):
        return frozenset({("en", _snowball_key(word, "english"))})
    if not CYRILLIC.search(word):
        return frozenset({("plain", folded)})
    found = {("plain", folded)}
    if language in ("ru", ""):
        found.add(("ru", _snowball_key(word, "russian")))
    if language in ("kk", ""):
        found.add(("kk", kazakh.stem(folded)))
    return frozenset(found)


def query_keys(word: str) -> frozenset[Key]:
    """Every key a typed word may be found by, whatever language it is in."""
    return keys(word, "")
