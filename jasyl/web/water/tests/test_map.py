"""The water objects on the map: one registry of any shape drawn as three layers, each with the
objects of its shape only, served as vector tiles."""

from __future__ import annotations

import pytest

from jasyl.core import tiles
from jasyl.web.water.tests.conftest import water_object

pytestmark = pytest.mark.django_db


def test_each_layer_holds_the_objects_of_its_shape(roadmap, districts, client):
    water_object("C-1", "canal")
    water_object("W-1", "water_intake")
    water_object("F-1", "flood_protection_site")
    water_object("P-1", "pond")
    codes = {
        name: sorted(tiles.layer(name).queryset().values_list("code", flat=True))
        for name in ("water-lines", "water-points", "water-areas")
    }
    assert codes == {"water-lines": ["C-1"], "water-points": ["F-1", "W-1"], "water-areas": ["P-1"]}
    assert [tiles.layer(n).kind for n in ("water-lines", "water-points", "water-areas")] == [
        "line",
        "point",
        "polygon",
    ]
    # The tile over the synthetic districts at zoom 12 carries the canal.
    answer = client.get("/tiles/water-lines/12/2923/1501.pbf")
    assert answer.status_code == 200 and len(answer.content) > 0
