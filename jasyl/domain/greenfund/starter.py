"""The starter list of species (`data/species.yaml`), read for the migration that loads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jasyl.core import yamlfiles

SPECIES_FILE = Path(__file__).resolve().parent / "data" / "species.yaml"


def starter_species(path: Path = SPECIES_FILE) -> list[dict[str, Any]]:
    """Each species of the file as the model's fields, with its source's words."""
    content = yamlfiles.safe_load(path.read_text(encoding="utf-8"))
    sources = content["sources"]
    rows = []
    for item in content["species"]:
        names = item.get("names") or {}
        rows.append(
            {
                "latin_name": item["latin_name"],
                "rank": item["rank"],
                "name_kk": names.get("kk", ""),
                "name_ru": names.get("ru", ""),
                "name_en": names.get("en", ""),
                "source": sources[item["source"]],
            }
        )
    return rows
