"""Reminders of due reports (`jasyl send-reminders`), on the Green Almaty roadmap.

The team (see `jasyl/testing/people.py`): the editor is the contact person of activity 2.2; the
other activities led by ЭжҚОБ have none, so their reminders go to ЭжҚОБ's editor and head.
Assertions on text use English profiles: the other languages' catalogues come separately.
"""

import datetime
import io
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.test.signals import template_rendered
from django.utils import translation

from jasyl.domain.people.models import ContactPerson
from jasyl.domain.reporting.models import ProgressReport, Reminder, ReportingPeriod
from jasyl.domain.reporting.reminders import (
    BODY_TEMPLATE,
    SUBJECT_TEMPLATE,
    report_url,
    send_reminders,
    stage_reached,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 4, 10)
SITE = "https://jasyl.example"
ALL_STAGES = {"due_soon", "overdue", "escalated_head", "escalated_office"}


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.JASYL_REMIND_DAYS_BEFORE = 5
    settings.JASYL_ESCALATE_HEAD_DAYS = 3
    settings.JASYL_ESCALATE_OFFICE_DAYS = 10
    settings.JASYL_SITE_URL = SITE


def make_period(programme, *, year=2025, quarter=1, due_on=DUE, **fields):
    starts_on = datetime.date(year, 3 * quarter - 2, 1)
    return ReportingPeriod.objects.create(
        programme=programme,
        kind="quarter",
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=80),
        due_on=due_on,
        **fields,
    )


@pytest.fixture
def period(team):
    return make_period(team.programme)


def day(offset):
    """A date `offset` days after the due date (before it when negative)."""
    return DUE + datetime.timedelta(days=offset)


def run(today, *options):
    """Run `jasyl send-reminders` as on `today`; its output."""
    out = io.StringIO()
    call_command("send_reminders", "--today", today.isoformat(), *options, stdout=out)
    return out.getvalue()


def speak(user, language):
    user.profile.language = language
    user.profile.save()


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def mail_to(user):
    """The one e-mail `user` got."""
    [message] = mails_to(user)
    return message


def chased(message, period_slug="2025-q1"):
    """The activity codes an e-mail links to, in one period."""
    return set(re.findall(rf"/reporting/{period_slug}/([\w.]+)/", message.body))


def recorded(period, code):
    return dict(
        Reminder.objects.filter(period=period, activity__code=code).values_list(
            "stage", "recipients"
        )
    )


# --- stages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "stage"),
    [
        (-30, None),
        (-6, None),
        (-5, "due_soon"),
        (-1, "due_soon"),
        (0, None),
        (1, "overdue"),
        (2, "overdue"),
        (3, "escalated_head"),
        (9, "escalated_head"),
        (10, "escalated_office"),
        (100, "escalated_office"),
    ],
)
def test_the_stage_follows_the_date(offset, stage):
    assert stage_reached(DUE, day(offset)) == stage


def test_report_links_point_at_the_report_page_in_the_language():
    assert (
        report_url("ru", "green-almaty", "2025-q1", "2.2")
        == f"{SITE}/ru/programmes/green-almaty/reporting/2025-q1/2.2/"
    )


# --- who gets what, when ---------------------------------------------------------------


def test_due_soon_reminds_the_contact_person(team, period, mailoutbox):
    out = run(day(-5))
    editor = mail_to(team["editor"])
    assert f"{SITE}/kk/programmes/green-almaty/reporting/2025-q1/2.2/" in editor.body
    # 2.3 has no contact person: ЭжҚОБ's editors and heads stand in.
    assert {"2.2", "2.3"} <= chased(editor)
    head = mail_to(team["head"])
    assert "2.2" not in chased(head) and "2.3" in chased(head)
    for role in ("administrator", "reviewer", "auditor", "viewer", "co_editor", "outsider"):
        assert mails_to(team[role]) == []
    assert recorded(period, "2.2") == {"due_soon": [team["editor"].email]}
    assert "sent editor@example.org [kk]" in out
    assert "2 e-mail(s) were sent" in out


