"""Exhaust imports within limits: refused rows capped with how many more, from the command
line as on the page; a person who may not import is refused before the file is read."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from jasyl.domain.exhaust.models import ExhaustCheck
from jasyl.domain.exhaust.services import import_checks
from jasyl.domain.exhaust.tests.test_services import HEADER
from jasyl.domain.people.access import access_for
from jasyl.testing.bombs import gigabyte_bomb


def test_the_command_names_the_first_refused_rows_and_how_many_more(posts, tmp_path, settings):
    settings.JASYL_IMPORT_MAX_ERRORS = 100
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join([HEADER, *(f"Z,2023-01-01 10:{n % 60:02},M1,petrol" for n in range(250))]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import", "exhaust-checks", str(path))
    message = str(refused.value)
    assert message.count("unknown post “Z”") == 100
    assert message.endswith("and 150 more")
    assert not ExhaustCheck.objects.exists()


def test_someone_outside_the_item_is_refused_before_the_file_is_read(posts, roadmap, team):
    bomb = gigabyte_bomb()
    started = time.monotonic()
    with pytest.raises(PermissionDenied):
        import_checks(
            programme=roadmap,
            content=bomb,
            file_name="bomb.xlsx",
            by=team["viewer"],
            access=access_for(team["viewer"], roadmap),
        )
    assert time.monotonic() - started < 0.5
