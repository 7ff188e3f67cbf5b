"""The sample registries: every row and edit flagged as sample, nothing more on a second run,
and never counted in the planned outputs."""

import pytest

from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation, Connector
from jasyl.domain.charging.selectors import blocks_delivered, evses_delivered
from jasyl.domain.registries.models import Edit
from jasyl.samples.registries import generate

pytestmark = pytest.mark.django_db


def test_sample_registries_are_flagged_made_once_and_never_counted(roadmap):
    first = generate(seed=3)
    assert (first.locations, first.blocks) == (10, 7)
    assert not ChargingLocation.objects.filter(is_sample=False).exists()
    assert AirPurifierBlock.objects.filter(is_sample=True).count() == 7
    assert Connector.objects.count() >= 20
    assert not Edit.objects.filter(is_sample=False).exists()
    assert ChargingLocation.objects.filter(status="in_service").exists()
    assert generate(seed=3).already_there
    assert ChargingLocation.objects.count() == 10
    assert evses_delivered(roadmap, None) == 0 and blocks_delivered(roadmap, None) == 0
