"""What the interface says about exhaust checks: the translated names of outcomes, reasons,
readings and limit rows, and one sentence per judgement with the status of its limits."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from jasyl.core.i18n import current_language
from jasyl.core.templatetags.jasyl import amount
from jasyl.domain.airquality.interface import STATUSES
from jasyl.domain.exhaust.assess import Judgement, Outcome, Reading, Reason
from jasyl.domain.exhaust.reference import Aspiration, Fuel, Idle, Limit, Pollutant

__all__ = ["STATUSES"]

OUTCOMES: dict[Outcome, Promise] = {
    Outcome.PASS: pgettext_lazy("exhaust check", "pass"),
    Outcome.FAIL: pgettext_lazy("exhaust check", "fail"),
    Outcome.NOT_ASSESSED: pgettext_lazy("exhaust check", "not assessed"),
}

REASONS: dict[Reason, Promise] = {
    Reason.NOT_MEASURED: gettext_lazy("not measured"),
    Reason.NO_LIMIT: gettext_lazy("no limit in the reference data"),
    Reason.CLASS_UNKNOWN: gettext_lazy("the ecological class is not stated"),
    Reason.ASPIRATION_UNKNOWN: gettext_lazy("the diesel engine's aspiration is not stated"),
}

READINGS: dict[Reading, Promise] = {
    Reading.CO_MIN_IDLE: gettext_lazy("CO at minimum idle"),
    Reading.CO_RAISED_IDLE: gettext_lazy("CO at raised idle"),
    Reading.CH_MIN_IDLE: gettext_lazy("CH at minimum idle"),
    Reading.CH_RAISED_IDLE: gettext_lazy("CH at raised idle"),
    Reading.SMOKE_K: gettext_lazy("smoke (light absorption k)"),
}

# Chemical formulas and unit symbols read the same in every language.
POLLUTANTS: dict[Pollutant, str | Promise] = {
    Pollutant.CO: "CO",
    Pollutant.CH: "CH",
    Pollutant.SMOKE: gettext_lazy("smoke"),
}

UNITS: dict[str, str] = {"%": "%", "ppm": "ppm", "m-1": "m⁻¹"}

FUELS: dict[Fuel, Promise] = {
    Fuel.PETROL: gettext_lazy("petrol"),
    Fuel.DIESEL: gettext_lazy("diesel"),
}

IDLE: dict[Idle, Promise] = {
    Idle.MINIMUM: gettext_lazy("minimum idle"),
    Idle.RAISED: gettext_lazy("raised idle"),
    Idle.UNSTATED: gettext_lazy("idle regime not stated"),
}

ASPIRATIONS: dict[Aspiration, Promise] = {
    Aspiration.NATURAL: gettext_lazy("naturally aspirated"),
    Aspiration.TURBO: gettext_lazy("turbocharged"),
}


def classes_text(limit: Limit) -> str:
    if limit.classes is None:
        return _("any class")
    low, high = limit.classes
    if low == high:
        return _("class %(low)s") % {"low": low}
    return _("classes %(low)s-%(high)s") % {"low": low, "high": high}


def regime_text(limit: Limit) -> str:
    if limit.idle is not None:
        return str(IDLE[limit.idle])
    return str(ASPIRATIONS[limit.aspiration]) if limit.aspiration else ""


def describe(judgement: Judgement) -> str:
    """The verdict in one sentence, with the verification status of the limits it used."""
    outcome = str(OUTCOMES[judgement.outcome])
    if judgement.outcome is Outcome.NOT_ASSESSED:
        reasons = "; ".join(str(REASONS[r]) for r in judgement.reasons)
        return _("%(outcome)s: %(reasons)s") % {"outcome": outcome, "reasons": reasons}
    parts = [
        _("%(reading)s %(measured)s %(unit)s, limit %(limit)s %(unit)s, %(excess)s above")
        % {
            "reading": READINGS[j.reading],
            "measured": amount(j.measured),
            "limit": amount(j.limit.value),
            "unit": UNITS[j.limit.unit],
            "excess": amount(j.excess),
        }
        for j in judgement.failed
        if j.limit is not None
    ]
    statuses = ", ".join(str(STATUSES[s]) for s in sorted(judgement.statuses))
    if parts:
        outcome = f"{outcome}: {'; '.join(parts)}"
    return _("%(verdict)s (limits: %(statuses)s)") % {"verdict": outcome, "statuses": statuses}


def limit_rows(limits: list[Limit] | tuple[Limit, ...]) -> list[dict[str, object]]:
    """A limits table as the page prints it: every row with its legal basis and status, in the
    active language."""
    language = current_language()
    return [
        {
            "fuel": FUELS[limit.fuel],
            "classes": classes_text(limit),
            "regime": regime_text(limit),
            "pollutant": POLLUTANTS[limit.pollutant],
            "value": limit.value,
            "unit": UNITS[limit.unit],
            "source": limit.source.get(language),
            "status": limit.status.value,
            "status_label": STATUSES[limit.status],
            "note": limit.note.get(language),
        }
        for limit in limits
    ]
