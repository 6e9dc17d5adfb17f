"""Form fields for numbers, money and dates in the reader's language, for every form.

Django writes a bound form's values in the active language's format (USE_L10N is always
on since Django 5) but its DecimalField reads back only what Decimal() reads, and its
DateInput writes 10/03/2015 into an <input type="date">, which browsers show blank because
the HTML value of a date input is always ISO 8601 (HTML Living Standard, "valid date
string"). So an Italian form failed on its own values. Every form of the portal takes its
number and date fields from here; tests/portal/test_localized_forms.py fails on any
form field that does not.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .numbers import NumberFormatError, format_decimal, parse_decimal


def separators() -> tuple[str, str]:
    """(decimal, group) separators of the active language (Django's format files)."""
    return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


def number_format(value: Decimal | int, places: int | None = None) -> str:
    """`value` in the active language's format, thousands grouped: 3.200.000,00 in Italian."""
    decimal_sep, group_sep = separators()
    return format_decimal(value, decimal_sep=decimal_sep, group_sep=group_sep, places=places)


class DecimalInput(forms.TextInput):
    """A text input, not <input type="number">: browsers refuse or silently change
    thousands separators in number inputs, and read the comma by the browser's language,
    not the page's. inputmode still brings up the numeric keyboard on phones."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalizedDecimalField(forms.DecimalField):
    """A number typed as the reader writes it (trinno_portal.lib.numbers.parse_decimal),
    shown back in the same format, with messages that say what is expected."""

    widget = DecimalInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("localize", None)
        super().__init__(*args, **kwargs)

    def _example(self) -> str:
        places = self.decimal_places if self.decimal_places is not None else 2
        return number_format(Decimal("1440"), places=min(places, 2))

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int):
            return Decimal(value)
        decimal_sep, group_sep = separators()
        try:
            return parse_decimal(str(value), decimal_sep=decimal_sep, group_sep=group_sep)
        except NumberFormatError as exc:
            raise ValidationError(
                _("Write a number such as %(example)s or %(big)s."),
                code="invalid",
                params={"example": self._example(), "big": number_format(Decimal(3200000))},
            ) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return number_format(value)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict:
        # No step/min/max: they belong to <input type="number">.
        return forms.Field.widget_attrs(self, widget)

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except ValidationError as exc:
            raise ValidationError([self._localized(e) for e in exc.error_list]) from exc

    def _localized(self, error: ValidationError) -> ValidationError:
        """Limits in the messages written as the reader writes numbers (0,01, not 0.01)."""
        params = dict(error.params or {})
        for key in ("limit_value", "show_value"):
            if isinstance(params.get(key), (Decimal, int)):
                params[key] = number_format(params[key])
        if error.code == "max_decimal_places":
            return ValidationError(
                _("Write at most %(max)s digits after the decimal point, for example %(example)s."),
                code=error.code,
                params={**params, "example": self._example()},
            )
        return ValidationError(error.message, code=error.code, params=params)


class MoneyField(LocalizedDecimalField):
    """Euros with cents, as typed: 1.440,00 or 2500 in Italian, 1,440.00 in English."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return number_format(value, places=self.decimal_places)
        return value


class DateInput(forms.DateInput):
    """<input type="date">: its value is ISO 8601 whatever the page's language; the browser
    shows it in the reader's format."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from the date input (ISO 8601, which the DATE_INPUT_FORMATS of both
    languages read) or typed in the reader's format where the browser has no date picker
    (10/03/2015 in Italian)."""

    widget = DateInput
    default_error_messages = {"invalid": _("Enter a date such as 2015-03-10.")}


def localized_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Meta.formfield_callback of every ModelForm: the model's decimal and date fields
    become the fields above, so that a field added to the model later is covered too."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", LocalizedDecimalField)
    elif isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
        kwargs.setdefault("widget", DateInput)
    return db_field.formfield(**kwargs)


class PortalModelForm(forms.ModelForm):
    """A ModelForm whose generated number and date fields read the reader's format."""

    class Meta:
        formfield_callback = localized_formfield
