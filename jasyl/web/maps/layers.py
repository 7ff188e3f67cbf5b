"""The map's layers (`jasyl.core.tiles.register`), registered when the app starts."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jasyl.core.tiles import Layer, register
from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation
from jasyl.domain.greenfund.models import Park, Tree, WoodWasteSite
from jasyl.domain.lez.models import Camera, Zone
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.waste.models import ContainerSite, TreatmentPlant, WasteSite
from jasyl.domain.water.selectors import drawn_as


def districts() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT)


DISTRICTS = Layer(
    name="districts",
    title=_("Districts"),
    queryset=districts,
    geometry="boundary",
    fields=("code", "name_kk", "name_ru", "name_en"),
    # A handful of polygons: drawn one by one at every zoom, never counted.
    min_zoom=0,
    max_zoom=16,
)


def standing_trees() -> QuerySet[Tree]:
    return Tree.objects.filter(status=Tree.Status.STANDING)


def parks() -> QuerySet[Park]:
    return Park.objects.all()


def wood_waste_sites() -> QuerySet[WoodWasteSite]:
    return WoodWasteSite.objects.all()


def _green_fund(path: str) -> str:
    """A green-fund page of the configured programme, in the map's language."""
    return f"/{{lang}}/programmes/{settings.JASYL_DEFAULT_PROGRAMME}/green-fund/{path}"


TREES = Layer(
    name="trees",
    title=_("Trees of the green fund"),
    queryset=standing_trees,
    geometry="geometry",
    fields=("code", "condition", "is_sample"),
    # Millions of points: drawn one by one from zoom 14, counted per grid cell (by condition)
    # below it; the counts follow every write (registries.mapcounts).
    min_zoom=14,
    max_zoom=18,
    aggregate="tree-counts",
    category="condition",
    url=_green_fund("trees/{id}/"),
)
PARKS = Layer(
    name="parks",
    title=_("Parks and green areas"),
    queryset=parks,
    geometry="geometry",
    fields=("code", "name_kk", "name_ru", "name_en", "area_ha", "is_sample"),
    max_zoom=18,
)
# Nurseries are a point or a polygon each (one geometry column of either kind), which a tile
# layer cannot draw as one kind: they are listed on the green fund's pages instead.
WOOD_WASTE_SITES = Layer(
    name="wood-waste-sites",
    title=_("Wood-waste sites"),
    queryset=wood_waste_sites,
    geometry="geometry",
    fields=("code", "name_kk", "name_ru", "name_en", "capacity_m3_per_year", "is_sample"),
    max_zoom=18,
)


def low_emission_zones() -> QuerySet[Zone]:
    # Sample zones are shown only on request, on their own pages (docs/lez.md).
    return Zone.objects.filter(sample=False)


def zone_cameras() -> QuerySet[Camera]:
    return Camera.objects.filter(sample=False)


def _zones_page(path: str) -> str:
    """A low-emission zone's page of the configured programme, in the map's language."""
    return f"/{{lang}}/programmes/{settings.JASYL_DEFAULT_PROGRAMME}/low-emission-zones/{path}"


LOW_EMISSION_ZONES = Layer(
    name="low-emission-zones",
    title=_("Low-emission zones"),
    queryset=low_emission_zones,
    geometry="geometry",
    fields=("code", "name_kk", "name_ru", "name_en"),
    max_zoom=18,
    url=_zones_page("{code}/"),
)
LEZ_CAMERAS = Layer(
    name="lez-cameras",
    title=_("Cameras of the low-emission zones"),
    queryset=zone_cameras,
    geometry="geometry",
    fields=("code",),
    max_zoom=18,
)


def _waste(path: str) -> str:
    """A waste page of the configured programme, in the map's language."""
    return f"/{{lang}}/programmes/{settings.JASYL_DEFAULT_PROGRAMME}/waste/{path}"


