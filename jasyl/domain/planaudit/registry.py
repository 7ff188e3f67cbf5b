"""The rules that compare what an agency's approved report claims with what the registries hold
(issue 17): a report that claims more objects delivered in its period than the registry of that
kind holds for the same activity and period is flagged (`check_claims`), and so is a report that
claims more objects than the registry rows it cites as its evidence (`check_citations`).

Pure, like `rules.py`: the registries gather the claims (`registries.claims`), which sit above
the audit's floor; this module only judges them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from jasyl.core.i18n import Text
from jasyl.domain.planaudit.rules import WARNING, Finding, _message

RULE = "registry.report_exceeds"
CITATIONS_RULE = "registry.report_cites_fewer"


@dataclass(frozen=True)
class Claim:
    """One approved report's output for a measure, beside the registry's count."""

    activity: str
    section: str | None
    period: str  # the reporting period's label: "2024", "2024 Q3"
    measure: Text
    unit: Text
    reported: Decimal
    registered: Decimal
    registry: Text  # what the registry counts, e.g. "EV chargers in service"
    cited: Decimal | None = None  # the registry's objects among the rows the report cites


MESSAGES = {
    "kk": (
        "{code}: {period} есебі «{measure}» бойынша {reported} {unit} көрсетеді, ал тізілімде "
        "сол кезеңге {registered} ({registry})."
    ),
    "ru": (
        "{code}: отчёт за {period} указывает «{measure}» {reported} {unit}, а в реестре за тот же "
        "период {registered} ({registry})."
    ),
    "en": (
        "{code}: the report for {period} claims {reported} {unit} of '{measure}', while the "
        "registry holds {registered} for that period ({registry})."
    ),
}


def _warning(rule: str, claim: Claim, compared: Decimal, templates: dict[str, str]) -> Finding:
    """A warning that the claim is larger than `compared`, in the three languages."""
    return Finding(
        rule=rule,
        severity=WARNING,
        activities=(claim.activity,),
        period=claim.period,
        published=claim.reported,
        computed=compared,
        section=claim.section,
        message=_message(
            templates,
            code=claim.activity,
            period=claim.period,
            measure=claim.measure,
            unit=claim.unit,
            reported=claim.reported,
            registered=claim.registered,
            cited=claim.cited if claim.cited is not None else "",
            registry=claim.registry,
        ),
    )


def check_claims(claims: Iterable[Claim]) -> Iterator[Finding]:
    """A warning for each claim larger than the registry's count (a registry still being filled
    may hold fewer than were built, so it is not an error)."""
    for claim in claims:
        if claim.reported > claim.registered:
            yield _warning(RULE, claim, claim.registered, MESSAGES)


CITATION_MESSAGES = {
    "kk": (
        "{code}: {period} есебі «{measure}» бойынша {reported} {unit} көрсетеді, ал тізілімнің "
        "тек {cited} нысанына сілтеме жасайды ({registry})."
    ),
    "ru": (
        "{code}: отчёт за {period} указывает «{measure}» {reported} {unit}, а ссылается лишь на "
        "{cited} объектов реестра ({registry})."
    ),
    "en": (
        "{code}: the report for {period} claims {reported} {unit} of '{measure}' and cites "
        "{cited} in the registry ({registry})."
    ),
}


def check_citations(claims: Iterable[Claim]) -> Iterator[Finding]:
    """A warning for each claim larger than what its report cites of the registry: "claims N,
    cites M". The rows cited are the agency's evidence; a claim they do not cover is unproven,
    not false, so this is a warning."""
    for claim in claims:
        if claim.cited is not None and claim.reported > claim.cited:
            yield _warning(CITATIONS_RULE, claim, claim.cited, CITATION_MESSAGES)


def check_registry(claims: Iterable[Claim]) -> list[Finding]:
    """Both rules on the same claims: more than the registry holds, more than the report cites."""
    every = list(claims)
    return [*check_claims(every), *check_citations(every)]
