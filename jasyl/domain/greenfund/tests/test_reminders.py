"""The agencies owing compensatory planting are reminded once per stage, by e-mail, like the
reports' reminders; sample permits never."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.gis.geos import MultiPoint
from django.core import mail

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.models import CompensationReminder
from jasyl.domain.greenfund.reminders import send_compensation_reminders
from jasyl.domain.greenfund.services import issue_permit, record_felling
from jasyl.domain.greenfund.tasks import remind_compensation
from jasyl.testing.greenfund import IN_WEST, point

pytestmark = pytest.mark.django_db

D = datetime.date


def felled_permit(number: str, deadline: D, *, is_sample: bool = False):
    permit = issue_permit(
        number=number,
        issued_on=D(2025, 1, 1),
        reason="hazardous",
        points=MultiPoint(point(IN_WEST), srid=4326),
        deadline=deadline,
        applicant=Agency.objects.get(code="ЭжҚОБ"),
        is_sample=is_sample,
        actor=None,
        access=None,
    )
    return record_felling(permit=permit, felled_on=D(2025, 1, 2), actor=None, access=None)


def test_an_overdue_permit_is_reminded_to_the_applicants_editors_and_heads_once(team, districts):
    felled_permit("P-1", D(2025, 6, 30))
    felled_permit("P-S", D(2025, 6, 30), is_sample=True)

    outcome = send_compensation_reminders(D(2025, 7, 1))

    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "head@example.org"]
    assert "P-1" in mail.outbox[0].body and "P-S" not in mail.outbox[0].body
    assert [(r.permit.number, r.stage) for r in outcome.recorded] == [("P-1", "overdue")]

    again = send_compensation_reminders(D(2025, 7, 2))
    assert again.messages == [] and len(mail.outbox) == 2


def test_a_near_deadline_is_reminded_before_it_passes(team, districts, settings):
    settings.JASYL_REMIND_DAYS_BEFORE = 5
    felled_permit("P-2", D(2025, 7, 5))

    send_compensation_reminders(D(2025, 6, 29))
    assert not mail.outbox
    send_compensation_reminders(D(2025, 6, 30))

    assert CompensationReminder.objects.get().stage == "due_soon"
    assert len(mail.outbox) == 2


def test_the_daily_job_moves_states_and_reminds(team, districts):
    felled_permit("P-3", D(2025, 6, 30))

    result = remind_compensation.call()

    assert "2 compensation e-mail(s) were sent" in result
    assert len(mail.outbox) == 2
