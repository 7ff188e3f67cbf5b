"""Reminders of the progress reports that are due: what `jasyl send-reminders` sends, daily.

A report is outstanding while its period is open (and not sample data) and the report of a leaf
activity implemented in the period's year is missing, in draft or returned. By the date, an
outstanding report reaches a stage, and each stage goes to other people:

| stage            | reached (`JASYL_...` settings)       | sent to                             |
|------------------|--------------------------------------|-------------------------------------|
| due_soon         | 1 to REMIND_DAYS_BEFORE days before  | the activity's contact persons      |
| overdue          | 1 day after the due date             | the contact persons                 |
| escalated_head   | ESCALATE_HEAD_DAYS overdue           | the lead agency's heads (contacts   |
|                  |                                      | in copy)                            |
| escalated_office | ESCALATE_OFFICE_DAYS overdue         | the programme's administrators and  |
|                  |                                      | reviewers                           |

Where no contact person can be reached by e-mail, the lead agency's editors and heads stand in.

Each stage goes once per report: a `Reminder` row records it. A run that starts late sends only
the highest stage reached, and records the lower ones as done, so that nobody gets three
reminders about one report in one morning. A stage that reaches nobody (an agency without
accounts yet) is recorded all the same: the next stage goes to other people.

Each person gets one digest per run, in the language of their profile, listing all their
outstanding reports; inactive accounts get nothing, and accounts without an e-mail address are
counted so that the office can fix them.

The rows are written in the same transaction as the sending: a failed send records nothing (a
later run tries again), and of two runs at once the second fails on the unique stage constraint
before it sends anything.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from jasyl.domain.people.models import AgencyMember, ContactPerson, ProgrammeRole
from jasyl.domain.reporting.models import ProgressReport, Reminder, ReportingPeriod
from jasyl.domain.reporting.selectors import implemented_in
from jasyl.domain.roadmap.models import Activity, ActivityAgency, Programme

Stage = Reminder.Stage
# From the first reminder to the last: reaching a stage means having passed the earlier ones.
STAGES: list[str] = [Stage.DUE_SOON, Stage.OVERDUE, Stage.ESCALATED_HEAD, Stage.ESCALATED_OFFICE]
# The states of a report someone still has to work on (besides no report at all).
OUTSTANDING_STATES = [ProgressReport.State.DRAFT, ProgressReport.State.RETURNED]
OFFICE_ROLES = [ProgrammeRole.Role.ADMINISTRATOR, ProgrammeRole.Role.REVIEWER]
SUBJECT_TEMPLATE = "reporting/email/reminder_subject.txt"
BODY_TEMPLATE = "reporting/email/reminder_body.txt"

User = AbstractUser


# --- links -----------------------------------------------------------------------------


def _absolute(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return settings.JASYL_SITE_URL + reverse(name, kwargs=kwargs)


def inbox_url(language: str, programme_code: str) -> str:
    """The absolute address of a programme's reporting inbox, for e-mails."""
    return _absolute(language, "reporting:inbox", programme=programme_code)


def report_url(language: str, programme_code: str, period_slug: str, activity_code: str) -> str:
    """The absolute address of one report, for e-mails."""
    return _absolute(
        language,
        "reporting:report",
        programme=programme_code,
        period=period_slug,
        activity=activity_code,
    )


# --- what is due -----------------------------------------------------------------------


def stage_reached(due_on: datetime.date, today: datetime.date) -> str | None:
    """The highest stage a report due on `due_on` has reached on `today` (None: not yet, and
    not on the due date itself)."""
    late = (today - due_on).days
    if late <= 0:
        return Stage.DUE_SOON if 0 < -late <= settings.JASYL_REMIND_DAYS_BEFORE else None
    if late >= settings.JASYL_ESCALATE_OFFICE_DAYS:
        return Stage.ESCALATED_OFFICE
    if late >= settings.JASYL_ESCALATE_HEAD_DAYS:
        return Stage.ESCALATED_HEAD
    return Stage.OVERDUE


