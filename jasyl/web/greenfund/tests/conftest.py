"""The green fund's pages are tested on two synthetic square districts (never real boundaries),
the bundled roadmap, and its people (`jasyl/testing/people.py`): activity 2.2 (planting trees)
is led by ЭжҚОБ and co-executed by the district akimats; ТЖД does not take part in it."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps

from jasyl.domain.greenfund.models import FellingPermit, Tree
from jasyl.domain.greenfund.services import issue_permit, record_felling, save_tree
from jasyl.testing.greenfund import IN_EAST, IN_WEST, districts, point  # noqa: F401 (fixtures)

PROGRAMME = "green-almaty"
BASE = f"/en/programmes/{PROGRAMME}/green-fund/"


def tree(code: str, where: tuple[float, float] = IN_WEST, **values: Any) -> Tree:
    """A tree registered by the operator through the service, as an import would."""
    saved = save_tree(
        tree=None,
        values={"code": code, "geometry": point(where), **values},
        actor=None,
        access=None,
    )
    found: Tree = saved.entry
    return found


def permit(
    number: str,
    trees: list[Tree],
    *,
    reason: str = "hazardous",
    issued_on: datetime.date = datetime.date(2025, 3, 1),
    felled_on: datetime.date | None = None,
    **fields: Any,
) -> FellingPermit:
    """A permit issued by the operator, its trees felled on `felled_on` if given."""
    issued = issue_permit(
        number=number,
        issued_on=issued_on,
        reason=reason,
        trees=trees,
        actor=None,
        access=None,
        **fields,
    )
    if felled_on is not None:
        issued = record_felling(permit=issued, felled_on=felled_on, actor=None, access=None)
    return issued


def reference_data() -> None:
    """The starter species and the roadmap's compensation rule, as their data migrations seed
    them: a test on a live server runs in a transaction-flushed database, where a test before it
    may have flushed them away."""
    for migration, step in (
        ("0002_starter_species", "load"),
        ("0003_roadmap_compensation_rule", "seed"),
    ):
        module = importlib.import_module(f"jasyl.domain.greenfund.migrations.{migration}")
        getattr(module, step)(apps, None)


@pytest.fixture
def programme(roadmap, districts):  # noqa: F811 (the fixture imported above)
    reference_data()
    return roadmap


@pytest.fixture
def activity(roadmap):
    return roadmap.activities.get(code="2.2")


__all__ = ["BASE", "IN_EAST", "IN_WEST", "permit", "reference_data", "tree"]
