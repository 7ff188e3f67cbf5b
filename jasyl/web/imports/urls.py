from django.urls import path

from jasyl.web.imports import views

app_name = "imports"

base = "programmes/<slug:programme>/imports/"

urlpatterns = [
    path(base, views.import_list, name="list"),
    path(base + "<int:pk>/", views.import_detail, name="detail"),
    path(base + "<int:pk>/file", views.import_file, name="file"),
]
