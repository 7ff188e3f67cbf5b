"""The registry rows a report cites, on the report page: the rows cited, with links to their
pages, and a form for each registry holding rows of the activity (the codes, one per line).
The rules are the registries' (`registries/citations.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from jasyl.domain.registries import citations
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Citation
from jasyl.domain.reporting.models import ProgressReport
from jasyl.web.common.registries import row_url

# How many of the activity's codes the form names, as a hint.
HINT = 20


class CitationForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, max_length=50)
    codes = forms.CharField(
        label=gettext_lazy("Codes cited, one per line"),
        required=False,
        max_length=citations.MAX_CODES * (citations.CODE_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        # Each registry's form on the page has its own ids.
        kwargs["auto_id"] = f"cite-{kind}-%s"
        super().__init__(*args, **kwargs)

    def codes_list(self) -> list[str]:
        return citations.parse_codes(self.cleaned_data.get("codes") or "")


@dataclass(frozen=True)
class Cited:
    citation: Citation
    registry: str  # the registry's name for people
    url: str | None  # None: the row was deleted since, or its registry has no page


@dataclass(frozen=True)
class RegistryForm:
    kind: str
    label: str
    form: CitationForm | None  # None: the report cannot be changed now
    codes: list[str]  # the first codes of the activity's rows
    count: int  # how many rows of the activity the registry holds


def _label(model: Any) -> str:
    label = str(model._meta.verbose_name_plural)
    return label[:1].upper() + label[1:]


def cited(report: ProgressReport, programme: str) -> list[Cited]:
    models = citations.citable_kinds()
    return [
        Cited(
            c,
            _label(models[c.kind]) if c.kind in models else c.kind,
            row_url(c.kind, programme, c.object_id) if c.entry is not None else None,
        )
        for c in citations.citations_of(report)
    ]


def registry_forms(
    report: ProgressReport, editable: bool, bound: CitationForm | None = None
) -> list[RegistryForm]:
    """One form per registry holding rows of the activity or cited by the report; `bound`, a
    refused form, takes its registry's place with the person's input."""
    offered = citations.citable_codes(report, HINT)
    current = citations.cited_codes(report)
    models = citations.citable_kinds()
    found = []
    for kind in [k for k in models if k in offered or k in current]:
        codes, count = offered.get(kind, ([], 0))
        form = None
        if editable:
            form = (
                bound
                if bound is not None and bound.data.get("kind") == kind
                else CitationForm(
                    kind=kind,
                    initial={
                        "kind": kind,
                        "codes": "\n".join(current.get(kind, [])),
                        "revision": report.revision,
                    },
                )
            )
        found.append(RegistryForm(kind, _label(models[kind]), form, codes, count))
    return found


def refusal(error: RegistryError) -> list[str]:
    """The messages of a refused citation, one per code."""
    if isinstance(error, citations.CitationError):
        return error.problems
    return [error.message]
