"""Text folding for search: case, diacritics and Kazakh letters folded to a common form."""

import unicodedata

# Kazakh Cyrillic letters folded to the Russian letters people type in their place.
KAZAKH = str.maketrans("әғқңөұүһі", "агкноууhи")


def fold(text: str) -> str:
    """`Әуезов` and `ауэзов` do not match, but `Әуезов`, `ӘУЕЗОВ` and `Ауезов` all do."""
    text = text.casefold().translate(KAZAKH).replace("ё", "е").replace("h", "х")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(query: str, *texts: str) -> bool:
    """Every word of the query occurs in one of the texts."""
    haystack = " ".join(fold(t) for t in texts)
    return all(word in haystack for word in fold(query).split())


# Spaces people and spreadsheets put between thousands: plain, no-break and narrow no-break.
THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f")


def number_text(typed: str) -> str:
    """A number as people type it in Kazakh and Russian ("1 234,5") in Python's form ("1234.5"):
    the spaces between thousands dropped, a decimal comma read as a point."""
    return typed.strip().translate(THOUSANDS_SPACES).replace(",", ".")
