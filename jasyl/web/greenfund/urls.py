from django.urls import path

from jasyl.web.greenfund import editing, views

app_name = "greenfund"

base = "programmes/<slug:programme>/green-fund/"

urlpatterns = [
    # Public pages and their downloads (CSV under data/, counted as costly requests).
    path(base + "permits/", views.permits, name="permits"),
    path(base + "permits/<int:pk>/", views.permit, name="permit"),
    path(base + "trees/", views.trees, name="trees"),
    path(base + "trees/<int:pk>/", views.tree, name="tree"),
    path(base + "districts/", views.districts, name="districts"),
    path(base + "parks/", views.places, {"kind": "parks"}, name="parks"),
    path(base + "nurseries/", views.places, {"kind": "nurseries"}, name="nurseries"),
    path(
        base + "wood-waste-sites/",
        views.places,
        {"kind": "wood-waste-sites"},
        name="wood_waste_sites",
    ),
    path(base + "data/<slug:slug>.csv", views.data_csv, name="csv"),
    path(base + "data/<slug:slug>.geojson", views.data_geojson, name="geojson"),
    # The office's and the agencies' pages.
    path(base + "trees/new/", editing.tree_add, name="tree_add"),
    path(base + "trees/<int:pk>/edit/", editing.tree_edit, name="tree_edit"),
    path(base + "permits/new/", editing.permit_issue, name="permit_issue"),
    path(base + "permits/<int:pk>/felling/", editing.felling, name="felling"),
    path(base + "permits/<int:pk>/planting/", editing.planting, name="planting"),
    path(base + "moderation/", editing.moderation, name="moderation"),
    path(base + "moderation/<int:pk>/", editing.decide, name="decide"),
    path(base + "import/", editing.imports, name="imports"),
    path(base + "import/<slug:kind>/", editing.import_kind, name="import"),
    path(base + "import/<slug:kind>/template.xlsx", editing.import_workbook, name="workbook"),
]
