"""The admin writes decimals with their thousands grouped, in the reader's convention,
and leaves every other value to Django (trinno_portal/lib/admin.py: display_for_field)."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils import translation

from trinno_portal.lib.admin import display_for_field

AMOUNT = models.DecimalField(max_digits=12, decimal_places=2)
YEAR = models.PositiveSmallIntegerField()


@pytest.mark.parametrize(("language", "written"), [("it", "1.500.000,00"), ("en", "1,500,000.00")])
def test_it_groups_a_decimal_in_the_readers_convention(language, written):
    with translation.override(language):
        assert display_for_field(Decimal("1500000"), AMOUNT, "—") == written


def test_it_leaves_integers_empty_values_and_choices_to_django():
    with translation.override("it"):
        assert display_for_field(2026, YEAR, "—") == "2026"
        assert display_for_field(None, AMOUNT, "—") == "—"
        rate = models.DecimalField(
            max_digits=5, decimal_places=2, choices=[(Decimal("50"), "half")]
        )
        assert display_for_field(Decimal("50"), rate, "—") == "half"


def test_it_is_what_the_change_list_and_the_read_only_fields_call():
    assert admin_list.display_for_field is display_for_field
    assert helpers.display_for_field is display_for_field
