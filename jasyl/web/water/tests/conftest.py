"""The water pages are tested on two synthetic square districts (never real boundaries) and the
bundled roadmap."""

from __future__ import annotations

from jasyl.domain.water.tests.helpers import water_object, work  # noqa: F401
from jasyl.testing.greenfund import districts, english  # noqa: F401  (fixtures)

BASE = "/en/programmes/green-almaty/water/"
