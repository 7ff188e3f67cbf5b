import pytest

from jasyl.domain.agencies.models import Agency
from jasyl.domain.airquality.admin import StationForm

STATION = {
    "code": "S-01",
    "name_kk": "Бекет",
    "operator": "Kazhydromet",
    "official": True,
    "kind": "reference",
}


@pytest.mark.django_db
def test_a_station_lists_parameters_of_the_reference_data_in_force():
    assert StationForm(data={**STATION, "parameters": '["pm25", "no2"]'}).is_valid()
    form = StationForm(data={**STATION, "parameters": '["pm25", "radon"]'})
    assert not form.is_valid()
    assert "pm25" in form.errors["parameters"][0]


@pytest.mark.django_db
def test_a_stations_district_is_a_district_akimat(roadmap):
    department = Agency.objects.exclude(kind=Agency.Kind.DISTRICT_AKIMAT).first()
    form = StationForm(data={**STATION, "parameters": "[]", "district": department.pk})
    assert not form.is_valid()
    assert "district" in form.errors
