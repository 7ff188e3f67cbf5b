from django.urls import path

from jasyl.web.waste import editing, views

app_name = "waste"

base = "programmes/<slug:programme>/waste/"
REGISTRY = "<slug:registry>/"

urlpatterns = [
    path(base + "recyclables/", views.recyclables, name="recyclables"),
    path(base + "data/<slug:slug>.csv", views.data_csv, name="csv"),
    path(base + "data/<slug:slug>.geojson", views.data_geojson, name="geojson"),
    path(base + "container-sites/new/", editing.container_site_add, name="container_site_add"),
    path(base + REGISTRY, views.registry_list, name="list"),
    path(base + REGISTRY + "<int:pk>/", views.registry_row, name="row"),
    path(base + REGISTRY + "<int:pk>/status/", editing.status, name="status"),
]
