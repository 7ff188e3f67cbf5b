from django.urls import path

from jasyl.web.agencies import views

app_name = "agencies"

urlpatterns = [
    path("programmes/<slug:programme>/agencies/", views.agency_list, name="list"),
    path("programmes/<slug:programme>/agencies/<str:code>/", views.agency_detail, name="detail"),
]
