import pytest
from rest_framework.test import APIClient

from jasyl.domain.indicators.services import sync_indicators

API = "/api/v1/programmes/green-almaty/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def registry(roadmap):
    """The roadmap with its indicator registry."""
    sync_indicators(roadmap)
    return roadmap
