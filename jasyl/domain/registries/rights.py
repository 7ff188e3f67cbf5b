"""Who may write registry rows (the rules are `people.access`'s; this applies them to rows).

- the server's operator (no access: the command line) and the programme office
  (`Access.is_reviewer`) write at once;
- the editors and heads of the agencies executing a row's roadmap activity propose: their
  edit waits for the office (`Edit.Status.PENDING`);
- nobody else writes; a row without an activity is the office's alone.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jasyl.domain.people.access import Access
from jasyl.domain.roadmap.models import ActivityAgency


class Write(enum.Enum):
    APPLY = "apply"
    PROPOSE = "propose"


def executing_agencies(activity_ids: Iterable[int | None]) -> dict[int, list[str]]:
    """The codes of the agencies executing each activity (one query)."""
    wanted = {pk for pk in activity_ids if pk is not None}
    found: dict[int, list[str]] = {pk: [] for pk in wanted}
    links = ActivityAgency.objects.filter(activity_id__in=wanted).order_by("position")
    for activity_id, code in links.values_list("activity_id", "agency__code"):
        found[activity_id].append(code)
    return found


def write_mode(access: Access | None, agencies: Iterable[list[str]]) -> Write | None:
    """How this person writes a row whose activities (before and after the edit) are executed
    by `agencies` (one list per activity; an empty list: no activity)."""
    if access is None or access.is_reviewer:
        return Write.APPLY
    lists = list(agencies)
    if lists and all(codes and access.can_edit(codes) for codes in lists):
        return Write.PROPOSE
    return None


def require_office(access: Access | None) -> None:
    """Refuse (`PermissionDenied`) anyone but the programme office and the operator."""
    if access is not None and not access.is_reviewer:
        raise PermissionDenied(_("Only the programme office may do this."))
