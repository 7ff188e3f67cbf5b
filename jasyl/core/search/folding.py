"""Text folding for search: case, diacritics and Kazakh letters folded to a common form."""

import unicodedata

# Kazakh Cyrillic letters folded to the Russian letters people type in their place.
KAZAKH = str.maketrans("әғқңөұүһі", "агкноууhи")


def fold(text: str) -> str:
    """`Әуезов` and `ауэзов` do not match, but `Әуезов`, `ӘУЕЗОВ` and `Ауезов` all do."""
    text = text.casefold().translate(KAZAKH).replace("ё", "е").replace("h", "х")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
