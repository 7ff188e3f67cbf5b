from django.urls import path

from jasyl.web.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("programmes/<slug:programme>/", views.dashboard, name="dashboard"),
    path("programmes/<slug:programme>/data/<slug:slug>.csv", views.data_csv, name="csv"),
]
