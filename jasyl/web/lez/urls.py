from django.urls import path

from jasyl.web.lez import views

app_name = "lez"

base = "programmes/<slug:programme>/low-emission-zones/"

urlpatterns = [
    path(base, views.zones, name="zones"),
    path(base + "data/zones.geojson", views.geojson, {"shape": "zones"}, name="geojson"),
    # France's schema-zfe "aires" file (docs/lez.md).
    path(base + "data/aires.geojson", views.geojson, {"shape": "aires"}, name="zfe"),
    path(base + "data/cameras.geojson", views.cameras_geojson, name="cameras"),
    path(base + "import/detections/", views.import_detections, name="import_detections"),
    path(base + "import/zones/", views.import_zones, name="import_zones"),
    path(
        base + "import/detections/template.xlsx",
        views.detections_workbook,
        name="detections_workbook",
    ),
    path(base + "<slug:code>/", views.zone, name="zone"),
    path(base + "<slug:code>/check/", views.check, name="check"),
]
