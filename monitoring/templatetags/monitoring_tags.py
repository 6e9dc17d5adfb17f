"""Formatting of indicator values: one place, so that page, PDF and tests agree."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from trinno_portal.templatetags.portal import eur

register = template.Library()


@register.filter
def indicator_value(value: Decimal | None, unit: str) -> str:
    """Euros as "4.500,00 EUR", counts as "1.234" (in the active language's format)."""
    if value is None:
        return "—"
    if unit == "eur":
        return eur(value)
    return floatformat(value, "0g")


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{floatformat(value, '1g')} %"


@register.filter
def isodate(value: str | None):
    """A date the report's content keeps as ISO text, back as a date for |date."""
    import datetime as dt

    if not value:
        return None
    return dt.date.fromisoformat(value)
