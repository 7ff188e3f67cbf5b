from django.urls import path

from jasyl.web.indicators import views

app_name = "indicators"

base = "programmes/<slug:programme>/indicators/"

urlpatterns = [
    path(base, views.indicator_list, name="list"),
    path(base + "import/", views.import_values, name="import"),
    path(base + "import/template.xlsx", views.import_template, name="import_template"),
    path(base + "<str:code>/", views.indicator_detail, name="detail"),
    path(base + "<str:code>/values/", views.record_value, name="record"),
    path(base + "<str:code>/targets/<int:year>/", views.amend, name="amend"),
    path(
        "programmes/<slug:programme>/ledgers/green-fund/",
        views.green_fund_ledger,
        name="green_fund",
    ),
    path(
        "programmes/<slug:programme>/ledgers/emissions/",
        views.emissions,
        name="emissions",
    ),
    path("programmes/<slug:programme>/ledgers/waste/", views.waste_ledger, name="waste"),
]
