"""The charging pages are tested on two synthetic square districts (never real boundaries) and
the bundled roadmap."""

from __future__ import annotations

from jasyl.domain.charging.models import ChargingLocation, Connector, Evse
from jasyl.testing.greenfund import districts, english, point  # noqa: F401  (fixtures)


def charger(roadmap, code, where, **fields):
    location = ChargingLocation.objects.create(
        code=code,
        name_en=f"Charger {code}",
        geometry=point(where),
        activity=roadmap.activities.get(code="1.4"),
        **fields,
    )
    evse = Evse.objects.create(location=location, uid="1")
    Connector.objects.create(
        evse=evse,
        connector_id="1",
        standard="IEC_62196_T2",
        power_type="AC_3_PHASE",
        max_power_kw=22,
    )
    Connector.objects.create(
        evse=evse, connector_id="2", standard="CHADEMO", power_type="DC", max_power_kw=50
    )
    return location
