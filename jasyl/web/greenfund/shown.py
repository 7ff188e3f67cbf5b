"""The texts that `jasyl sample-greenfund` and the services store in English (a sample row's
holder, applicant and source, an edit's note, a compensatory planting's source), shown in the
visitor's language; what people typed is shown as written. The stored English stays in the CSV
of the registers' rows, the GeoJSON and the API, as a sample station's operator does
(docs/architecture.md, "Translations")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

# What the sample command stores (jasyl/samples/greenfund.py takes them from here).
SAMPLE_HOLDER = "Sample data"
SAMPLE_APPLICANT = "Sample applicant"
SAMPLE_SOURCE = "Sample data (jasyl sample-greenfund): fictional, for demonstration only."
SAMPLE_NOTE = "sample data"
# What the services write (domain/greenfund/services.py, domain/registries/services.py).
FELLED = re.compile(r"felled under permit (?P<number>.+)")
PLANTING = re.compile(r"planting for permit (?P<number>.+)")
PLANTING_SOURCE = re.compile(r"compensatory planting (?P<planting>\S+), permit (?P<permit>.+)")
# The fields of an edit whose values may be such a text.
TEXT_FIELDS = ("holder_name", "applicant_name", "source")


def text(stored: str) -> str:
    """A stored text in the visitor's language when Jasyl wrote it; as stored otherwise."""
    fixed = {
        SAMPLE_HOLDER: _("Sample data"),
        SAMPLE_APPLICANT: _("Sample data"),
        SAMPLE_SOURCE: _("Sample data for demonstration: not official figures."),
        SAMPLE_NOTE: _("sample data"),
        "compensatory planting": _("compensatory planting"),
        "districts placed again": _("districts placed again"),
    }
    if stored in fixed:
        return fixed[stored]
    if found := FELLED.fullmatch(stored):
        return _("felled under permit %(number)s") % found.groupdict()
    if found := PLANTING.fullmatch(stored):
        return _("planting for permit %(number)s") % found.groupdict()
    if found := PLANTING_SOURCE.fullmatch(stored):
        return _("compensatory planting %(planting)s, permit %(permit)s") % found.groupdict()
    return stored


def holder(row: Any) -> str:
    """The balance holder: the agency's name, else the name stored."""
    return str(row.holder.name) if row.holder is not None else text(row.holder_name)


def applicant(permit: Any) -> str:
    return (
        str(permit.applicant.name) if permit.applicant is not None else text(permit.applicant_name)
    )


def source(row: Any) -> str:
    return text(row.source)


def note(edit: Any) -> str:
    return text(edit.note)


def changes(edit: Any) -> Mapping[str, list[Any]]:
    """An edit's {field: [old, new]} with the texts Jasyl wrote in the visitor's language."""
    return {
        name: [text(v) if isinstance(v, str) and name in TEXT_FIELDS else v for v in values]
        for name, values in edit.changes.items()
    }
