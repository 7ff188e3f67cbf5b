"""Dates name their month in every language, so that none reads two ways (12/03/2026); typed
dates are ISO."""

import datetime

import pytest
from django import forms
from django.utils import formats, translation

DAY = datetime.date(2026, 12, 3)
MOMENT = datetime.datetime(2026, 12, 3, 14, 5)


@pytest.mark.parametrize(
    ("language", "short", "long", "moment"),
    [
        ("kk", "2026 ж. 3 жел.", "2026 ж. 3 жел.", "2026 ж. 3 жел. 14:05"),
        ("ru", "3 декабря 2026", "3 декабря 2026 г.", "3 декабря 2026 14:05"),
        ("en", "3 Dec 2026", "3 December 2026", "3 Dec 2026 14:05"),
    ],
)
def test_a_date_names_its_month(language, short, long, moment):
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(DAY) == long
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_typed_date_is_iso_and_never_month_first(language):
    field = forms.DateField()
    with translation.override(language):
        assert field.clean("2026-12-03") == DAY
        with pytest.raises(forms.ValidationError):
            field.clean("12/03/2026")