WASTE_FIELDS = (
    "code",
    "name_kk",
    "name_ru",
    "name_en",
    "kind",
    "status",
    "in_service_on",
    "is_sample",
)
CONTAINER_SITES = Layer(
    name="container-sites",
    title=_("Container sites"),
    queryset=ContainerSite.objects.all,
    geometry="geometry",
    fields=WASTE_FIELDS,
    max_zoom=18,
    url=_waste("container-sites/{id}/"),
)
WASTE_SITES = Layer(
    name="waste-sites",
    title=_("Eco-stations and collection sites"),
    queryset=WasteSite.objects.all,
    geometry="geometry",
    fields=WASTE_FIELDS,
    max_zoom=18,
    url=_waste("sites/{id}/"),
)
WASTE_PLANTS = Layer(
    name="waste-plants",
    title=_("Waste treatment plants"),
    queryset=TreatmentPlant.objects.all,
    geometry="geometry",
    fields=(*WASTE_FIELDS, "capacity_t_per_year"),
    max_zoom=18,
    url=_waste("plants/{id}/"),
)


def _water(path: str) -> str:
    """A water page of the configured programme, in the map's language."""
    return f"/{{lang}}/programmes/{settings.JASYL_DEFAULT_PROGRAMME}/water/{path}"


WATER_FIELDS = ("code", "name_kk", "name_ru", "name_en", "kind", "status", "is_sample")
# One registry of any shape, drawn as three layers: its lines, its points and its polygons.
WATER_LINES = Layer(
    name="water-lines",
    title=_("Rivers, canals and aryks"),
    queryset=lambda: drawn_as("line"),
    geometry="geometry",
    shape="line",
    fields=(*WATER_FIELDS, "length_km"),
    max_zoom=18,
    url=_water("objects/{id}/"),
)
WATER_POINTS = Layer(
    name="water-points",
    title=_("Water intakes, hydraulic structures and flood-protection sites"),
    queryset=lambda: drawn_as("point"),
    geometry="geometry",
    shape="point",
    fields=WATER_FIELDS,
    max_zoom=18,
    url=_water("objects/{id}/"),
)
WATER_AREAS = Layer(
    name="water-areas",
    title=_("Ponds, water bodies and reservoirs"),
    queryset=lambda: drawn_as("polygon"),
    geometry="geometry",
    shape="polygon",
    fields=(*WATER_FIELDS, "area_ha"),
    max_zoom=18,
    url=_water("objects/{id}/"),
)


def ev_chargers() -> QuerySet[ChargingLocation]:
    # Sample chargers are shown only on request, on the registry's own pages (docs/charging.md).
    return ChargingLocation.objects.filter(is_sample=False)


def air_purifiers() -> QuerySet[AirPurifierBlock]:
    return AirPurifierBlock.objects.filter(is_sample=False)


def _registries(path: str) -> str:
    """A registry page of the configured programme, in the map's language."""
    return f"/{{lang}}/programmes/{settings.JASYL_DEFAULT_PROGRAMME}/registries/{path}"


BUILT_FIELDS = ("code", "name_kk", "name_ru", "name_en", "status", "in_service_on")
EV_CHARGERS = Layer(
    name="ev-chargers",
    title=_("EV charging locations"),
    queryset=ev_chargers,
    geometry="geometry",
    fields=(*BUILT_FIELDS, "address"),
    max_zoom=18,
    url=_registries("ev-chargers/{id}/"),
)
AIR_PURIFIERS = Layer(
    name="air-purifiers",
    title=_("Air-purification blocks"),
    queryset=air_purifiers,
    geometry="geometry",
    fields=(*BUILT_FIELDS, "modules"),
    max_zoom=18,
    url=_registries("air-purifiers/{id}/"),
)


def register_layers() -> None:
    layers = (
        DISTRICTS,
        PARKS,
        WOOD_WASTE_SITES,
        TREES,
        LOW_EMISSION_ZONES,
        LEZ_CAMERAS,
        CONTAINER_SITES,
        WASTE_SITES,
        WASTE_PLANTS,
        WATER_LINES,
        WATER_POINTS,
        WATER_AREAS,
        EV_CHARGERS,
        AIR_PURIFIERS,
    )
    for layer in layers:
        register(layer)
