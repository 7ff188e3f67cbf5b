from django.urls import path

from jasyl.web.charging import editing, views

app_name = "charging"

base = "programmes/<slug:programme>/registries/"

urlpatterns = [
    # Downloads under data/, counted as costly requests (JASYL_COSTLY_PATHS).
    path(base + "data/<slug:kind>.csv", views.data_csv, name="csv"),
    path(base + "data/<slug:kind>.geojson", views.data_geojson, name="geojson"),
    path(base + "ev-chargers/new/", editing.location_add, name="location_add"),
    path(base + "<slug:kind>/", views.registry, name="registry"),
    path(base + "<slug:kind>/<int:pk>/", views.entry, name="entry"),
    path(base + "<slug:kind>/<int:pk>/status/", editing.status, name="status"),
]