@pytest.mark.parametrize("offset", [-30, -6, 0])
def test_nothing_is_sent_before_the_reminder_window_nor_on_the_due_date(period, offset, mailoutbox):
    out = run(day(offset))
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert out.startswith("0 e-mail(s) were sent, 0 reminder stage(s) were recorded")


def test_an_overdue_report_is_chased_with_the_days_overdue(team, period, mailoutbox):
    speak(team["editor"], "en")
    run(day(-2))
    mailoutbox.clear()
    run(day(1))
    body = mail_to(team["editor"]).body
    assert "== Overdue ==" in body
    assert "Period 2025 Q1, due on 10 Apr 2025 (1 day overdue)" in body
    assert "Report: Not started" in body
    assert recorded(period, "2.2") == {
        "due_soon": [team["editor"].email],
        "overdue": [team["editor"].email],
    }


def test_escalation_goes_to_the_head_then_to_the_programme_office(team, period, mailoutbox):
    editor, head = team["editor"], team["head"]
    run(day(1))
    assert "2.2" in chased(mail_to(editor)) and "2.2" not in chased(mail_to(head))

    mailoutbox.clear()
    run(day(2))
    assert mailoutbox == []

    run(day(3))
    assert "2.2" in chased(mail_to(head))
    # The contact person reads the escalation in copy.
    assert "2.2" in chased(mail_to(editor))
    assert mails_to(team["administrator"]) == []

    mailoutbox.clear()
    run(day(10))
    for role in ("administrator", "reviewer"):
        assert "2.2" in chased(mail_to(team[role]))
    for role in ("editor", "head", "auditor"):
        assert mails_to(team[role]) == []
    assert set(recorded(period, "2.2")) == ALL_STAGES

    mailoutbox.clear()
    run(day(11))
    assert mailoutbox == []


def test_a_late_first_run_sends_only_the_highest_stage_reached(team, period, mailoutbox):
    run(day(12))
    assert "2.2" in chased(mail_to(team["administrator"]))
    assert mails_to(team["editor"]) == [] and mails_to(team["head"]) == []
    stages = recorded(period, "2.2")
    assert set(stages) == ALL_STAGES
    assert stages["due_soon"] == stages["overdue"] == stages["escalated_head"] == []
    assert sorted(stages["escalated_office"]) == sorted(
        [team["administrator"].email, team["reviewer"].email]
    )


def test_each_person_gets_one_digest_of_all_their_reports(team, period, mailoutbox):
    speak(team["editor"], "en")
    ContactPerson.objects.create(
        activity=team.programme.activities.get(code="2.3"), user=team["editor"]
    )
    make_period(team.programme, year=2024, quarter=4, due_on=day(-5))
    run(day(-3))
    assert len(mailoutbox) == len({tuple(m.to) for m in mailoutbox})
    body = mail_to(team["editor"]).body
    assert {"2.2", "2.3"} <= chased(mail_to(team["editor"]), "2024-q4")
    assert {"2.2", "2.3"} <= chased(mail_to(team["editor"]), "2025-q1")
    # The most urgent first.
    assert body.index("== Overdue ==") < body.index("== Due soon ==")
    assert "(3 days left)" in body and "(2 days overdue)" in body
    count = body.count(f"{SITE}/en/programmes/green-almaty/reporting/20")
    assert mail_to(team["editor"]).subject == f"Jasyl: {count} progress reports to submit"


def test_running_twice_the_same_day_sends_nothing_new(team, period, mailoutbox):
    run(day(3))
    sent, rows = len(mailoutbox), Reminder.objects.count()
    assert sent and rows
    out = run(day(3))
    assert len(mailoutbox) == sent and Reminder.objects.count() == rows
    assert out.startswith("0 e-mail(s) were sent")


@pytest.mark.parametrize(
    ("state", "is_chased"),
    [("draft", True), ("returned", True), ("submitted", False), ("approved", False)],
)
def test_only_reports_still_in_the_agencys_hands_are_chased(
    team, period, mailoutbox, state, is_chased
):
    activity = team.programme.activities.get(code="2.2")
    ProgressReport.objects.create(activity=activity, period=period, state=state)
    run(day(1))
    assert ("2.2" in chased(mail_to(team["editor"]))) is is_chased
    assert bool(recorded(period, "2.2")) is is_chased


