"""Fixtures of the exhaust-check tests, shared by the domain and the page tests."""

import pytest

from jasyl.domain.agencies.models import Agency
from jasyl.domain.exhaust.models import EcoPost


@pytest.fixture
def posts(roadmap):
    """Two eco-posts of the loaded programme: a stationary one in Alatau district, a mobile one."""
    return [
        EcoPost.objects.create(
            programme=roadmap,
            code="P-01",
            name_kk="Райымбек даңғылы бекеті",
            name_ru="Пост на проспекте Райымбека",
            name_en="Raiymbek avenue post",
            kind=EcoPost.Kind.STATIONARY,
            district=Agency.objects.get(code="Алатау ауданының әкімдігі"),
        ),
        EcoPost.objects.create(
            programme=roadmap,
            code="M-01",
            name_kk="Жылжымалы бекет 1",
            name_ru="Передвижной пост 1",
            name_en="Mobile post 1",
            kind=EcoPost.Kind.MOBILE,
        ),
    ]


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language."""
    from django.utils import translation

    with translation.override("en"):
        yield
