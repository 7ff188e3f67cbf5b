import pytest
from rest_framework.test import APIClient

from jasyl.domain.indicators.services import sync_indicators

API = "/api/v1/programmes/green-almaty/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """The API tests send many requests from one address (Schemathesis some hundred): the
    throttles' own tests (test_limits.py, test_air.py) set the rates they show."""
    settings.JASYL_API_ANON_RATE = settings.JASYL_API_USER_RATE = "100000/minute"
    settings.JASYL_COSTLY_REQUESTS = 100000


@pytest.fixture
def registry(roadmap):
    """The roadmap with its indicator registry."""
    sync_indicators(roadmap)
    return roadmap
