"""An evidence file whose row was never committed (the process was killed between writing the
file and committing its row) is deleted by the daily sweep once an hour old; a file a report
names, removed evidence included, and an upload in progress are kept."""

from __future__ import annotations

import datetime
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.reporting.tests import test_workflow as flow

# The reporting workflow tests' fixtures and helpers.
PDF, save, upload = flow.PDF, flow.save, flow.upload
period, activity, in_english = flow.period, flow.activity, flow.in_english


def aged(name: str, hours: float) -> None:
    moment = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(name), (moment, moment))


def test_the_sweep_deletes_only_old_files_that_no_report_names(team, period, activity):
    report = save(team, "editor", activity, period, 0)
    kept = upload(team, report, "act.pdf", PDF)
    removed = upload(team, report, "photo.pdf", PDF)
    workflow.remove_evidence(
        actor=team["editor"],
        access=access_for(team["editor"], team.programme),
        evidence=removed,
        based_on=ProgressReport.objects.get(pk=report.pk).revision,
    )
    folder = os.path.dirname(kept.file.name)
    # What a killed upload leaves: the file written, its row never committed.
    orphan = default_storage.save(f"{folder}/left-behind.pdf", ContentFile(PDF))
    in_progress = default_storage.save(f"{folder}/being-uploaded.pdf", ContentFile(PDF))
    for name in (kept.file.name, removed.file.name, orphan):
        aged(name, hours=2)
    aged(in_progress, hours=0.5)

    assert workflow.remove_orphan_evidence() == [orphan]
    assert not default_storage.exists(orphan)
    for name in (kept.file.name, removed.file.name, in_progress):
        assert default_storage.exists(name)
