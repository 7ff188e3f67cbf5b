"""Report evidence: the permission is checked before the file is looked at, then its size."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport
from jasyl.testing.reports import open_period
from jasyl.web.reporting.tests.test_views import URL, signed_in


@pytest.fixture
def period(team):
    return open_period(team, quarter=1)


def test_a_viewer_uploading_evidence_is_refused_before_the_file_is_looked_at(
    team, period, settings
):
    settings.JASYL_EVIDENCE_MAX_BYTES = 1000
    signed_in(team["editor"]).post(URL, {"status": "on_track", "revision": 0})
    viewer = signed_in(team["viewer"])
    with mock.patch.object(
        workflow, "check_evidence_file", wraps=workflow.check_evidence_file
    ) as check:
        response = viewer.post(
            URL + "evidence/",
            {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 5000), "revision": 1},
        )
    assert response.status_code == 403
    assert check.call_count == 0
    assert not ProgressReport.objects.get().evidence.exists()


def test_an_editors_evidence_over_the_limit_is_refused_naming_it(team, period, settings):
    settings.JASYL_EVIDENCE_MAX_BYTES = 1_000_000
    editor = signed_in(team["editor"])
    editor.post(URL, {"status": "on_track", "revision": 0})
    response = editor.post(
        URL + "evidence/",
        {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2_000_000), "revision": 1},
        follow=True,
    )
    assert "“big.pdf” is 2 MB; the limit is 1 MB." in response.content.decode()
    assert not ProgressReport.objects.get().evidence.exists()
