"""Forms of the final report, shared by the schemes with a final report (the audit's
pages and the shared aftercare pages). They validate; services save."""

import datetime as dt

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.forms import MONEY, AidFormset, _InPageForm
from trinno_portal.lib.forms import DateField, MoneyField


class FinalReportForm(_InPageForm):
    summary = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )
    results = forms.CharField(
        label=_("Results and next steps"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )


class InvoiceForm(forms.Form):
    """One invoice of the final report. The dates are checked where they are typed:
    costs count only if invoiced and paid after the application date (brief, sec. 2;
    rules.invoice_line), an invoice is not paid before it exists, and nothing is dated in
    the future."""

    number = forms.CharField(label=_("Invoice number"), max_length=50)
    issued_on = DateField(label=_("Invoice date"))
    supplier = forms.CharField(label=_("Supplier"), max_length=250)
    amount = MoneyField(label=_("Amount (EUR, VAT excluded)"), **MONEY)
    paid_on = DateField(label=_("Paid on"), required=False)

    def __init__(self, *args, applied_on: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.applied_on = applied_on

    def clean(self) -> dict:
        data = super().clean()
        issued, paid = data.get("issued_on"), data.get("paid_on")
        today = timezone.localdate()
        for name, day in (("issued_on", issued), ("paid_on", paid)):
            if day and day > today:
                self.add_error(name, _("This date is in the future."))
        if issued and paid and paid < issued:
            self.add_error("paid_on", _("The payment cannot precede the invoice."))
        if self.applied_on and issued and issued < self.applied_on:
            self.add_error(
                "issued_on",
                _(
                    "Invoiced before the application date (%(day)s): it cannot count. Only "
                    "costs invoiced and paid after the application count."
                )
                % {"day": formats.date_format(self.applied_on, "SHORT_DATE_FORMAT")},
            )
        return data


class _InvoiceFormset(AidFormset):
    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.filled():
            raise forms.ValidationError(_("Add at least one invoice."))


InvoiceFormSet = forms.formset_factory(
    InvoiceForm, formset=_InvoiceFormset, extra=2, can_delete=True, max_num=30, validate_max=True
)


def typed_invoices(data) -> list[dict]:
    """The invoice rows as typed before an upload, re-shown unvalidated: an upload of the
    final report's page loses nothing typed."""
    total = data.get("inv-TOTAL_FORMS", "0")
    count = min(int(total), 30) if total.isdigit() else 0
    fields = ("number", "issued_on", "supplier", "amount", "paid_on")
    rows = [{f: data.get(f"inv-{n}-{f}", "") for f in fields} for n in range(count)]
    return [r for r in rows if any(r.values())]
