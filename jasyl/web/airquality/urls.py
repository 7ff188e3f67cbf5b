from django.urls import path

from jasyl.web.airquality import views

app_name = "airquality"

base = "programmes/<slug:programme>/air-quality/ingest/"

urlpatterns = [
    path("programmes/<slug:programme>/air/", views.overview, name="overview"),
    path("programmes/<slug:programme>/air/stations/<str:station>/", views.station, name="station"),
    path(base, views.ingest, name="ingest"),
    path(base + "<int:pk>/", views.ingest_file_detail, name="ingest_file"),
    path(base + "jobs/<uuid:job>/", views.ingest_job, name="ingest_job"),
]
