"""Forms of the innovation-services application. They validate; services save.

The services formset offers the services of the edition in force and checks the call's
rules (catalogue/rules_call.py) before anything is saved, so bad input comes back with a
message on the row or above the table, and with everything the applicant typed.
"""

from collections.abc import Mapping
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.validators import normalize_vat_number
from trinno_portal.lib import formfields

from . import rules_call
from .models import Edition, Service

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class ProjectForm(forms.Form):
    project_summary = forms.CharField(
        label=_("What the services will achieve"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The innovation the company expects from the services, in a few lines."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ServiceRequestForm(forms.Form):
    service = forms.CharField(label=_("Catalogue service"), widget=forms.Select)
    provider_name = forms.CharField(label=_("Provider"), max_length=250)
    provider_vat_number = forms.CharField(label=_("Provider's Partita IVA"), max_length=20)
    provider_requirements = forms.CharField(
        label=_("How the provider meets the service's requirements"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    cost = formfields.DecimalField(label=_("Cost (EUR, VAT excluded)"), **MONEY)

    def __init__(self, *args, edition: Edition, services: Mapping[str, Service], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.services = services
        digital = gettext("digital")
        self.fields["service"].widget.choices = [("", "---------")] + [
            (code, f"{code} · {s.display_name}" + (f" ({digital})" if s.is_digital else ""))
            for code, s in services.items()
        ]

    def clean_service(self) -> str:
        code = self.cleaned_data["service"].strip().upper()
        if code not in self.services:
            raise forms.ValidationError(
                _(
                    "Service %(code)s is not in the catalogue edition in force (edition "
                    "%(number)s): choose one of its services."
                ),
                code="not_in_edition",
                params={"code": code, "number": self.edition.number},
            )
        return code

    def clean_provider_vat_number(self) -> str:
        return normalize_vat_number(self.cleaned_data["provider_vat_number"])


class BaseServiceRequestFormSet(forms.BaseFormSet):
    def __init__(self, *args, size_class: str, size_label: str, rules: Mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.size_class = size_class
        self.size_label = size_label
        self.rules = rules
        self.funding: rules_call.CatalogueFunding | None = None
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

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = self.filled()
        if not rows:
            raise forms.ValidationError(_("Request at least one service."))
        seen: set[str] = set()
        for form in self.forms:
            code = (form.cleaned_data or {}).get("service")
            if code and not form.cleaned_data.get("DELETE"):
                if code in seen:
                    form.add_error("service", _("Each service can be requested once."))
                seen.add(code)
        if any(self.errors):
            return
        services = self.forms[0].services
        lines = [
            rules_call.ServiceLine(
                code=row["service"],
                cost=row["cost"],
                min_cost=services[row["service"]].min_cost,
                max_cost=services[row["service"]].max_cost,
                intensity=services[row["service"]].intensity_for(self.size_class),
                is_digital=services[row["service"]].is_digital,
            )
            for row in rows
        ]
        self.funding = rules_call.catalogue_funding(lines, self.size_label, self.rules)
        by_code = {line.code: line for line in self.funding.lines}
        for form in self.forms:
            code = (form.cleaned_data or {}).get("service")
            if code and not form.cleaned_data.get("DELETE") and not by_code[code].eligible:
                form.add_error("cost", by_code[code].reason)
        if not self.funding.cost_ok:
            raise forms.ValidationError(self.funding.cost_reason)


ServiceRequestFormSet = forms.formset_factory(
    ServiceRequestForm,
    formset=BaseServiceRequestFormSet,
    extra=2,
    can_delete=True,
    max_num=15,
    validate_max=True,
)


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
