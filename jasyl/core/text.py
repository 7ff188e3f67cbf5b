"""Text for search and for typed numbers: folding, word-form matching, numbers as typed."""

from jasyl.core.search.folding import KAZAKH, fold
from jasyl.core.search.ranking import Document, Field, every_word, parse

__all__ = ["KAZAKH", "fold", "matches", "number_text"]


def matches(query: str, *texts: str) -> bool:
    """Every word of the query is found in one of the texts, in any of its forms in Kazakh,
    Russian or English (`core.search`): "деревья" finds "деревьев", "ағаш" finds "ағаштарды"."""
    return every_word(parse(query), Document(tuple(Field(t) for t in texts)))


# Spaces people and spreadsheets put between thousands: plain, no-break and narrow no-break.
THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f")


def number_text(typed: str) -> str:
    """A number as people type it in Kazakh and Russian ("1 234,5") in Python's form ("1234.5"):
    the spaces between thousands dropped, a decimal comma read as a point."""
    return typed.strip().translate(THOUSANDS_SPACES).replace(",", ".")
