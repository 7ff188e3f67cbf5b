from django.urls import path

from jasyl.web.roadmap import views
from jasyl.web.roadmap.audit import findings

app_name = "roadmap"

urlpatterns = [
    path("programmes/<slug:programme>/roadmap/", views.overview, name="overview"),
    path("programmes/<slug:programme>/roadmap.xlsx", views.workbook_download, name="workbook"),
    path("programmes/<slug:programme>/roadmap/import/", views.workbook_upload, name="import"),
    path(
        "programmes/<slug:programme>/sections/<slug:section>/",
        views.section_detail,
        name="section",
    ),
    path("programmes/<slug:programme>/activities/", views.activity_list, name="activities"),
    path(
        "programmes/<slug:programme>/activities/<str:code>/", views.activity_detail, name="activity"
    ),
    path("programmes/<slug:programme>/targets/", views.target_list, name="targets"),
    path("programmes/<slug:programme>/audit/", findings, name="audit"),
]
