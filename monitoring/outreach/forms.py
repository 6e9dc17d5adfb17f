"""Forms of the outreach's public pages: registration for an event, the survey afterwards,
the "chiedi informazioni" request, and the check-in search."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.geography import PROVINCES
from trinno_portal.accounts.models import Enterprise
from trinno_portal.accounts.validators import normalize_vat_number

from .models import AttendeeKind, SupplyChain, Topic

_PROVINCE_CHOICES = [("", "---------"), *PROVINCES]


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am registering"), choices=AttendeeKind.choices, widget=forms.RadioSelect
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise on the portal"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("One of the enterprises you act for; or write name and Partita IVA below."),
    )
    company_name = forms.CharField(label=_("Company name"), max_length=250, required=False)
    vat_number = forms.CharField(label=_("Partita IVA"), max_length=20, required=False)
    supply_chain = forms.ChoiceField(
        label=_("Supply chain"), choices=[("", "---------"), *SupplyChain.choices], required=False
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=_PROVINCE_CHOICES,
        required=False,
        help_text=_("Of the company's seat, or where you live."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["enterprise"].queryset = Enterprise.objects.filter(
                memberships__user=user
            ).order_by("legal_name")
            self.fields["full_name"].initial = user.full_name
            self.fields["email"].initial = user.email
        else:
            del self.fields["enterprise"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AttendeeKind.ENTERPRISE and not cleaned.get("enterprise"):
            if not (cleaned.get("company_name") or "").strip():
                self.add_error("company_name", _("Write the company's name."))
            if not cleaned.get("vat_number"):
                self.add_error("vat_number", _("Write the company's Partita IVA."))
            else:
                try:
                    cleaned["vat_number"] = normalize_vat_number(cleaned["vat_number"])
                except ValidationError as exc:
                    self.add_error("vat_number", exc)
            if not cleaned.get("supply_chain"):
                self.add_error("supply_chain", _("Choose the company's supply chain."))
        if not cleaned.get("enterprise") and not cleaned.get("province"):
            self.add_error("province", _("Choose a province."))
        return cleaned


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how would you rate the event?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    useful = forms.TypedChoiceField(
        label=_("Was it useful for your work?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments and suggestions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AdviceRequestForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    company_name = forms.CharField(label=_("Company name"), max_length=250, required=False)
    vat_number = forms.CharField(label=_("Partita IVA"), max_length=20, required=False)
    province = forms.ChoiceField(label=_("Province"), choices=_PROVINCE_CHOICES, required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    enquiry = forms.CharField(
        label=_("Your question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean_vat_number(self) -> str:
        value = self.cleaned_data["vat_number"]
        return normalize_vat_number(value) if value else ""


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or company"), max_length=100, required=False)
