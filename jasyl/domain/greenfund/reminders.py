"""Reminders of the compensatory planting owed under felling permits, sent daily
(`tasks.remind_compensation`), in the manner of the reports' reminders (`reporting.reminders`,
whose helpers it reuses): each stage once per permit, recorded by a `CompensationReminder` row
in the same transaction as the sending; each person one e-mail per run, in their language.

| stage    | reached                                            | sent to                        |
|----------|----------------------------------------------------|--------------------------------|
| due_soon | the deadline within `JASYL_REMIND_DAYS_BEFORE` days | the owing agencies' heads and  |
|          |                                                    | editors                        |
| overdue  | the day after the deadline                         | the same                       |

The owing agencies are the permit's applicant and the agencies executing its activity
(`services.owing_agencies`); where none of their people has an e-mail address, the programme
office of the permit's activity stands in. Only official permits that are felled, owe a known
number of trees and have a deadline are chased: Jasyl sets no deadline of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from jasyl.domain.greenfund.models import CompensationReminder, FellingPermit
from jasyl.domain.greenfund.selectors import near_deadline, overdue_permits
from jasyl.domain.greenfund.services import owing_agencies
from jasyl.domain.people.models import AgencyMember
from jasyl.domain.reporting.reminders import language_of, programme_office, tidy, unique

Stage = CompensationReminder.Stage
SUBJECT_TEMPLATE = "greenfund/email/compensation_subject.txt"
BODY_TEMPLATE = "greenfund/email/compensation_body.txt"


@dataclass(frozen=True)
class Due:
    permit: FellingPermit
    stage: str
    recipients: tuple[Any, ...]


def recipients_for(permit: FellingPermit) -> tuple[Any, ...]:
    """The active heads and editors of the owing agencies; the programme office where none of
    them has an e-mail address."""
    members = AgencyMember.objects.filter(
        agency__code__in=owing_agencies(permit),
        role__in=[AgencyMember.Role.HEAD, AgencyMember.Role.EDITOR],
        user__is_active=True,
    ).select_related("user__profile")
    people = unique([m.user for m in members])
    if any(user.email for user in people) or permit.activity is None:
        return people
    return unique([*people, *programme_office(permit.activity.programme)])


def pending(today: datetime.date) -> list[Due]:
    """The permits whose stage on `today` was not reminded yet."""
    sent = set(CompensationReminder.objects.values_list("permit_id", "stage"))
    days = settings.JASYL_REMIND_DAYS_BEFORE
    found = [
        *((p, Stage.OVERDUE) for p in overdue_permits(today=today)),
        *((p, Stage.DUE_SOON) for p in near_deadline(today=today, days=days)),
    ]
    return [
        Due(permit, stage, recipients_for(permit))
        for permit, stage in found
        if (permit.pk, stage) not in sent
    ]


@dataclass
class Digest:
    user: Any
    dues: list[Due] = field(default_factory=list)

    @property
    def language(self) -> str:
        return language_of(self.user)


def digests(dues: list[Due]) -> list[Digest]:
    by_user: dict[int, Digest] = {}
    for due in dues:
        for user in due.recipients:
            by_user.setdefault(user.pk, Digest(user)).dues.append(due)
    return list(by_user.values())


def render_digest(digest: Digest) -> EmailMessage:
    with translation.override(digest.language):
        context = {
            "name": digest.user.get_full_name() or digest.user.get_username(),
            "count": len(digest.dues),
            "lines": [
                {"permit": due.permit, "stage": due.stage, "label": Stage(due.stage).label}
                for due in digest.dues
            ],
        }
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = tidy(render_to_string(BODY_TEMPLATE, context))
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.user.email])


@dataclass
class Outcome:
    messages: list[EmailMessage]
    recorded: list[CompensationReminder]
    without_email: list[Any]
    dry_run: bool = False

    def summary(self) -> str:
        """The job's result line (not translated)."""
        verb = "would be" if self.dry_run else "were"
        return (
            f"{len(self.messages)} compensation e-mail(s) {verb} sent, {len(self.recorded)} "
            f"permit stage(s) {verb} recorded; {len(self.without_email)} recipient(s) without "
            "an e-mail address."
        )


def send_compensation_reminders(today: datetime.date, *, dry_run: bool = False) -> Outcome:
    """Send the day's compensation reminders and record them; a dry run only says what it
    would do."""
    dues = pending(today)
    everyone = digests(dues)
    reachable = [d for d in everyone if d.user.email]
    outcome = Outcome(
        messages=[render_digest(d) for d in reachable],
        recorded=[
            CompensationReminder(
                permit=due.permit,
                stage=due.stage,
                recipients=[u.email for u in due.recipients if u.email],
            )
            for due in dues
        ],
        without_email=[d.user for d in everyone if not d.user.email],
        dry_run=dry_run,
    )
    if not dry_run:
        with transaction.atomic():
            # Rows first: a concurrent run fails on the unique stage before it sends anything.
            CompensationReminder.objects.bulk_create(outcome.recorded)
            get_connection().send_messages(outcome.messages)
    return outcome