def test_the_state_of_a_started_report_is_shown(team, period, mailoutbox):
    speak(team["editor"], "en")
    activity = team.programme.activities.get(code="2.2")
    ProgressReport.objects.create(activity=activity, period=period, state="returned")
    run(day(1))
    assert "Report: Returned" in mail_to(team["editor"]).body


@pytest.mark.parametrize(
    ("state", "sample"), [("closed", False), ("locked", False), ("open", True)]
)
def test_closed_locked_and_sample_periods_are_ignored(team, mailoutbox, state, sample):
    make_period(team.programme, state=state, sample=sample)
    run(day(1))
    assert mailoutbox == []
    assert not Reminder.objects.exists()


# --- languages, addresses, options -----------------------------------------------------


def test_each_e_mail_is_in_its_recipients_language(team, period, mailoutbox):
    speak(team["editor"], "ru")
    rendered = []

    def note(sender, template, context, **kwargs):
        rendered.append((template.name, translation.get_language()))

    template_rendered.connect(note)
    try:
        with translation.override("en"):
            run(day(-5))
            assert translation.get_language() == "en"
    finally:
        template_rendered.disconnect(note)
    assert "/ru/programmes/green-almaty/reporting/2025-q1/2.2/" in mail_to(team["editor"]).body
    assert "/kk/programmes/green-almaty/reporting/2025-q1/2.3/" in mail_to(team["head"]).body
    assert set(rendered) == {
        (SUBJECT_TEMPLATE, "ru"),
        (BODY_TEMPLATE, "ru"),
        (SUBJECT_TEMPLATE, "kk"),
        (BODY_TEMPLATE, "kk"),
    }


def test_a_dry_run_says_what_it_would_send_and_does_nothing(team, period, mailoutbox):
    out = run(day(3), "--dry-run")
    assert "would send editor@example.org [kk]" in out
    assert "2.2@2025-q1 escalated_head" in out
    assert "e-mail(s) would be sent" in out
    assert mailoutbox == []
    assert not Reminder.objects.exists()

    outcome = send_reminders(day(3), dry_run=True)
    assert {m.to[0] for m in outcome.messages} == {team["editor"].email, team["head"].email}
    assert mailoutbox == [] and not Reminder.objects.exists()

    run(day(3))
    assert {m.to[0] for m in mailoutbox} == {team["editor"].email, team["head"].email}


def test_people_without_an_address_are_counted_and_others_stand_in(team, period, mailoutbox):
    editor = team["editor"]
    editor.email = ""
    editor.save()
    out = run(day(-5))
    assert all(m.to != [""] for m in mailoutbox)
    assert "1 recipient(s) without an e-mail address skipped: editor." in out
    # The only contact person cannot be reached: the lead agency's head hears of 2.2.
    assert "2.2" in chased(mail_to(team["head"]))


def test_inactive_people_get_nothing(team, period, mailoutbox):
    for role in ("editor", "administrator"):
        team[role].is_active = False
        team[role].save()
    out = run(day(-5))
    assert mails_to(team["editor"]) == []
    assert "2.2" in chased(mail_to(team["head"]))
    assert "0 recipient(s) without an e-mail address." in out
    run(day(10))
    assert mails_to(team["administrator"]) == []
    assert "2.2" in chased(mail_to(team["reviewer"]))


def test_a_failed_send_records_nothing(team, period, mailoutbox, monkeypatch):
    def fail(self, messages):
        raise smtplib.SMTPException("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", fail)
        with pytest.raises(smtplib.SMTPException):
            run(day(1))
    assert not Reminder.objects.exists()
    run(day(1))
    assert "2.2" in chased(mail_to(team["editor"]))


def test_the_options_are_checked(team, period, mailoutbox):
    with pytest.raises(CommandError, match="no programme 'elsewhere'"):
        run(day(1), "--programme", "elsewhere")
    with pytest.raises(CommandError, match="not a date written YYYY-MM-DD"):
        call_command("send_reminders", "--today", "10.04.2025")
    run(day(1), "--programme", "green-almaty")
    assert "2.2" in chased(mail_to(team["editor"]))
