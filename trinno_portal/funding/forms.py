"""Forms every scheme's applicant pages share."""

import datetime as dt
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib import formfields

from .models import Regulation

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class _InPageForm(forms.Form):
    """Rendered inside the page's own <form> (the template owns the buttons)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AidFormset(forms.BaseFormSet):
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


class AnswerForm(forms.Form):
    """The applicant's answer to a request for information (rendered inside the page's form)."""

    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class DeclaredAidForm(forms.Form):
    granting_body = forms.CharField(label=_("Granting body"), max_length=200)
    measure = forms.CharField(label=_("Measure"), max_length=250, required=False)
    # A blank first choice: an untouched extra row must stay "unchanged" and be skipped.
    regulation = forms.ChoiceField(label=_("Regulation"), choices=[("", "—"), *Regulation.choices])
    granted_on = forms.DateField(label=_("Granted on"), widget=DateInput())
    amount = formfields.DecimalField(label=_("Amount (EUR)"), **MONEY)

    def clean_granted_on(self) -> dt.date:
        value = self.cleaned_data["granted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


DeclaredAidFormSet = forms.formset_factory(
    DeclaredAidForm, formset=AidFormset, extra=2, can_delete=True, max_num=30, validate_max=True
)


class DeMinimisDeclarationForm(_InPageForm):
    declared = forms.BooleanField(
        label=_(
            "I declare that the aid listed above is all the de minimis aid the single "
            "undertaking received in the last three years."
        ),
        required=True,
        error_messages={"required": _("Tick the declaration to go on.")},
    )
