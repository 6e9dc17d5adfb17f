"""Forms of the payment claims and of their checks. They validate; services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.validators import normalize_vat_number
from trinno_portal.funding.forms import MONEY, AidFormset
from trinno_portal.funding.payments import rules
from trinno_portal.funding.payments.models import ClaimKind
from trinno_portal.lib.forms import DateField, MoneyField

LINE_FIELDS = (
    "number",
    "issued_on",
    "supplier",
    "supplier_vat",
    "taxable",
    "vat",
    "invoice_cup",
    "paid_on",
    "transfer_reference",
)


class ClaimForm(forms.Form):
    # Not "kind": the upload form on the same page has its own "kind".
    claim_kind = forms.ChoiceField(label=_("Kind of claim"))
    requested = MoneyField(label=_("Amount requested (EUR)"), **MONEY)

    def __init__(self, *args, kinds=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ClaimKind.choices)
        self.fields["claim_kind"].choices = [(k, labels[k]) for k in kinds]


class LineForm(forms.Form):
    number = forms.CharField(label=_("Invoice number"), max_length=50)
    issued_on = DateField(label=_("Invoice date"))
    supplier = forms.CharField(label=_("Supplier"), max_length=250)
    supplier_vat = forms.CharField(label=_("Supplier's Partita IVA"), max_length=16)
    taxable = MoneyField(label=_("Taxable amount (EUR)"), **MONEY)
    vat = MoneyField(label=_("VAT (EUR)"), max_digits=12, decimal_places=2, min_value=0)
    invoice_cup = forms.CharField(label=_("CUP written on the invoice"), max_length=20)
    paid_on = DateField(label=_("Paid on"))
    transfer_reference = forms.CharField(
        label=_("Bank transfer reference (CRO/TRN)"), max_length=60
    )

    def clean_supplier_vat(self) -> str:
        return normalize_vat_number(self.cleaned_data["supplier_vat"])

    def clean_invoice_cup(self) -> str:
        return rules.cup_normalize(self.cleaned_data["invoice_cup"])


LineFormSet = forms.formset_factory(
    LineForm, formset=AidFormset, extra=2, can_delete=True, max_num=50, validate_max=True
)


def typed_lines(data) -> list[dict]:
    """The lines as typed before an upload, shown again unvalidated: nothing is lost."""
    total = data.get("line-TOTAL_FORMS", "0")
    count = min(int(total), 50) if total.isdigit() else 0
    rows = [{f: data.get(f"line-{n}-{f}", "") for f in LINE_FIELDS} for n in range(count)]
    return [r for r in rows if any(r.values())]


class CheckLineForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    eligible = MoneyField(label=_("Eligible (EUR)"), max_digits=12, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


CheckLineFormSet = forms.formset_factory(CheckLineForm, extra=0)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the claim is refused"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class SecondLevelForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Approve")), ("0", _("Refuse and return to the officer"))],
        coerce=lambda v: v == "1",
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )


class OrderForm(forms.Form):
    iban = forms.CharField(label=_("Beneficiary's IBAN"), max_length=42)


class PaymentForm(forms.Form):
    paid_on = DateField(label=_("Paid on"))
    amount = MoneyField(label=_("Amount paid (EUR)"), **MONEY)
    reference = forms.CharField(label=_("Payment reference"), max_length=60)
