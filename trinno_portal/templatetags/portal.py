"""Template filters of the whole portal."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def eur(value: Decimal | None) -> str:
    """An amount in the active language's format, with thousands: 4.500,00 EUR."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value, '2g')} EUR"


@register.filter
def size_label(value: str) -> str:
    """A size class's label (micro, piccola, media) for its code (micro, small, medium)."""
    from trinno_portal.accounts.models import SizeClass

    try:
        return str(SizeClass(value).label)
    except ValueError:
        return value
