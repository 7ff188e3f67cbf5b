"""The waste pages are tested on two synthetic square districts (never real boundaries) and
the bundled roadmap."""

from __future__ import annotations

import datetime
from typing import Any

from jasyl.domain.waste.models import ContainerSite, WasteSite
from jasyl.domain.waste.services import Containers, register_container_site, save_site
from jasyl.testing.greenfund import IN_EAST, IN_WEST, districts, english, point  # noqa: F401

BASE = "/en/programmes/green-almaty/waste/"


def container_site(code: str, where=IN_WEST, **values: Any) -> ContainerSite:
    saved = register_container_site(
        values={
            "code": code,
            "name_en": f"Yard {code}",
            "kind": "underground",
            "geometry": point(where),
            **values,
        },
        containers={"dry": Containers(2, None), "wet": Containers(3, None)},
        actor=None,
        access=None,
    )
    return saved.entry


def eco_station(code: str, **values: Any) -> WasteSite:
    return save_site(
        model=WasteSite,
        entry=None,
        values={
            "code": code,
            "name_en": f"Eco {code}",
            "kind": "eco_station",
            "geometry": point(IN_EAST),
            "status": "in_service",
            "in_service_on": datetime.date(2024, 4, 1),
            **values,
        },
        actor=None,
        access=None,
    ).entry
