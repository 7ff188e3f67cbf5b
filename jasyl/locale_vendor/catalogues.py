"""Django's and the libraries' own strings that Jasyl can show, and which of them their Kazakh
and Russian catalogues leave untranslated. The catalogues of this folder fill those in and
correct some (README.md here):

    .venv/bin/python -m jasyl.locale_vendor.catalogues           # what is still missing
    .venv/bin/python -m jasyl.locale_vendor.catalogues --write   # add it, empty, to the .po files

The test `core/tests/test_vendor_translations.py` fails while anything is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

FOLDER = Path(__file__).resolve().parent
LANGUAGES = ("kk", "ru")
# Django's names for the gettext functions, for a library that ships no English catalogue.
KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

Key = tuple[str | None, str]
"""A message as gettext looks it up: its context and its msgid (the singular of a plural)."""


@dataclass(frozen=True)
class Package:
    """The catalogue of one installed package and domain ("djangojs" is the admin's JavaScript)."""

    module: str
    domain: str = "django"
    skip: tuple[str, ...] = ()
    """Folders of the package, for one without an English catalogue, that Jasyl never shows."""

    @property
    def directory(self) -> Path:
        spec = importlib.util.find_spec(self.module)
        assert spec is not None and spec.submodule_search_locations, self.module
        return Path(next(iter(spec.submodule_search_locations)))

    def catalogue(self, language: str) -> Path:
        return self.directory / "locale" / language / "LC_MESSAGES" / f"{self.domain}.po"

    def messages(self) -> dict[Key, Message]:
        """Every string of the package: its English catalogue, or else its Python source."""
        english = self.catalogue("en")
        if english.is_file():
            with english.open("rb") as handle:
                return {key(m): m for m in read_po(handle) if m.id}
        ignored = ["tests", "migrations", *self.skip]
        found: dict[Key, Message] = {}
        for name, line, text, _comments, context in extract_from_dir(
            self.directory,
            method_map=[*((f"{folder}/**", "ignore") for folder in ignored), ("**.py", "python")],
            keywords=KEYWORDS,
        ):
            message = Message(text, context=context, locations=[(name, line)])
            found.setdefault(key(message), message)
        return found

    def translations(self, language: str) -> dict[Key, Message]:
        """What the package's own catalogue translates (DRF ships compiled catalogues only)."""
        path = self.catalogue(language)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        elif path.with_suffix(".mo").is_file():
            with path.with_suffix(".mo").open("rb") as handle:
                catalog = read_mo(handle)
        else:
            return {}
        return {key(m): m for m in catalog if m.id and translated(m)}


PACKAGES = [
    # Validators, form and model fields, pagination, dates, months and weekdays, file sizes.
    Package("django.conf"),
    Package("django.contrib.auth"),
    Package("django.contrib.admin"),
    Package("django.contrib.admin", "djangojs"),
    Package("django.contrib.contenttypes"),
    Package("django.contrib.sessions"),
    Package("django.contrib.humanize"),
    Package("django.contrib.gis"),
    # DRF's errors; its token app (authtoken) is not installed, its HTML renderer not used.
    Package("rest_framework", skip=("authtoken", "templates")),
    # django-axes' admin pages. django-otp shows none of its strings: Jasyl has its own forms
    # and admin site, and its TOTP device's names are not translatable.
    Package("axes"),
]


def key(message: Message) -> Key:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def translated(message: Message) -> bool:
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return not message.fuzzy and bool(forms) and all(forms)


def ours_path(language: str, domain: str) -> Path:
    return FOLDER / language / "LC_MESSAGES" / f"{domain}.po"


def ours(language: str, domain: str) -> Catalog:
    """This folder's catalogue (empty where there is none)."""
    path = ours_path(language, domain)
    if not path.is_file():
        return Catalog(locale=language, domain=domain)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def missing(package: Package, language: str) -> list[Key]:
    """The package's strings that neither its own catalogue nor ours translates."""
    own = package.translations(language)
    mine = {key(m) for m in ours(language, package.domain) if m.id and translated(m)}
    return [k for k in package.messages() if k not in own and k not in mine]


def write(language: str, domain: str) -> None:
    """Add the missing strings, empty, to our catalogue; drop those no package has any more."""
    catalog = ours(language, domain)
    packages = [p for p in PACKAGES if p.domain == domain]
    every = {k for package in packages for k in package.messages()}
    for message in list(catalog):
        if message.id and key(message) not in every:
            print(f"{language} {domain}: no package has {message.id!r} any more; dropped")
            catalog.delete(message.id, context=message.context)
    for package in packages:
        own = package.translations(language)
        for k, message in package.messages().items():
            if k in own or catalog.get(message.id, context=message.context) is not None:
                continue
            catalog.add(
                message.id,
                "" if isinstance(message.id, str) else ("",) * catalog.num_plurals,
                locations=[(package.module, 0)],  # no line number
                context=message.context,
            )
    with ours_path(language, domain).open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, omit_header=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="add the missing strings, empty")
    arguments = parser.parse_args()
    for language in LANGUAGES:
        for domain in ("django", "djangojs"):
            if arguments.write and ours_path(language, domain).is_file():
                write(language, domain)
        for package in PACKAGES:
            gaps = missing(package, language)
            print(f"{language} {package.module} ({package.domain}): {len(gaps)} missing")
            for context, text in gaps:
                print(f"    {context + ' | ' if context else ''}{text}")


if __name__ == "__main__":
    main()
