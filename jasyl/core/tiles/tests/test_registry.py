"""A layer is declared once, with an explicit list of fields, and checked against its model when
it is registered: a mistake stops the start, not a tile request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from jasyl.core.tiles.registry import Layer, layer, layers
from jasyl.domain.places.models import AdministrativeUnit


def units():
    return AdministrativeUnit.objects.all()


def declared(**changes):
    values = {"name": "units", "queryset": units, "geometry": "boundary", "fields": ("code",)}
    return Layer(**{**values, **changes})


def test_a_registered_layer_is_found_by_name_with_its_geometry_kind(registered):
    registered(declared(name="test-units"))
    found = layer("test-units")
    assert found.kind == "polygon"
    assert found.fields == ("code",)
    assert found in layers()


def test_an_unknown_layer_is_a_lookup_error():
    with pytest.raises(LookupError):
        layer("no-such-layer")


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"name": "Units!"}, "URL slug"),
        ({"fields": "code"}, "tuple of names"),
        ({"min_zoom": 12, "max_zoom": 10}, "zooms"),
        ({"max_zoom": 23}, "zooms"),
        ({"category": "level"}, "needs an aggregate"),
        ({"aggregate": "units"}, "slug of its own"),
        ({"aggregate": "unit-counts", "min_zoom": 18, "max_zoom": 20}, "min_zoom is at most 17"),
    ],
)
def test_a_malformed_declaration_is_refused(changes, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        declared(**changes)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"geometry": "code"}, "not a geometry field"),
        ({"geometry": "shape"}, "not a geometry field"),
        ({"fields": ("code", "nowhere")}, "nowhere is not a text"),
        ({"fields": ("loaded_at",)}, "loaded_at is not a text"),
        ({"fields": ("units",)}, "units is not a text"),
        ({"shape": "line"}, "a shape is declared for a field of any geometry type only"),
    ],
)
def test_a_declaration_that_does_not_fit_its_model_is_refused_at_registration(
    registered, changes, says
):
    with pytest.raises(ImproperlyConfigured, match=says):
        registered(declared(name="test-units", **changes))
    with pytest.raises(LookupError):
        layer("test-units")


def test_a_name_and_an_aggregate_are_registered_once(registered):
    registered(declared(name="test-units", aggregate="test-unit-counts", min_zoom=10))
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registered(declared(name="test-units"))
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registered(declared(name="test-others", aggregate="test-unit-counts", min_zoom=10))


def test_the_aggregate_cells_are_four_zooms_finer_than_the_tile_down_to_zoom_16():
    assert declared(aggregate="c", min_zoom=14).cell_zooms() == list(range(4, 17))
    assert declared(aggregate="c", min_zoom=3).cell_zooms() == [4, 5, 6]
    assert declared(min_zoom=14).cell_zooms() == []


def test_a_column_of_any_shape_is_drawn_as_the_shape_its_layer_declares(registered):
    from jasyl.domain.greenfund.models import Nursery

    def nurseries():
        return Nursery.objects.all()

    with pytest.raises(ImproperlyConfigured, match="cannot be drawn"):
        registered(Layer(name="test-any", queryset=nurseries, geometry="geometry", fields=()))
    registered(
        Layer(name="test-any", queryset=nurseries, geometry="geometry", fields=(), shape="point")
    )
    assert layer("test-any").kind == "point"
