"""The permission rules, in one place: what each role may read and do.

Roles (see `people/models.py`):

- programme administrator: reads everything; reviews (approves, returns), reopens an approved
  report (with a reason), manages the reporting periods, imports an amended roadmap workbook;
- programme reviewer: reads everything; reviews (approves or returns submitted reports);
- auditor: reads everything, the audit trail included; changes nothing;
- agency head: reads its agency's reports; edits them; submits those of activities it leads;
- agency editor: reads and edits its agency's reports (a co-executor's editor contributes to
  the lead agency's report but does not submit it);
- agency viewer: reads its agency's reports;
- the public: reads published data only (the plan and approved official reports).

The security event log (`can_read_security_events`) is read by the auditors and the programme
administrators.

Every view and every workflow service asks these functions; the permission-matrix tests cover
each role against each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jasyl.domain.people.models import AgencyMember, ProgrammeRole
from jasyl.domain.roadmap.models import Programme

ADMINISTRATOR = ProgrammeRole.Role.ADMINISTRATOR
REVIEWER = ProgrammeRole.Role.REVIEWER
AUDITOR = ProgrammeRole.Role.AUDITOR
HEAD = AgencyMember.Role.HEAD
EDITOR = AgencyMember.Role.EDITOR
VIEWER = AgencyMember.Role.VIEWER


@dataclass(frozen=True)
class Access:
    """One person's roles in one programme, read once per request."""

    user_id: int | None
    programme_roles: frozenset[str] = frozenset()
    # agency code -> role
    agency_roles: dict[str, str] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def is_administrator(self) -> bool:
        return ADMINISTRATOR in self.programme_roles

    @property
    def is_reviewer(self) -> bool:
        return bool(self.programme_roles & {ADMINISTRATOR, REVIEWER})

    @property
    def reads_everything(self) -> bool:
        return bool(self.programme_roles & {ADMINISTRATOR, REVIEWER, AUDITOR})

    @property
    def works_for_agency(self) -> bool:
        return bool(self.agency_roles)

    def role_in(self, agencies: list[str]) -> set[str]:
        return {self.agency_roles[a] for a in agencies if a in self.agency_roles}

    # --- reports -------------------------------------------------------------------------

    def can_read_unpublished(self, agencies: list[str]) -> bool:
        """Drafts and reports under review of an activity executed by `agencies`."""
        return self.reads_everything or bool(self.role_in(agencies))

    def can_edit(self, agencies: list[str]) -> bool:
        """Write a report's content (before the state checks of the workflow)."""
        return bool(self.role_in(agencies) & {HEAD, EDITOR})

    def can_submit(self, lead: str | None) -> bool:
        """Sign a report off to the programme office: the lead agency's head only."""
        return lead is not None and self.agency_roles.get(lead) == HEAD

    def can_review(self) -> bool:
        return self.is_reviewer

    def can_reopen(self) -> bool:
        return self.is_administrator

    def can_manage_periods(self) -> bool:
        return self.is_administrator

    def can_import_plan(self) -> bool:
        """Amend the plan itself from an edited roadmap workbook."""
        return self.is_administrator

    def can_read_trail(self, agencies: list[str]) -> bool:
        return self.can_read_unpublished(agencies)


ANONYMOUS = Access(user_id=None)


def access_for(user: Any, programme: Programme) -> Access:
    """The roles `user` holds in `programme` (two queries; none for the public)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    roles = frozenset(
        ProgrammeRole.objects.filter(user=user, programme=programme).values_list("role", flat=True)
    )
    agencies = dict(
        AgencyMember.objects.filter(user=user, agency__programmes=programme).values_list(
            "agency__code", "role"
        )
    )
    return Access(user_id=user.pk, programme_roles=roles, agency_roles=agencies)


def can_read_security_events(user: Any) -> bool:
    """The security event log: the auditors and the programme administrators (of any
    programme: accounts are shared by all programmes), and superusers."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return ProgrammeRole.objects.filter(user=user, role__in=[ADMINISTRATOR, AUDITOR]).exists()