@dataclass(frozen=True)
class Due:
    """An outstanding report that reached a stage not yet sent: one line of the digests."""

    period: ReportingPeriod
    activity: Activity
    # None while nobody has started the report.
    report: ProgressReport | None
    stage: str
    today: datetime.date
    recipients: tuple[User, ...]
    # The lower stages never sent, recorded as done along with this one.
    skipped: tuple[str, ...] = ()

    @property
    def days_left(self) -> int:
        return (self.period.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def open_periods(programme_code: str | None = None) -> QuerySet[ReportingPeriod]:
    """The periods whose reports are chased: open and official (sample data never are)."""
    periods = ReportingPeriod.objects.filter(
        state=ReportingPeriod.State.OPEN, sample=False
    ).select_related("programme")
    return periods.filter(programme__code=programme_code) if programme_code else periods


def reported_activities(period: ReportingPeriod) -> QuerySet[Activity]:
    """The activities that owe a report for `period`: the leaves of the plan implemented in its
    year, with the people to remind prefetched (active accounts only)."""
    active_members = AgencyMember.objects.filter(user__is_active=True).select_related(
        "user__profile"
    )
    return (
        Activity.objects.filter(programme_id=period.programme_id, children__isnull=True)
        .filter(implemented_in(period))
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=ContactPerson.objects.filter(user__is_active=True).select_related(
                    "user__profile"
                ),
            ),
            Prefetch(
                "agency_links",
                queryset=ActivityAgency.objects.select_related("agency").prefetch_related(
                    Prefetch("agency__members", queryset=active_members)
                ),
            ),
        )
    )


def sent_stages(periods: list[ReportingPeriod]) -> dict[tuple[int, int], set[str]]:
    """The stages already recorded, by (period, activity)."""
    sent: dict[tuple[int, int], set[str]] = {}
    rows = Reminder.objects.filter(period__in=periods).values_list(
        "period_id", "activity_id", "stage"
    )
    for period_id, activity_id, stage in rows:
        sent.setdefault((period_id, activity_id), set()).add(stage)
    return sent


def pending(today: datetime.date, programme_code: str | None = None) -> list[Due]:
    """Every outstanding report whose stage on `today` has not been sent yet, in the order of
    the periods and of the plan."""
    periods = list(open_periods(programme_code))
    sent = sent_stages(periods)
    return [due for period in periods for due in pending_in(period, today, sent)]


def pending_in(
    period: ReportingPeriod, today: datetime.date, sent: dict[tuple[int, int], set[str]]
) -> list[Due]:
    """The outstanding reports of one period whose stage on `today` is not in `sent`."""
    stage = stage_reached(period.due_on, today)
    if stage is None:
        return []
    reports = {r.activity_id: r for r in period.reports.all()}
    office = programme_office(period.programme)
    dues: list[Due] = []
    for activity in reported_activities(period):
        report = reports.get(activity.pk)
        done = sent.get((period.pk, activity.pk), set())
        if stage in done or (report is not None and report.state not in OUTSTANDING_STATES):
            continue
        dues.append(
            Due(
                period=period,
                activity=activity,
                report=report,
                stage=stage,
                today=today,
                recipients=recipients_for(stage, activity, office),
                skipped=tuple(s for s in STAGES[: STAGES.index(stage)] if s not in done),
            )
        )
    return dues


# --- who is told -----------------------------------------------------------------------


def unique(users: list[User]) -> tuple[User, ...]:
    """`users` without repeats, in their first order."""
    first: dict[int, User] = {}
    for user in users:
        first.setdefault(user.pk, user)
    return tuple(first.values())


def lead_members(activity: Activity, roles: set[str]) -> list[User]:
    """The lead agency's active members holding one of `roles` (from the prefetched rows)."""
    links = list(activity.agency_links.all())
    if not links:
        return []
    return [m.user for m in links[0].agency.members.all() if m.role in roles]


def responsible(activity: Activity) -> list[User]:
    """Who answers for the activity's report: its contact persons, and the lead agency's
    editors and heads where no contact person has an e-mail address."""
    contacts: list[User] = [c.user for c in activity.contacts.all()]
    if any(user.email for user in contacts):
        return contacts
    return contacts + lead_members(activity, {AgencyMember.Role.EDITOR, AgencyMember.Role.HEAD})


def programme_office(programme: Programme) -> tuple[User, ...]:
    """The programme's active administrators and reviewers."""
    roles = ProgrammeRole.objects.filter(
        programme=programme, role__in=OFFICE_ROLES, user__is_active=True
    ).select_related("user__profile")
    return unique([role.user for role in roles])


def recipients_for(stage: str, activity: Activity, office: tuple[User, ...]) -> tuple[User, ...]:
    """Who is told that the activity's report reached `stage`."""
    if stage == Stage.ESCALATED_OFFICE:
        return office
    if stage == Stage.ESCALATED_HEAD:
        return unique(lead_members(activity, {AgencyMember.Role.HEAD}) + responsible(activity))
    return unique(responsible(activity))


# --- digests ---------------------------------------------------------------------------


