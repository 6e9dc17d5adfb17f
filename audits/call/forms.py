"""Forms of the audit application, one per step. They validate; services save."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.call import services
from audits.call.rules import add_months
from trinno_portal.accounts.models import SizeClass
from trinno_portal.accounts.validators import normalize_vat_number
from trinno_portal.funding.forms import AidFormset
from trinno_portal.lib.forms import DateField, MoneyField
from trinno_portal.signatures.stamp_duty import stamp_duty_of

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class _Form(forms.Form):
    """Forms rendered inside the page's own <form> (the step template owns the buttons)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ProjectForm(_Form):
    project_summary = forms.CharField(
        label=_("What the audit will examine"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Processes, machines and business areas the audit will cover."),
    )
    planned_start = DateField(label=_("Planned start"))
    planned_end = DateField(label=_("Planned end"))

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
    amount = MoneyField(label=_("Amount (EUR, VAT excluded)"), **MONEY)


class _CostFormset(AidFormset):
    empty_message = _("Add at least one cost item.")

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.filled():
            raise forms.ValidationError(self.empty_message)


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
    issued_on = DateField(
        label=_("Issue date of the stamp"),
        help_text=_(
            "Keep the original stamp: it pays for this application only, and Arezzo "
            "Innovazione may ask to see it."
        ),
    )


class SimulatorForm(forms.Form):
    size_class = forms.ChoiceField(
        label=_("Size class"),
        choices=[c for c in SizeClass.choices if c[0] != SizeClass.LARGE],
    )
    investment = MoneyField(
        label=_("Planned investment (EUR, VAT excluded)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
    )


# --- The steps of the application (audits/call/scheme.py lists them) -----------------
# Each step: the forms built from the draft (data None on GET) and their save through the
# step's service under the draft's version (funding/journey/views.py calls both).


def project_forms(application, data=None) -> dict:
    audit = application.audit
    initial = {
        "project_summary": audit.project_summary,
        "planned_start": audit.planned_start,
        "planned_end": audit.planned_end,
    }
    months = int(application.call.rules.get("project_months", 6))
    return {"form": ProjectForm(data, initial=initial, project_months=months)}


def project_save(*, application, forms, version: int) -> None:
    services.audit_project_update(
        application=application, version=version, **forms["form"].cleaned_data
    )


def provider_forms(application, data=None) -> dict:
    audit = application.audit
    initial = {
        "provider_name": audit.provider_name,
        "provider_vat_number": audit.provider_vat_number,
        "provider_requirements": audit.provider_requirements,
    }
    return {"form": ProviderForm(data, initial=initial)}


def provider_save(*, application, forms, version: int) -> None:
    services.audit_provider_update(
        application=application, version=version, **forms["form"].cleaned_data
    )


def costs_forms(application, data=None) -> dict:
    initial = [
        {"description": c.description, "amount": c.amount} for c in application.cost_items.all()
    ]
    return {"formset": CostItemFormSet(data, initial=initial, prefix="costs")}


def costs_save(*, application, forms, version: int) -> None:
    items = [(r["description"], r["amount"]) for r in forms["formset"].filled()]
    services.audit_costs_replace(application=application, version=version, items=items)


def stamp_forms(application, data=None) -> dict:
    stamp = stamp_duty_of(application)
    initial = {
        "serial": application.audit.stamp_duty_serial,
        "issued_on": stamp.issued_on if stamp else None,
    }
    return {"form": StampForm(data, initial=initial)}


def stamp_save(*, application, forms, version: int) -> None:
    data = forms["form"].cleaned_data
    services.audit_stamp_update(
        application=application,
        version=version,
        serial=data["serial"],
        issued_on=data["issued_on"],
    )
