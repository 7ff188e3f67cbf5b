from django.urls import path

from jasyl.web.reports import views

app_name = "reports"

urlpatterns = [
    path(
        "programmes/<slug:programme>/reports/<slug:period>.pdf",
        views.programme_report,
        name="programme",
    ),
    path(
        "programmes/<slug:programme>/activities/<str:code>/sheet.pdf",
        views.activity_sheet,
        name="activity_sheet",
    ),
]
