"""What the interface needs from the indicators app: the translated names of the statuses and
of the projection methods."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from jasyl.domain.indicators import projections

STATUS_LABELS: dict[projections.Status, Promise] = {
    projections.Status.MET: gettext_lazy("Target met"),
    projections.Status.ON_TRACK: gettext_lazy("On track"),
    projections.Status.AT_RISK: gettext_lazy("At risk"),
    projections.Status.OFF_TRACK: gettext_lazy("Off track"),
    projections.Status.MISSED: gettext_lazy("Missed"),
    projections.Status.NO_DATA: gettext_lazy("No data"),
}
METHOD_LABELS: dict[projections.Method, Promise] = {
    projections.Method.LINEAR_TREND: gettext_lazy("linear trend"),
    projections.Method.COMPOUND_RATE: gettext_lazy("compound yearly rate"),
}
