"""`jasyl sample-waste`: fictional sites flagged as sample, stored once, removed without
touching real data, never counted against the plan."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jasyl.domain.registries.outputs import counters_for
from jasyl.domain.waste.models import ContainerSite, TonnageRecord, TreatmentPlant, WasteSite
from jasyl.domain.waste.services import save_site
from jasyl.testing.greenfund import IN_WEST, point

pytestmark = pytest.mark.django_db


def test_sample_waste_is_flagged_stored_once_and_never_counted(roadmap, capsys):
    real = save_site(
        model=WasteSite,
        entry=None,
        values={
            "code": "REAL-1",
            "name_en": "Real",
            "kind": "eco_station",
            "geometry": point(IN_WEST),
        },
        actor=None,
        access=None,
    ).entry
    call_command("sample_waste", "--sites", "4")
    assert ContainerSite.objects.filter(is_sample=True).count() == 4
    assert TreatmentPlant.objects.filter(is_sample=True).count() == 3
    assert TonnageRecord.objects.filter(is_sample=True).count() == 72
    assert all(s.containers.exists() for s in ContainerSite.objects.all())
    assert WasteSite.objects.filter(is_sample=False).get() == real
    in_service = ContainerSite.objects.filter(
        is_sample=True, status="in_service", kind="underground"
    )
    assert in_service.exists()
    # Sample rows in service are never counted against the plan.
    for code in ("10.1", "10.2", "10.3", "10.4"):
        assert counters_for(code)[0].count(roadmap, None) == 0

    call_command("sample_waste")
    assert "already there" in capsys.readouterr().out
    call_command("sample_waste", "--remove", "--sites", "2")
    assert ContainerSite.objects.filter(is_sample=True).count() == 2
    assert WasteSite.objects.filter(is_sample=False).count() == 1
