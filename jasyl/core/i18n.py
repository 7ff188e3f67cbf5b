"""Content fields in three languages: one column per language (`name_kk`, `name_ru`, `name_en`).

This is the project's one mechanism for translated content; interface strings use gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Text:
    """A content string in Kazakh (as published) with unofficial Russian and English."""

    kk: str
    ru: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language`, falling back to the published Kazakh."""
        return getattr(self, language, "") or self.kk

    def as_dict(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "en": self.en}


def current_language() -> str:
    language = (get_language() or "kk")[:2]
    return language if language in LANGUAGES else "kk"


def localized(obj: Any, name: str, language: str | None = None) -> str:
    """The field in the active language, falling back to the published Kazakh."""
    language = language or current_language()
    return str(getattr(obj, f"{name}_{language}", "") or getattr(obj, f"{name}_kk", ""))


def localized_or_any(obj: Any, name: str, fallback: str) -> str:
    """The field in the active language, else in Kazakh, else in any language, else `fallback`
    (names that only some rows have in every language)."""
    return localized(obj, name) or next(
        (value for value in (getattr(obj, f"{name}_{lang}") for lang in LANGUAGES) if value),
        fallback,
    )


def as_text(obj: Any, name: str) -> Text:
    return Text(*(str(getattr(obj, f"{name}_{language}", "")) for language in LANGUAGES))


def text_values(name: str, text: Text) -> dict[str, str]:
    """Model keyword arguments for a translated field."""
    return {f"{name}_{language}": getattr(text, language) for language in LANGUAGES}


def data_text(value: object) -> Text:
    """A text of a data file (YAML): a mapping of `kk`, `ru` and `en`, or, in a file written
    before its texts were translated, one plain string for every language. A language left
    out falls back to Kazakh, then Russian, then English. `ValueError` says what is wrong."""
    if isinstance(value, str):
        text = value.strip()
        return Text(text, text, text)
    if not isinstance(value, dict):
        raise ValueError("must be a text or a mapping of kk, ru and en")
    unknown = sorted(str(k) for k in value if k not in LANGUAGES)
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: not a language (kk, ru, en)")
    given = {k: str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
    fallback = next((given[k] for k in LANGUAGES if k in given), "")
    if not fallback:
        raise ValueError("is empty in every language")
    return Text(*(given.get(k, fallback) for k in LANGUAGES))
