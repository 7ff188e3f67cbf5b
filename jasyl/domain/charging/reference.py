"""OCPI 2.2.1's code lists (`data/ocpi-2.2.1.yaml`): the connector standards, power types and
connector formats, read once, as the choices of the models and the checks of the import."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jasyl.core import yamlfiles

OCPI_FILE = Path(__file__).resolve().parent / "data" / "ocpi-2.2.1.yaml"


@cache
def ocpi() -> dict[str, Any]:
    content: dict[str, Any] = yamlfiles.safe_load(OCPI_FILE.read_text(encoding="utf-8"))
    return content


def choices(name: str) -> list[tuple[str, str]]:
    """(value, label) of a code list: `connector_types`, `power_types`, `connector_formats`."""
    return [(value, f"{value}: {label}") for value, label in ocpi()[name].items()]
