from django.urls import path

from jasyl.web.water import editing, views

app_name = "water"

base = "programmes/<slug:programme>/water/"
OBJECT = base + "objects/<int:pk>/"

urlpatterns = [
    path(base + "data/objects.geojson", views.data_geojson, name="geojson"),
    path(base + "data/<slug:slug>.csv", views.data_csv, name="csv"),
    path(base + "objects/", views.objects, name="objects"),
    path(base + "objects/new/", editing.object_add, name="object_add"),
    path(OBJECT, views.water_object, name="object"),
    path(OBJECT + "status/", editing.status, name="status"),
    path(OBJECT + "works/new/", editing.work_add, name="work_add"),
]
