from django.urls import path

from jasyl.web.search import views

app_name = "search"

urlpatterns = [
    path("programmes/<slug:programme>/search/", views.results, name="results"),
]
