from django.urls import path

from jasyl.planaudit.views import findings
from jasyl.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.overview, name="home"),
    path("programmes/<slug:programme>/", views.overview, name="overview"),
    path(
        "programmes/<slug:programme>/activities/<str:code>/", views.activity_detail, name="activity"
    ),
    path("programmes/<slug:programme>/audit/", findings, name="audit"),
]
