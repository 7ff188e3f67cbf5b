"""The API's JSON parser: a body nested too deeply is refused before it is parsed.

Python's `json` recurses once per level of nesting: ten thousand nested arrays reach the
interpreter's recursion limit and the request ends in a 500. The depth is therefore counted
first, on the text with its strings removed and without recursion, and a body nested deeper than
`JASYL_API_MAX_JSON_DEPTH` is refused with 400. (The body's size is bounded before this: DRF
reads it through Django's `request.body`, which refuses one past `DATA_UPLOAD_MAX_MEMORY_SIZE`;
`errors.py` answers that 413.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

# New in DRF 3.18.3 (text encodings only); the type stubs stop at 3.16.
from rest_framework.parsers import get_encoding  # type: ignore[attr-defined]
from rest_framework.utils import json

# A JSON string: a quote, then characters other than a quote or a backslash, or escapes.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_AS_PARENTHESES = str.maketrans("[{]}", "(())")


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest more than `limit` levels deep.
    Brackets inside strings do not count. Each pass removes the innermost pairs, so a pair left
    after `limit` passes is deeper; a run of openers longer than the levels left says so at once.
    No recursion, and each pass runs at C speed."""
    pairs = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).translate(_AS_PARENTHESES)
    for passes in range(limit):
        if "(" * (limit - passes + 1) in pairs:
            return True
        inner_removed = pairs.replace("()", "")
        if inner_removed == pairs:
            break
        pairs = inner_removed
    return "()" in pairs


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a body nested deeper than `JASYL_API_MAX_JSON_DEPTH`."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = get_encoding(parser_context or {})  # text encodings only, as DRF's own
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(
                _("The body is not valid %(encoding)s text.") % {"encoding": encoding}
            ) from error
        deepest = settings.JASYL_API_MAX_JSON_DEPTH
        if nested_deeper_than(text, deepest):
            raise exceptions.ParseError(
                _("The JSON nests arrays and objects more than %(limit)s levels deep.")
                % {"limit": deepest}
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as error:
            raise exceptions.ParseError(
                _("The body is not valid JSON: %(error)s") % {"error": error}
            ) from error
