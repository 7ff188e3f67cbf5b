"""The refusals of registry writes."""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """A refused write, with a message for the person who tried it (and the field, if one)."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
