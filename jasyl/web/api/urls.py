from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from jasyl.web.api import air, charging, greenfund, views, waste, water

app_name = "api"

programme = "programmes/<slug:programme>/"
report = programme + "reports/<str:period>/<str:activity>/"
green = programme + "green-fund/"
waste_base = programme + "waste/"
air_quality = programme + "air/"
registries = programme + "registries/"


def not_found(request: HttpRequest) -> JsonResponse:
    """Any other address under the API answers in the API's error shape, not an HTML page."""
    return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path(programme, views.ProgrammeDetail.as_view(), name="programme"),
    path(programme + "plan/", views.PlanView.as_view(), name="plan"),
    path(programme + "activities/", views.ActivityList.as_view(), name="activities"),
    path(programme + "activities/<str:code>/", views.ActivityDetail.as_view(), name="activity"),
    path(programme + "audit/", views.FindingList.as_view(), name="audit"),
    path(programme + "agencies/", views.AgencyList.as_view(), name="agencies"),
    path(programme + "periods/", views.PeriodList.as_view(), name="periods"),
    path(programme + "reports/", views.ReportList.as_view(), name="reports"),
    path(report, views.ReportDetail.as_view(), name="report"),
    path(report + "transitions/", views.ReportTransition.as_view(), name="transition"),
    path(report + "citations/", views.ReportCitations.as_view(), name="citations"),
    path(programme + "indicators/", views.IndicatorList.as_view(), name="indicators"),
    path(programme + "indicators/<str:code>/", views.IndicatorDetail.as_view(), name="indicator"),
    path(
        programme + "indicators/<str:code>/observations/",
        views.ObservationList.as_view(),
        name="observations",
    ),
    path(programme + "execution/", views.ExecutionView.as_view(), name="execution"),
    path(green + "trees/", greenfund.TreeList.as_view(), name="trees"),
    path(green + "trees/<int:pk>/", greenfund.TreeDetail.as_view(), name="tree"),
    path(green + "permits/", greenfund.PermitList.as_view(), name="permits"),
    path(green + "permits/<int:pk>/", greenfund.PermitDetail.as_view(), name="permit"),
    path(green + "permits/<int:pk>/fellings/", greenfund.FellingCreate.as_view(), name="fellings"),
    path(
        green + "permits/<int:pk>/plantings/",
        greenfund.PlantingCreate.as_view(),
        name="plantings",
    ),
    path(green + "parks/", greenfund.ParkList.as_view(), name="parks"),
    path(green + "nurseries/", greenfund.NurseryList.as_view(), name="nurseries"),
    path(
        green + "wood-waste-sites/", greenfund.WoodWasteSiteList.as_view(), name="wood_waste_sites"
    ),
    path(
        waste_base + "container-sites/",
        waste.ContainerSiteList.as_view(),
        name="waste_container_sites",
    ),
    path(waste_base + "sites/", waste.WasteSiteList.as_view(), name="waste_sites"),
    path(waste_base + "plants/", waste.PlantList.as_view(), name="waste_plants"),
    path(programme + "water/objects/", water.WaterObjectList.as_view(), name="water_objects"),
    path(registries + "ev-chargers/", charging.ChargerList.as_view(), name="ev_chargers"),
    path(registries + "air-purifiers/", charging.AirPurifierList.as_view(), name="air_purifiers"),
    path(air_quality + "stations/", air.StationList.as_view(), name="air_stations"),
    path(air_quality + "stations/<str:code>/days/", air.StationDays.as_view(), name="air_days"),
    path(air_quality + "stations/<str:code>/year/", air.StationYearView.as_view(), name="air_year"),
    path(air_quality + "measurements/", air.MeasurementList.as_view(), name="air_measurements"),
    path(air_quality + "city/", air.CityView.as_view(), name="air_city"),
    path(air_quality + "reference/", air.ReferenceView.as_view(), name="air_reference"),
    re_path(r"^[\s\S]*$", not_found),
]
