"""The Kazakh suffix-stripping rule: a word without its inflectional endings.

The endings, their order and their sources are data (`data/kazakh-endings.yaml`); this module
only applies them. Words arrive folded (`folding.fold`), so the endings are folded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jasyl.core import yamlfiles
from jasyl.core.search.folding import fold

DATA = Path(__file__).parent / "data" / "kazakh-endings.yaml"
# Folded vowels: a stem keeps at least one.
VOWELS = frozenset("аеиоуыэюя")


@dataclass(frozen=True)
class Ending:
    text: str
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    min_stem: int
    # Each slot's endings, longest first; slots in the order they are stripped.
    slots: tuple[tuple[Ending, ...], ...]
    unvoiced: dict[str, str]


class EndingsError(ValueError):
    """The endings file is not as `data/kazakh-endings.yaml` documents it."""


def read_rule(content: dict[str, Any], where: str = DATA.name) -> Rule:
    """The rule of an endings file, checked: every slot and the voicing cite a source."""
    sources = content.get("sources") or {}
    slots = []
    for number, slot in enumerate(content.get("slots") or [], start=1):
        if slot.get("source") not in sources:
            raise EndingsError(f"{where}: slot {number} ({slot.get('slot')}) cites no source")
        endings = [
            Ending(fold(text), tuple(fold(letter) for letter in group.get("after", [])))
            for group in slot.get("groups", [])
            for text in group["endings"]
        ]
        slots.append(tuple(sorted(set(endings), key=lambda e: -len(e.text))))
    unvoiced = content.get("unvoiced") or {}
    if unvoiced and unvoiced.get("source") not in sources:
        raise EndingsError(f"{where}: the voicing rule cites no source")
    min_stem = content.get("min_stem")
    if not isinstance(min_stem, int) or min_stem < 1:
        raise EndingsError(f"{where}: min_stem must be a whole number of letters, at least 1")
    return Rule(
        min_stem=min_stem,
        slots=tuple(slots),
        unvoiced={fold(k): fold(v) for k, v in (unvoiced.get("letters") or {}).items()},
    )


@cache
def rule() -> Rule:
    return read_rule(yamlfiles.safe_load(DATA.read_text(encoding="utf-8")))


def _strippable(word: str, ending: Ending, min_stem: int) -> bool:
    stem = word[: -len(ending.text)]
    return (
        word.endswith(ending.text)
        and len(stem) >= min_stem
        and any(c in VOWELS for c in stem)
        and (not ending.after or stem.endswith(ending.after))
    )


def stem(word: str, found: Rule | None = None) -> str:
    """A folded Kazakh word without its case, possessive and plural endings (at most one of
    each, in that order from the end)."""
    applied = found or rule()
    innermost = ""
    for slot in applied.slots:
        ending = next((e for e in slot if _strippable(word, e, applied.min_stem)), None)
        if ending is not None:
            word = word[: -len(ending.text)]
            innermost = ending.text
    if innermost[:1] in VOWELS and word[-1:] in applied.unvoiced:
        word = word[:-1] + applied.unvoiced[word[-1]]
    return word