def language_of(user: User) -> str:
    """The language of the e-mails `user` is sent: their profile's, else the site's."""
    # A missing profile raises an AttributeError (Django's RelatedObjectDoesNotExist).
    profile = getattr(user, "profile", None)
    return str(profile.language if profile is not None else settings.LANGUAGE_CODE)


@dataclass
class Digest:
    """One person's e-mail of a run: all the outstanding reports they are told about."""

    user: User
    dues: list[Due] = field(default_factory=list)

    @property
    def language(self) -> str:
        return language_of(self.user)

    def summary(self) -> str:
        """One line for the command's log (not translated): who, and which reports at which
        stage."""
        items = ", ".join(f"{due.activity.code}@{due.period.slug} {due.stage}" for due in self.dues)
        return f"{self.user.email} [{self.language}] {len(self.dues)}: {items}"


def digests(dues: list[Due]) -> list[Digest]:
    """One digest per recipient, in the order they first appear."""
    by_user: dict[int, Digest] = {}
    for due in dues:
        for user in due.recipients:
            by_user.setdefault(user.pk, Digest(user)).dues.append(due)
    return list(by_user.values())


def digest_context(digest: Digest) -> dict[str, Any]:
    """What the e-mail templates show: the reports grouped by stage, most urgent first, each
    with its link in the recipient's language."""
    language = digest.language
    groups = []
    for stage in reversed(STAGES):
        lines = [
            {
                "due": due,
                "url": report_url(
                    language, due.period.programme.code, due.period.slug, due.activity.code
                ),
            }
            for due in digest.dues
            if due.stage == stage
        ]
        if lines:
            groups.append({"stage": stage, "label": Stage(stage).label, "lines": lines})
    programmes = {due.period.programme.code: due.period.programme for due in digest.dues}
    return {
        "name": digest.user.get_full_name() or digest.user.get_username(),
        "count": len(digest.dues),
        "groups": groups,
        "inboxes": [
            {"programme": p, "url": inbox_url(language, code)} for code, p in programmes.items()
        ],
    }


def tidy(text: str) -> str:
    """Plain text from a template: no trailing spaces, at most one blank line in a row."""
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"


def render_digest(digest: Digest) -> EmailMessage:
    """The digest as an e-mail, subject included, in the recipient's language."""
    with translation.override(digest.language):
        context = digest_context(digest)
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = tidy(render_to_string(BODY_TEMPLATE, context))
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.user.email])


# --- a run -----------------------------------------------------------------------------


def reminder_rows(dues: list[Due]) -> list[Reminder]:
    """The `Reminder` rows of a run: the stage sent, with the addresses it went to, and the
    lower stages skipped, with none."""
    rows: list[Reminder] = []
    for due in dues:
        keys = {"period": due.period, "activity": due.activity}
        rows += [Reminder(**keys, stage=stage, recipients=[]) for stage in due.skipped]
        sent_to = [user.email for user in due.recipients if user.email]
        rows.append(Reminder(**keys, stage=due.stage, recipients=sent_to))
    return rows


@dataclass
class Outcome:
    """What a run sent and recorded (or, in a dry run, would have)."""

    sent: list[Digest]
    messages: list[EmailMessage]
    recorded: list[Reminder]
    # Recipients left out for want of an e-mail address.
    without_email: list[User]
    dry_run: bool = False

    def summary(self) -> str:
        """The command's last line (not translated)."""
        verb = "would be" if self.dry_run else "were"
        missing = ", ".join(user.get_username() for user in self.without_email)
        return (
            f"{len(self.sent)} e-mail(s) {verb} sent, {len(self.recorded)} reminder stage(s) "
            f"{verb} recorded; {len(self.without_email)} recipient(s) without an e-mail address"
            + (f" skipped: {missing}" if missing else "")
            + "."
        )


def send_reminders(
    today: datetime.date, *, programme_code: str | None = None, dry_run: bool = False
) -> Outcome:
    """Send the reminders due on `today` (of one programme, or all) and record them; a dry run
    only says what it would do."""
    dues = pending(today, programme_code)
    everyone = digests(dues)
    reachable = [d for d in everyone if d.user.email]
    outcome = Outcome(
        sent=reachable,
        messages=[render_digest(d) for d in reachable],
        recorded=reminder_rows(dues),
        without_email=[d.user for d in everyone if not d.user.email],
        dry_run=dry_run,
    )
    if not dry_run:
        with transaction.atomic():
            # Rows first: a concurrent run fails here, before it has sent anything.
            Reminder.objects.bulk_create(outcome.recorded)
            get_connection().send_messages(outcome.messages)
    return outcome
