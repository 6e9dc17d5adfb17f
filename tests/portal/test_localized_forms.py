"""Numbers, money and dates in every form of the portal: typed as the reader writes them,
shown back the same way, refused with a message that says what is expected."""

import datetime as dt
import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from trinno_portal.lib.forms import (
    DateField,
    DateInput,
    LocalizedDecimalField,
    MoneyField,
    PortalModelForm,
    localized_formfield,
)

PACKAGES = ["trinno_portal", "audits", "catalogue", "vouchers", "monitoring"]
# The admin renders model forms with its own widgets (AdminDateWidget writes and reads
# the language's format); the month picker of the ranking sends "2026-11".
ADMIN_ONLY = {
    "EnvelopeForm",
    "CallForm",
    "EnterpriseAdminForm",
    "ServiceAdminForm",
    "UserChangeAdminForm",
    "UserCreationAdminForm",
}
MONTH_FIELDS = {("RankingBuildForm", "month")}


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)
    seen, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in PACKAGES and sub not in seen:
                seen.append(sub)
    return seen


def test_it_finds_the_forms_of_every_app():
    modules = {cls.__module__.split(".")[0] for cls in _project_form_classes()}
    assert modules == set(PACKAGES)


def test_every_number_and_date_field_of_every_form_reads_the_readers_format():
    wrong = []
    for cls in _project_form_classes():
        if cls.__name__ in ADMIN_ONLY:
            continue
        for name, field in cls.base_fields.items():
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if isinstance(field, forms.DecimalField) and not isinstance(
                field, LocalizedDecimalField
            ):
                wrong.append(f"{where}: a DecimalField (use lib.forms.MoneyField)")
            if isinstance(field, forms.FloatField):
                wrong.append(f"{where}: a FloatField (use lib.forms.LocalizedDecimalField)")
            if (
                isinstance(field, forms.DateField)
                and not isinstance(field, forms.DateTimeField)
                and (cls.__name__, name) not in MONTH_FIELDS
                and not isinstance(field.widget, DateInput)
            ):
                wrong.append(f"{where}: a date without lib.forms.DateInput")
            if getattr(field.widget, "input_type", "") == "number" and not isinstance(
                field, forms.IntegerField
            ):
                wrong.append(f"{where}: <input type=number> for a decimal")
    assert not wrong, "\n".join(wrong)


def test_every_model_form_generates_its_fields_through_the_portal_callback():
    wrong = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _project_form_classes()
        if issubclass(cls, forms.ModelForm)
        and cls.__name__ not in ADMIN_ONLY
        and not (
            issubclass(cls, PortalModelForm) and cls._meta.formfield_callback is localized_formfield
        )
    ]
    assert not wrong, f"ModelForms that do not extend lib.forms.PortalModelForm: {wrong}"


class _Money(forms.Form):
    amount = MoneyField(label="amount", min_value=Decimal("0.01"))
    hours = LocalizedDecimalField(label="hours", max_digits=6, decimal_places=1)
    day = DateField(label="day")


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        ("it", "3.200.000", "3200000"),
        ("it", "1.440,00", "1440.00"),
        ("it", "2500", "2500"),
        ("it", "€ 2.400,50", "2400.50"),
        ("en", "1,440.00", "1440.00"),
        ("en", "3,200,000", "3200000"),
        ("en", "2500", "2500"),
    ],
)
def test_a_money_field_takes_the_readers_format(language, typed, expected):
    with translation.override(language):
        form = _Money({"amount": typed, "hours": "1", "day": "2015-03-10"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(expected)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("it", 'value="3.200.000,00"'), ("en", 'value="3,200,000.00"')],
)
def test_a_money_field_shows_its_value_in_the_readers_format(language, shown):
    with translation.override(language):
        html = str(_Money(initial={"amount": Decimal("3200000")})["amount"])
    assert shown in html
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html


def test_a_date_is_written_in_iso_for_the_date_input_in_both_languages():
    for language in ("it", "en"):
        with translation.override(language):
            html = str(_Money(initial={"day": dt.date(2015, 3, 10)})["day"])
        assert 'type="date"' in html and 'value="2015-03-10"' in html


@pytest.mark.parametrize(
    ("language", "typed"), [("it", "10/03/2015"), ("it", "2015-03-10"), ("en", "2015-03-10")]
)
def test_a_date_is_read_from_the_picker_or_as_typed(language, typed):
    with translation.override(language):
        form = _Money({"amount": "1", "hours": "1", "day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2015, 3, 10)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("it", "3.2.00", "Scrivi un numero come 1.440,00 o 3.200.000"),
        ("it", "dieci", "Scrivi un numero come 1.440,00 o 3.200.000"),
        ("en", "1,44,0", "Write a number such as 1,440.00 or 3,200,000"),
        ("it", "10,555", "al massimo 2 cifre dopo la virgola"),
        ("en", "10.555", "at most 2 digits after the decimal point"),
        ("it", "0", "maggiore o uguale a 0,01"),
    ],
)
def test_a_wrong_number_is_refused_with_what_is_expected(language, typed, message):
    with translation.override(language):
        form = _Money({"amount": typed, "hours": "1", "day": "2015-03-10"})
        assert not form.is_valid()
        assert message in " ".join(form.errors["amount"])


def test_a_wrong_date_says_how_to_write_it():
    with translation.override("it"):
        form = _Money({"amount": "1", "hours": "1", "day": "31/02/2015"})
        assert not form.is_valid()
        assert "10/03/2015" in " ".join(form.errors["day"])
