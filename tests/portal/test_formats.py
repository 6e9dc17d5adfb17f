"""Dates in the two languages of the portal (trinno_portal/formats/, locale/it)."""

import datetime as dt

import pytest
from django import forms
from django.utils import formats, translation

DAY = dt.date(2015, 3, 10)


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("it", "10 marzo 2015", "10/03/2015"), ("en", "10 March 2015", "10/03/2015")],
)
def test_it_writes_dates_as_each_language_does(language, long, short):
    with translation.override(language):
        assert formats.date_format(DAY) == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short


def test_italian_months_are_lower_case_in_every_date():
    with translation.override("it"):
        for month in range(1, 13):
            written = formats.date_format(dt.date(2026, month, 1))
            assert written == written.lower(), written


def test_an_english_reader_types_the_day_first():
    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("10/03/2015") == DAY
        assert field.clean("2015-03-10") == DAY
