"""Forms of the audit application, one per step. They validate; services save."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import SizeClass
from trinno_portal.accounts.validators import normalize_vat_number
from trinno_portal.lib import formfields

from .rules import add_months

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class _Form(forms.Form):
    """Forms rendered inside the page's own <form> (the step template owns the buttons)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(_Form):
    project_summary = forms.CharField(
        label=_("What the audit will examine"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Processes, machines and business areas the audit will cover."),
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())

    def __init__(self, *args, project_months: int = 6, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project_months = project_months
        self.fields["planned_end"].help_text = _("The project lasts at most %(months)s months.") % {
            "months": project_months
        }

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        today = timezone.localdate()
        if start and start < today:
            self.add_error("planned_start", _("The project cannot start before today."))
        if start and end:
            if end < start:
                self.add_error("planned_end", _("The end must come after the start."))
            elif end > add_months(start, self.project_months):
                self.add_error(
                    "planned_end",
                    _("The project lasts more than %(months)s months: the latest end is %(d)s.")
                    % {
                        "months": self.project_months,
                        "d": add_months(start, self.project_months).strftime("%d/%m/%Y"),
                    },
                )
        return data


class ProviderForm(_Form):
    provider_name = forms.CharField(label=_("Provider"), max_length=250)
    provider_vat_number = forms.CharField(label=_("Provider's Partita IVA"), max_length=20)
    provider_requirements = forms.CharField(
        label=_("How the provider meets the catalogue's requirements for service A.1"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "Qualifications, experience with Industry 4.0 audits, certified staff; attach "
            "the evidence in the documents step."
        ),
    )

    def clean_provider_vat_number(self) -> str:
        return normalize_vat_number(self.cleaned_data["provider_vat_number"])


class CostItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=250)
    amount = formfields.DecimalField(label=_("Amount (EUR, VAT excluded)"), **MONEY)


class _Formset(forms.BaseFormSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.template = "bootstrap5/table_inline_formset.html"

    def filled(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


class _CostFormset(_Formset):
    empty_message = _("Add at least one cost item.")

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.filled():
            raise forms.ValidationError(self.empty_message)


class _InvoiceFormset(_CostFormset):
    empty_message = _("Add at least one invoice.")


CostItemFormSet = forms.formset_factory(
    CostItemForm, formset=_CostFormset, extra=3, can_delete=True, max_num=20, validate_max=True
)


class StampForm(_Form):
    serial = forms.CharField(
        label=_("Stamp duty serial number"),
        max_length=14,
        min_length=14,
        validators=[RegexValidator(r"^\d{14}$", _("The serial number has 14 digits."))],
        help_text=_("The 14 digits printed on the 16 EUR revenue stamp kept with the application."),
    )


class SimulatorForm(forms.Form):
    size_class = forms.ChoiceField(
        label=_("Size class"),
        choices=[c for c in SizeClass.choices if c[0] != SizeClass.LARGE],
    )
    investment = formfields.DecimalField(
        label=_("Planned investment (EUR, VAT excluded)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
    )


class FinalReportForm(_Form):
    summary = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )
    results = forms.CharField(
        label=_("Results and next steps"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )


class InvoiceForm(forms.Form):
    number = forms.CharField(label=_("Invoice number"), max_length=50)
    issued_on = forms.DateField(label=_("Invoice date"), widget=DateInput())
    supplier = forms.CharField(label=_("Supplier"), max_length=250)
    amount = formfields.DecimalField(label=_("Amount (EUR, VAT excluded)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), required=False)


InvoiceFormSet = forms.formset_factory(
    InvoiceForm, formset=_InvoiceFormset, extra=2, can_delete=True, max_num=30, validate_max=True
)
