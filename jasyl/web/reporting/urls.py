from django.urls import path

from jasyl.web.reporting import views

app_name = "reporting"

base = "programmes/<slug:programme>/reporting/"
report = base + "<slug:period>/<str:activity>/"

urlpatterns = [
    path(base, views.inbox, name="inbox"),
    path(base + "periods/", views.period_list, name="periods"),
    path(base + "trail/", views.audit_trail, name="trail"),
    path(base + "<slug:period>/", views.period_board, name="period"),
    path(base + "<slug:period>/state/", views.period_state, name="period_state"),
    # Before `report`: these would otherwise read as activity codes.
    path(base + "<slug:period>/template.xlsx", views.template_download, name="template"),
    path(base + "<slug:period>/template/upload/", views.template_upload, name="template_upload"),
    path(report, views.report_detail, name="report"),
    path(report + "transition/", views.report_transition, name="transition"),
    path(report + "evidence/", views.evidence_upload, name="evidence_upload"),
    path(report + "citations/", views.report_citations, name="citations"),
    path(report + "evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path(report + "evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path(report + "diff/", views.report_diff, name="diff"),
]
