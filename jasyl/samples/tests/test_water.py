"""`jasyl sample-water`: fictional water objects and works flagged as sample, stored once,
removed without touching real data, never counted against the plan."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jasyl.domain.registries.outputs import counters_for
from jasyl.domain.water.models import WaterObject, WaterWork
from jasyl.domain.water.services import save_object
from jasyl.testing.greenfund import IN_WEST, point

pytestmark = pytest.mark.django_db


def test_sample_water_is_flagged_stored_once_and_never_counted(roadmap, capsys):
    real = save_object(
        entry=None,
        values={
            "code": "REAL-1",
            "name_en": "Real",
            "kind": "water_intake",
            "geometry": point(IN_WEST),
        },
        actor=None,
        access=None,
    ).entry
    call_command("sample_water")
    samples = WaterObject.objects.filter(is_sample=True)
    assert samples.count() == 18
    assert set(samples.values_list("kind", flat=True)) >= {"canal", "river", "pond", "reservoir"}
    assert samples.filter(kind="river", status="planned").count() == 2
    assert WaterWork.objects.filter(is_sample=True).count() == 18
    assert not WaterWork.objects.filter(is_sample=False).exists()
    assert all(c.length_km for c in samples.filter(kind="canal"))
    for code in ("5.2", "5.3", "6", "7", "8"):
        for counter in counters_for(code):
            assert counter.count(roadmap, None) == 0, (code, counter.measures)
    call_command("sample_water")
    assert "already there" in capsys.readouterr().out
    assert WaterObject.objects.filter(is_sample=True).count() == 18
    call_command("sample_water", "--remove")
    assert WaterObject.objects.filter(is_sample=False).get() == real
