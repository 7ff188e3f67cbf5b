from django.urls import path

from jasyl.web.exhaust import views

app_name = "exhaust"

base = "programmes/<slug:programme>/air/exhaust-checks/"

urlpatterns = [
    path(base, views.checks, name="checks"),
    path(base + "import/", views.import_page, name="import"),
    path(base + "import/template.xlsx", views.import_template, name="import_template"),
]
